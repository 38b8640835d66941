{#- Date arithmetic that returns a DATE on every adapter (dbt.dateadd and
    dbt.date_trunc return timestamps on some, DuckDB included). -#}
{% macro add_days(days, date_expression) -%}
    cast({{ dbt.dateadd('day', days, date_expression) }} as date)
{%- endmacro %}

{# The day an undated snapshot (API snapshot, lifetime post metrics) describes: an export
   covers the days up to the one before it was downloaded. The one place of that rule. #}
{% macro snapshot_day(export_date_expression) -%}
    {{ add_days(-1, export_date_expression) }}
{%- endmacro %}

{% macro period_start(period, date_expression) -%}
    cast({{ dbt.date_trunc(period, date_expression) }} as date)
{%- endmacro %}

{#- Last day of the day, week or month that starts on period_start_date. -#}
{% macro period_end(period, period_start_date) -%}
    {%- if period == 'day' -%}
        {{ period_start_date }}
    {%- elif period == 'week' -%}
        {{ add_days(6, period_start_date) }}
    {%- else -%}
        cast({{ dbt.last_day(period_start_date, period) }} as date)
    {%- endif -%}
{%- endmacro %}

{#- Every row of a CTE once per period grain, tagged with period_grain and the
    start of the period its date falls in (portable union all, no UNNEST). -#}
{% macro rows_in_periods(cte, date_column, period_grains) -%}
    {%- for grain in period_grains %}
    select
        '{{ grain }}' as period_grain,
        {{ period_start(grain, date_column) }} as period_start_date,
        *
    from {{ cte }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}
