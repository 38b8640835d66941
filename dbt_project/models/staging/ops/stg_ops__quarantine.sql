with

source as (
    select * from {{ source('raw', 'quarantine') }}
),

renamed as (
    select
        platform,
        account as account_folder,
        export_date,
        source_file,
        content_hash,
        format_name,
        line_number,
        record_number,
        raw_text,
        reason,
        scope as quarantine_scope,
        column_name,
        quarantined_at
    from source
)

select * from renamed
