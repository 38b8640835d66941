{#- Nothing is lost at ingest: every row read was either loaded or quarantined. -#}
{% test rows_reconcile(model) %}
select *
from {{ model }}
where rows_read != rows_loaded + rows_quarantined
{% endtest %}
