{%- set window_days = var('purge_baseline_window_days') -%}
{%- set min_weekday_points = var('purge_min_weekday_points') -%}
-- Expected new follows (gains) of every one-day interval that reports them,
-- from the account's trailing window (macro robust_baseline_ctes, as in int_purge_interval_scores):
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

gains_history as (
    select
        tested.account_key,
        tested.activity_date,
        past.iso_weekday as history_weekday,
        1 as history_gap_days,
        past.gains as history_value
    from one_day_gains as tested
    inner join reported_gains as past
        on
            tested.account_key = past.account_key
            and {{ in_trailing_window('past.activity_date', 'tested.activity_date', window_days) }}
),

{{ robust_baseline_ctes('gains', min_weekday_points) }}

final as (
    select
        one_day_gains.account_key,
        one_day_gains.activity_date,
        one_day_gains.gains,
        overall_centers.history_points as history_days,
        case
            when weekday_centers.weekday_points >= {{ min_weekday_points }} then weekday_centers.weekday_center
            else overall_centers.overall_center
        end as expected_gains,
        greatest(coalesce(spreads.median_absolute_deviation, 0), 1) as gains_spread
    from one_day_gains
    inner join gains_overall_centers as overall_centers
        on
            one_day_gains.account_key = overall_centers.account_key
            and one_day_gains.activity_date = overall_centers.activity_date
    left join gains_weekday_centers as weekday_centers
        on
            one_day_gains.account_key = weekday_centers.account_key
            and one_day_gains.activity_date = weekday_centers.activity_date
            and one_day_gains.iso_weekday = weekday_centers.history_weekday
    left join gains_spreads as spreads
        on
            one_day_gains.account_key = spreads.account_key
            and one_day_gains.activity_date = spreads.activity_date
)

select
    *,
    0.6745 * (gains - expected_gains) / gains_spread as gains_score
from final
