with

source as (
    select * from {{ source('raw', 'raw_tiktok_overview') }}
),

renamed as (
    select
        activity_date,
        video_views,
        profile_views,
        likes,
        comments,
        shares,
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
