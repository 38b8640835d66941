{#- Every cell set to NULL at ingest is recorded once in quarantine, and nothing else is. -#}
{% test cells_reconcile(model, quarantine) %}
with

recorded as (
    select
        source_file,
        content_hash,
        count(*) as cells_recorded
    from {{ quarantine }}
    where quarantine_scope = 'cell'
    group by source_file, content_hash
)

select
    loads.source_file,
    loads.cells_nulled,
    recorded.cells_recorded
from {{ model }} as loads
full outer join recorded
    on
        loads.source_file = recorded.source_file
        and loads.content_hash = recorded.content_hash
where coalesce(loads.cells_nulled, 0) != coalesce(recorded.cells_recorded, 0)
{% endtest %}
