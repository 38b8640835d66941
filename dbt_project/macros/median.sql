{#- Median of a column as an aggregate (no dbt cross-database macro exists). -#}
{% macro median(expression) -%}
    {{ return(adapter.dispatch('median', 'socialkpi')(expression)) }}
{%- endmacro %}

{% macro default__median(expression) -%}
    percentile_cont(0.5) within group (order by {{ expression }})
{%- endmacro %}

{% macro duckdb__median(expression) -%}
    median({{ expression }})
{%- endmacro %}

{% macro bigquery__median(expression) -%}
    approx_quantiles({{ expression }}, 2)[offset(1)]
{%- endmacro %}
