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
        {{ lineage_columns() }}
    from source
)

select * from renamed
