with

source as (
    select * from {{ source('raw', 'raw_tiktok_follower_history') }}
),

renamed as (
    select
        activity_date,
        followers_total,
        followers_net_change as reported_net_change,
        new_followers,
        lost_followers,
        {{ lineage_columns() }}
    from source
)

select * from renamed
