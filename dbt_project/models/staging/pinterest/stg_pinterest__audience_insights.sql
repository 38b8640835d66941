with

source as (
    select * from {{ source('raw', 'raw_pinterest_audience_insights') }}
),

renamed as (
    select
        section,
        audience_view,
        audience_date,
        aggregation,
        audience_size,
        category,
        category_id,
        category_share,
        category_affinity,
        label,
        label_id,
        share,
        affinity,
        {{ lineage_columns() }}
    from source
)

select * from renamed
