{#- One row per (source row, metric) from a wide CTE, as union all branches
    (portable; no UNPIVOT). metrics maps the canonical metric name to the
    source column. The CTE must carry the staging lineage columns. -#}
{% macro unpivot_metrics(cte, source_format, metrics) -%}
    {%- for metric_name, column in metrics.items() %}
    select
        platform,
        account_folder,
        activity_date,
        '{{ metric_name }}' as metric_name,
        cast({{ column }} as {{ dbt.type_bigint() }}) as metric_value,
        '{{ source_format }}' as source_format,
        export_date,
        load_seq,
        source_row,
        loaded_at
    from {{ cte }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}
