with

source as (
    select * from {{ source('raw', 'raw_tiktok_content') }}
),

renamed as (
    select
        video_id,
        video_title,
        video_url,
        posted_date as published_date,
        likes,
        comments,
        shares,
        views,
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
