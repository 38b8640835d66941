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

{#- The leading columns of a per-account period mart (mart_engagement_kpis,
    mart_purge_adjusted_growth), same names and types in both: the period and the
    followers at its start and end. The net change is always the closing total minus
    the opening total (the day before the period starts). -#}
{% macro account_period_follower_columns() -%}
    cast(account_key as varchar) as account_key,
    cast(platform as varchar) as platform,
    cast(period_grain as varchar) as period_grain,
    cast(period_start_date as date) as period_start_date,
    cast(period_end_date as date) as period_end_date,
    cast(days_reported as bigint) as days_reported,
    cast(last_reported_date as date) as last_reported_date,
    cast(opening_followers_total as bigint) as opening_followers_total,
    cast(closing_followers_total as bigint) as closing_followers_total,
    cast(closing_followers_total - opening_followers_total as bigint) as followers_net_change
{%- endmacro %}

{#- A past day inside a tested day's trailing window: at most window_days before the
    tested day, and strictly before `before` (the tested day itself, or the first day of a
    tested interval), so that a baseline never sees the day it judges. -#}
{% macro in_trailing_window(past_date, tested_date, window_days, before=none) -%}
    {{ before if before is not none else tested_date }} > {{ past_date }}
    and {{ add_days(-window_days, tested_date) }} <= {{ past_date }}
{%- endmacro %}
