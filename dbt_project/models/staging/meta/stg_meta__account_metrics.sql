with

source as (
    select * from {{ source('raw', 'raw_meta_account_metrics') }}
),

renamed as (
    select
        metric as metric_name,
        metric_date as activity_date,
        value as metric_value,
        metric_title,
        {{ lineage_columns() }}
    from source
)

select * from renamed
