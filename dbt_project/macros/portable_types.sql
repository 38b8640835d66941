{#- Double-precision float. dbt.type_float() is FLOAT, a 4-byte REAL on DuckDB
    and Postgres, which would round the KPI ratios. -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'socialkpi')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro bigquery__type_double() -%}
    float64
{%- endmacro %}
