with

source as (
    select * from {{ source('raw', 'raw_api_follower_snapshots') }}
),

renamed as (
    select
        snapshot_date as activity_date,
        api_platform,
        account_id as platform_account_id,
        handle as username,
        account_name as display_name,
        followers_total,
        gains as followers_gained,
        losses as followers_lost,
        following_total,
        media_total,
        source_field,
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
