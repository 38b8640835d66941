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
        watch_time_hours,
        subscribers_gained,
        subscribers_lost,
        subscribers_net,
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
