with

source as (
    select * from {{ source('raw', 'raw_youtube_videos') }}
),

renamed as (
    select
        video_id,
        video_title,
        published_at,
        duration_seconds,
        views,
        watch_time_hours,
        subscribers_net,
        subscribers_gained,
        subscribers_lost,
        impressions,
        impressions_ctr_pct,
        average_view_duration_seconds,
        engaged_views,
        likes,
        shares,
        comments,
        extra_metrics,
        {{ lineage_columns() }}
    from source
)

select * from renamed
