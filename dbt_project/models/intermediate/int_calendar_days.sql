-- One row per calendar day between var('calendar_start_date') and
-- var('calendar_end_date'): the day spine for zero-filling and day series.
with

days as (
    {{ dbt.date_spine(
        'day',
        "cast('" ~ var('calendar_start_date') ~ "' as date)",
        "cast('" ~ var('calendar_end_date') ~ "' as date)",
    ) }}
),

final as (
    select cast(date_day as date) as calendar_date
    from days
)

select * from final
