with

source as (
    select * from {{ source('raw', 'raw_x_daily_tweet_activity') }}
),

renamed as (
    select
        activity_date,
        tweets_published,
        {{ x_legacy_activity_columns(follows_name='follows_from_tweets') }},
        {{ lineage_columns() }}
    from source
)

select * from renamed
