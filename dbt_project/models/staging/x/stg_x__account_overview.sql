with

source as (
    select * from {{ source('raw', 'raw_x_account_overview') }}
),

renamed as (
    select
        activity_date,
        impressions,
        likes,
        engagements as platform_reported_engagements,
        bookmarks,
        shares,
        new_follows,
        unfollows,
        replies,
        reposts,
        profile_visits,
        posts_created,
        video_views,
        media_views,
        {{ lineage_columns() }}
    from source
)

select * from renamed
