{%- set window_days = var('wave_baseline_window_days') -%}
-- Unfollow waves of the accounts whose exports report unfollows (X, TikTok,
-- YouTube), one row per wave: the drops the purge detector explains away,
-- because the reported flows explain them (bad buzz).
-- A wave day, on an observed day with a known net change and gains and losses:
--   losses at least var('wave_loss_multiple') times the expected ones (the
--   median loss rate of the account's var('wave_baseline_window_days') previous
--   days times the followers at the start of the day, at least one follower),
--   the excess at least var('wave_min_excess_loss_share') of the audience and
--   var('wave_min_excess_losses') followers, and the total going down;
--   the account has var('wave_min_history_days') days of history or more.
-- A wave runs on over the following days while losses stay at least
-- var('wave_continuation_loss_multiple') times the expected ones and the total
-- goes down. A wave is kept when it cost var('wave_min_loss_share') of the
-- audience and var('wave_min_loss_followers') followers (net).
with

account_daily as (
    select * from {{ ref('int_account_daily_assembled') }}
),

daily as (
    select
        account_key,
        platform,
        account_name,
        activity_date,
        followers_total,
        followers_net_change,
        followers_total - followers_net_change as followers_before,
        gains,
        losses,
        {{ safe_divide('losses', 'followers_total - followers_net_change') }} as loss_rate
    from account_daily
    where
        losses is not null
        and gains is not null
        and followers_net_change is not null
        and followers_total is not null
),

baselines as (
    select
        *,
        {{ median('loss_rate') }} over trailing_days as baseline_loss_rate,
        count(loss_rate) over trailing_days as baseline_days
    from daily
    window trailing_days as (
        partition by account_key order by activity_date
        rows between {{ window_days }} preceding and 1 preceding
    )
),

wave_days as (
    select
        *,
        greatest(coalesce(baseline_loss_rate, 0) * followers_before, 1) as expected_losses,
        coalesce(
            baseline_days >= {{ var('wave_min_history_days') }}
            and followers_net_change < 0
            and losses >= {{ var('wave_loss_multiple') }} * greatest(baseline_loss_rate * followers_before, 1)
            and losses - baseline_loss_rate * followers_before
            >= greatest(
                {{ var('wave_min_excess_loss_share') }} * followers_before, {{ var('wave_min_excess_losses') }}
            ),
            false
        ) as is_wave_day,
        coalesce(
            baseline_days >= {{ var('wave_min_history_days') }}
            and followers_net_change < 0
            and losses
            >= {{ var('wave_continuation_loss_multiple') }} * greatest(baseline_loss_rate * followers_before, 1),
            false
        ) as is_continuation_day
    from baselines
),

runs as (
    select
        *,
        row_number() over (partition by account_key order by activity_date)
        - row_number() over (
            partition by account_key, is_wave_day or is_continuation_day order by activity_date
        ) as run_number
    from wave_days
),

run_members as (
    select
        *,
        min(case when is_wave_day then activity_date end) over (
            partition by account_key, run_number
        ) as first_wave_day
    from runs
    where is_wave_day or is_continuation_day
),

events as (
    select
        account_key,
        platform,
        min(activity_date) as first_date,
        max(activity_date) as last_date,
        count(*) as event_days,
        arg_max(account_name, activity_date) as account_name,
        arg_min(followers_before, activity_date) as followers_before,
        arg_max(followers_total, activity_date) as followers_after,
        sum(followers_net_change) as followers_net_change,
        sum(gains) as gains,
        sum(losses) as losses,
        sum(expected_losses) as expected_losses
    from run_members
    where activity_date >= first_wave_day
    group by account_key, platform, run_number
),

final as (
    select
        {{ dbt.hash(dbt.concat(["'unfollow_wave/'", 'account_key', "'/'", 'cast(first_date as varchar)'])) }}
            as event_id,
        account_key,
        platform,
        account_name,
        first_date,
        last_date,
        event_days,
        followers_before,
        followers_after,
        followers_net_change,
        -followers_net_change as followers_lost,
        {{ safe_divide('-followers_net_change', 'followers_before') }} as loss_pct,
        gains,
        losses,
        expected_losses,
        {{ safe_divide('gains - losses', 'followers_net_change') }} as flows_explained_share
    from events
    where
        -followers_net_change >= {{ var('wave_min_loss_followers') }}
        and -followers_net_change >= {{ var('wave_min_loss_share') }} * followers_before
)

select * from final
