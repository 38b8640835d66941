-- One row per landed source (file or zip member): what was loaded or quarantined and why.
with

manifest as (
    select * from {{ ref('stg_ops__file_manifest') }}
),

final as (
    select
        cast(source_file as varchar) as source_file,
        cast(content_hash as varchar) as content_hash,
        cast(platform as varchar) as platform,
        cast(account_folder as varchar) as account_name,
        cast(export_date as date) as export_date,
        cast(format_name as varchar) as format_name,
        cast(load_status as varchar) as load_status,
        cast(duplicate_of as varchar) as duplicate_of,
        cast(rows_read as bigint) as rows_read,
        cast(rows_loaded as bigint) as rows_loaded,
        cast(rows_quarantined as bigint) as rows_quarantined,
        cast(cells_nulled as bigint) as cells_nulled,
        cast(reason as varchar) as reason,
        cast(loaded_at as timestamp) as loaded_at
    from manifest
)

select * from final
