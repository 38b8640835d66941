with

source as (
    select * from {{ source('raw', 'raw_tiktok_viewers') }}
),

renamed as (
    select
        activity_date,
        total_viewers,
        new_viewers,
        returning_viewers,
        {{ lineage_columns() }}
    from source
)

select * from renamed
