with

source as (
    select * from {{ source('raw', 'raw_tiktok_follower_history') }}
),

renamed as (
    select
        activity_date,
        followers_total,
        followers_net_change as reported_net_change,
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
