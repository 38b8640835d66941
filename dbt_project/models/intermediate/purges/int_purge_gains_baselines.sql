{%- set window_days = var('purge_baseline_window_days') -%}
{%- set min_weekday_points = var('purge_min_weekday_points') -%}
-- Expected new follows (gains) of every one-day interval that reports them,
-- from the account's trailing window (as in int_purge_interval_scores):
-- the same weekday's median when the window holds enough of them, else the
-- median; spread = median absolute deviation from those centers (at least 1).
-- gains_score = 0.6745 * (gains - expected) / spread: strongly negative when
-- new follows collapse, as they do during an unfollow wave (bad buzz) and not
-- when a purge removes followers.
-- The history is every earlier day that reports new follows, whatever that
-- day's total: a day whose total was screened out as a glitch still stated its
-- new follows, and leaving it out would move the baseline of the days after it.
with

intervals as (
    select * from {{ ref('int_purge_follower_intervals') }}
),

account_daily as (
    select * from {{ ref('int_account_daily_assembled') }}
),

one_day_gains as (
    select
        account_key,
        activity_date,
        iso_weekday,
        gains
    from intervals
    where gap_days = 1 and gains is not null
),

reported_gains as (
    select
        account_key,
        activity_date,
        cast(extract(isodow from activity_date) as integer) as iso_weekday,
        gains
    from account_daily
    where gains is not null
),

history as (
    select
        tested.account_key,
        tested.activity_date,
        past.iso_weekday as history_weekday,
        past.gains as history_gains
    from one_day_gains as tested
    inner join reported_gains as past
        on
            tested.account_key = past.account_key
            and tested.activity_date > past.activity_date
            and {{ add_days(-window_days, 'tested.activity_date') }} <= past.activity_date
),

overall_centers as (
    select
        account_key,
        activity_date,
        {{ median('history_gains') }} as overall_center,
        count(*) as history_days
    from history
    group by account_key, activity_date
),

weekday_centers as (
    select
        account_key,
        activity_date,
        history_weekday,
        {{ median('history_gains') }} as weekday_center,
        count(*) as weekday_points
    from history
    group by account_key, activity_date, history_weekday
),

residuals as (
    select
        history.account_key,
        history.activity_date,
        abs(
            history.history_gains - case
                when weekday_centers.weekday_points >= {{ min_weekday_points }} then weekday_centers.weekday_center
                else overall_centers.overall_center
            end
        ) as absolute_residual
    from history
    inner join overall_centers
        on
            history.account_key = overall_centers.account_key
            and history.activity_date = overall_centers.activity_date
    inner join weekday_centers
        on
            history.account_key = weekday_centers.account_key
            and history.activity_date = weekday_centers.activity_date
            and history.history_weekday = weekday_centers.history_weekday
),

spreads as (
    select
        account_key,
        activity_date,
        {{ median('absolute_residual') }} as median_absolute_deviation
    from residuals
    group by account_key, activity_date
),

final as (
    select
        one_day_gains.account_key,
        one_day_gains.activity_date,
        one_day_gains.gains,
        overall_centers.history_days,
        case
            when weekday_centers.weekday_points >= {{ min_weekday_points }} then weekday_centers.weekday_center
            else overall_centers.overall_center
        end as expected_gains,
        greatest(coalesce(spreads.median_absolute_deviation, 0), 1) as gains_spread
    from one_day_gains
    inner join overall_centers
        on
            one_day_gains.account_key = overall_centers.account_key
            and one_day_gains.activity_date = overall_centers.activity_date
    left join weekday_centers
        on
            one_day_gains.account_key = weekday_centers.account_key
            and one_day_gains.activity_date = weekday_centers.activity_date
            and one_day_gains.iso_weekday = weekday_centers.history_weekday
    left join spreads
        on
            one_day_gains.account_key = spreads.account_key
            and one_day_gains.activity_date = spreads.activity_date
)

select
    *,
    0.6745 * (gains - expected_gains) / gains_spread as gains_score
from final
