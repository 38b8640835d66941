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
        {{ lineage_columns() }}
    from source
)

select * from renamed
