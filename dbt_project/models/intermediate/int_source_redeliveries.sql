-- Identical bytes landed again under a LATER export date of the same account
-- folder. The manifest does not load them twice (same content hash), yet for
-- content whose meaning comes from the export date (undated API snapshots,
-- the zero days of Meta's sparse Follows.csv) the later landing is itself an
-- observation: the same values still held on that later day. Same-folder,
-- same-date re-deliveries (`name (1).csv`) add nothing and are left out.
with

manifest as (
    select * from {{ ref('stg_ops__file_manifest') }}
),

duplicates as (
    select
        source_file as redelivered_source_file,
        duplicate_of as original_source_file,
        platform,
        account_folder,
        export_date,
        load_seq,
        loaded_at
    from manifest
    where load_status = 'duplicate' and duplicate_of is not null
),

originals as (
    select
        source_file,
        platform,
        account_folder,
        export_date
    from manifest
    where load_status = 'loaded'
),

redelivered_later as (
    select distinct
        duplicates.redelivered_source_file,
        duplicates.original_source_file,
        duplicates.platform,
        duplicates.account_folder,
        duplicates.export_date,
        duplicates.load_seq,
        duplicates.loaded_at
    from duplicates
    inner join originals
        on
            duplicates.original_source_file = originals.source_file
            and duplicates.platform = originals.platform
            and duplicates.account_folder = originals.account_folder
            and duplicates.export_date > originals.export_date
)

select * from redelivered_later
