with

source as (
    select * from {{ source('raw', 'raw_x_content') }}
),

renamed as (
    select
        post_id,
        posted_date as published_date,
        post_text,
        post_url,
        impressions,
        likes,
        engagements as platform_reported_engagements,
        bookmarks,
        shares,
        new_follows,
        replies,
        reposts,
        profile_visits,
        detail_expands,
        url_clicks,
        hashtag_clicks,
        permalink_clicks,
        {{ lineage_columns() }}
    from source
)

select * from renamed
