with

source as (
    select * from {{ source('raw', 'raw_instagram_content') }}
),

renamed as (
    select
        post_id,
        account_id as platform_account_id,
        account_username as username,
        account_name as display_name,
        description as post_text,
        duration_sec,
        published_at as published_at_local,
        permalink as post_url,
        post_type,
        data_comment,
        metrics_period,
        views,
        reach,
        likes,
        shares,
        follows,
        comments,
        saves,
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
