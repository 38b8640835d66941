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
        extra_metrics,
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
