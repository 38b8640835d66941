with

source as (
    select * from {{ source('raw', 'raw_snapchat_profile_stats') }}
),

renamed as (
    select
        response_shape,
        profile_id,
        asset_type,
        asset_id,
        granularity,
        interval_start,
        interval_end,
        interval_date,
        field_name,
        dimension_breakdown,
        stat_value,
        {{ lineage_columns() }}
    from source
)

select * from renamed
