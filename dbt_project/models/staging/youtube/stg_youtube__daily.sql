with

source as (
    select * from {{ source('raw', 'raw_youtube_daily') }}
),

renamed as (
    select
        activity_date,
        series,
        video_id,
        views,
        engaged_views,
        watch_time_hours,
        subscribers_gained,
        subscribers_lost,
        subscribers_net,
        extra_metrics,
        {{ lineage_columns() }}
    from source
)

select * from renamed
