-- The intervals that make up purge events, one row per account and observed
-- day, with the event they belong to and the followers the purge took that day.
-- A purge day is a flagged day, or on a platform-wide purge day of its
-- platform a day that passes the looser var('purge_loose_z_threshold').
-- Consecutive purge days are one event, and an event runs on over the days
-- right after it while the loss beyond expectation continues
-- (var('purge_continuation_z_threshold')): X's 2018 purge drifted for days.
-- Followers lost on a day = the change beyond the baseline's expectation
-- (never below 0).
with

interval_scores as (
    select * from {{ ref('int_purge_interval_scores') }}
),

platform_days as (
    select * from {{ ref('int_purge_platform_days') }}
),

gains_baselines as (
    select * from {{ ref('int_purge_gains_baselines') }}
),

comment_baselines as (
    select * from {{ ref('int_purge_comment_baselines') }}
),

classified as (
    select
        interval_scores.*,
        platform_days.is_platform_wide_purge_day,
        platform_days.flagged_share as platform_flagged_share,
        platform_days.median_relative_change as platform_median_relative_change,
        gains_baselines.expected_gains,
        gains_baselines.gains_score,
        comment_baselines.comments,
        comment_baselines.comment_surge,
        comment_baselines.comment_excess_p_value,
        interval_scores.is_flagged
        or (platform_days.is_platform_wide_purge_day and interval_scores.is_loose_candidate) as is_purge_day,
        lead(interval_scores.excess_change) over (
            partition by interval_scores.account_key order by interval_scores.activity_date
        ) as next_excess_change
    from interval_scores
    inner join platform_days
        on
            interval_scores.platform = platform_days.platform
            and interval_scores.activity_date = platform_days.activity_date
    left join gains_baselines
        on
            interval_scores.account_key = gains_baselines.account_key
            and interval_scores.activity_date = gains_baselines.activity_date
    left join comment_baselines
        on
            interval_scores.account_key = comment_baselines.account_key
            and interval_scores.activity_date = comment_baselines.activity_date
),

runs as (
    select
        *,
        is_purge_day or is_continuation_candidate as is_run_member,
        row_number() over (partition by account_key order by activity_date)
        - row_number() over (
            partition by account_key, is_purge_day or is_continuation_candidate order by activity_date
        ) as run_number
    from classified
),

run_members as (
    select
        *,
        min(case when is_purge_day then activity_date end) over (
            partition by account_key, run_number
        ) as first_purge_day
    from runs
    where is_run_member
),

-- A run must hold a purge day, and the event starts at its first one.
trimmed_runs as (
    select * from run_members
    where activity_date >= first_purge_day
),

event_intervals as (
    select
        *,
        min(interval_start_date) over (partition by account_key, run_number) as event_first_date
    from trimmed_runs
),

final as (
    select
        {{ dbt.hash(dbt.concat(['account_key', "'/'", 'cast(event_first_date as varchar)'])) }} as event_id,
        account_key,
        platform,
        account_name,
        activity_date,
        interval_start_date,
        gap_days,
        event_first_date,
        followers_before,
        followers_total,
        followers_net_change,
        relative_change,
        signal_basis,
        unexplained_change,
        expected_signal * followers_before as expected_change,
        excess_change,
        greatest(-excess_change, 0) as followers_lost,
        robust_score,
        is_cold_start,
        is_flagged,
        is_purge_day,
        is_platform_wide_purge_day,
        platform_flagged_share,
        platform_median_relative_change,
        gains,
        expected_gains,
        gains_score,
        comments,
        comment_surge,
        comment_excess_p_value,
        next_excess_change
    from event_intervals
)

select * from final
