{#-
    The robust baseline of the purge models, written once: from a CTE `<prefix>_history`
    of (account_key, activity_date, history_weekday, history_gap_days, history_value),
    one row per tested day and earlier day of its trailing window, three CTEs:
      <prefix>_overall_centers  median daily value of the window (history_value / its days),
                                and history_points, the window's size;
      <prefix>_weekday_centers  median of the window's one-day values on each weekday, and
                                weekday_points;
      <prefix>_spreads          median absolute deviation: each history value less its
                                days times its center (the same weekday's when the window
                                holds min_weekday_points of them, else the overall one),
                                standardised by sqrt(its days).
    Used by int_purge_interval_scores (detection signals, intervals of several days) and
    int_purge_gains_baselines (new follows, one-day values).
    Call it inside a `with`, after the history CTE; it ends with a comma.
-#}
{% macro robust_baseline_ctes(prefix, min_weekday_points) -%}
{{ prefix }}_overall_centers as (
    select
        account_key,
        activity_date,
        {{ median('history_value / history_gap_days') }} as overall_center,
        count(*) as history_points
    from {{ prefix }}_history
    group by account_key, activity_date
),

{{ prefix }}_weekday_centers as (
    select
        account_key,
        activity_date,
        history_weekday,
        {{ median('history_value') }} as weekday_center,
        count(*) as weekday_points
    from {{ prefix }}_history
    where history_gap_days = 1
    group by account_key, activity_date, history_weekday
),

{{ prefix }}_residuals as (
    select
        history.account_key,
        history.activity_date,
        (
            history.history_value - history.history_gap_days * case
                when history.history_gap_days = 1 and weekday_centers.weekday_points >= {{ min_weekday_points }}
                    then weekday_centers.weekday_center
                else overall_centers.overall_center
            end
        ) / sqrt(history.history_gap_days) as residual
    from {{ prefix }}_history as history
    inner join {{ prefix }}_overall_centers as overall_centers
        on
            history.account_key = overall_centers.account_key
            and history.activity_date = overall_centers.activity_date
    left join {{ prefix }}_weekday_centers as weekday_centers
        on
            history.account_key = weekday_centers.account_key
            and history.activity_date = weekday_centers.activity_date
            and history.history_weekday = weekday_centers.history_weekday
),

{{ prefix }}_spreads as (
    select
        account_key,
        activity_date,
        {{ median('abs(residual)') }} as median_absolute_deviation
    from {{ prefix }}_residuals
    group by account_key, activity_date
),
{%- endmacro %}
