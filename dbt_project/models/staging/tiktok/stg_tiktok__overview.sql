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
        reach,
        new_followers,
        lost_followers,
        {{ lineage_columns() }}
    from source
)

select * from renamed
