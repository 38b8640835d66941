with

source as (
    select * from {{ source('raw', 'raw_x_tweet_activity') }}
),

renamed as (
    select
        post_id,
        post_url,
        post_text,
        posted_at as published_at_utc,
        {{ x_legacy_activity_columns(follows_name='follows') }},
        {{ lineage_columns() }}
    from source
)

select * from renamed
