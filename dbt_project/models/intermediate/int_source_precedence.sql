-- Which of two sources of one export date wins where they disagree, decided by
-- their content, never by their names or the order they were landed in: the
-- one whose rows reach the later day (the newer window), then the one with more
-- rows, then (identical windows and sizes, different values) the content hash,
-- so that the same files give the same answer whatever they are called.
with

manifest as (
    select * from {{ ref('stg_ops__file_manifest') }}
),

sources as (
    select
        load_seq,
        source_file,
        content_hash,
        last_day,
        rows_loaded
    from manifest
)

select * from sources
