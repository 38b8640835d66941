-- One row per calendar day with its week and month: the MetricFlow time spine
-- and the calendar BI tools join to. Weeks start on the adapter's first day
-- of week (Monday on DuckDB, ISO).
with

calendar_days as (
    select * from {{ ref('int_calendar_days') }}
),

final as (
    select
        cast(calendar_date as date) as date_day,
        {{ period_start('week', 'calendar_date') }} as week_start_date,
        {{ period_start('month', 'calendar_date') }} as month_start_date
    from calendar_days
)

select * from final
