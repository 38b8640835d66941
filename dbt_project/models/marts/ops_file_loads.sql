-- One row per landed source (file or zip member): what was loaded or quarantined and why.
with

manifest as (
    select * from {{ ref('stg_ops__file_manifest') }}
),

source_conflicts as (
    select * from {{ ref('int_source_conflicts') }}
),

final as (
    select
        cast(manifest.source_file as varchar) as source_file,
        cast(manifest.content_hash as varchar) as content_hash,
        cast(manifest.platform as varchar) as platform,
        cast(manifest.account_folder as varchar) as account_name,
        cast(manifest.export_date as date) as export_date,
        cast(manifest.format_name as varchar) as format_name,
        cast(manifest.load_status as varchar) as load_status,
        cast(manifest.duplicate_of as varchar) as duplicate_of,
        cast(manifest.rows_read as bigint) as rows_read,
        cast(manifest.rows_loaded as bigint) as rows_loaded,
        cast(manifest.rows_quarantined as bigint) as rows_quarantined,
        cast(manifest.cells_nulled as bigint) as cells_nulled,
        cast(manifest.first_day as date) as first_day,
        cast(manifest.last_day as date) as last_day,
        cast(coalesce(source_conflicts.conflicting_values, 0) as bigint) as conflicting_values,
        cast(source_conflicts.conflict_note as varchar) as conflict_note,
        cast(manifest.reason as varchar) as reason,
        cast(manifest.loaded_at as timestamp) as loaded_at
    from manifest
    left join source_conflicts on manifest.load_seq = source_conflicts.load_seq
)

select * from final
