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
        _platform as platform,
        _account as account_folder,
        _export_date as export_date,
        _load_seq as load_seq,
        _source_file as source_file,
        _source_row as source_row,
        _loaded_at as loaded_at
    from source
)

select * from renamed
