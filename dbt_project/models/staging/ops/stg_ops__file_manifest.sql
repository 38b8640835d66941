with

source as (
    select * from {{ source('raw', 'file_manifest') }}
),

renamed as (
    select
        source_file,
        content_hash,
        platform,
        account as account_folder,
        export_date,
        format_name,
        status as load_status,
        duplicate_of,
        rows_read,
        rows_loaded,
        rows_quarantined,
        coalesce(cells_nulled, 0) as cells_nulled,
        first_day,
        last_day,
        reason,
        load_seq,
        loaded_at
    from source
)

select * from renamed
