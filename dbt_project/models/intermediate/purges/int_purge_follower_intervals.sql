-- One row per account and OBSERVED follower total: the interval since the
-- previous observed total (one day, or several across days with no data) and
-- the change in it that the reported flows do not explain.
-- Totals reconstructed from flows are left out: they cannot show a purge.
-- A day without an observed total has no row, so it is never flagged; its
-- change is carried by the next observed day (gap_days > 1).
-- detection_signal per interval, as a fraction of the total at its start:
--   gains and losses reported for every day of it (X, TikTok, YouTube): the
--   unexplained change, net - (gains - losses), which is 0 unless followers
--   vanished; otherwise the net change. Gains alone (Instagram, Facebook,
--   LinkedIn) do not explain a change: the unfollows they leave out surge
--   after every viral spike and during bad buzz.
with

account_daily as (
    select * from {{ ref('int_account_daily_assembled') }}
),

daily_with_running_flows as (
    select
        account_key,
        platform,
        account_name,
        activity_date,
        followers_total,
        coalesce(followers_total_source, 'unknown') as followers_total_source,
        engagements,
        sum(coalesce(gains, 0)) over running_days as running_gains,
        sum(coalesce(losses, 0)) over running_days as running_losses,
        count(gains) over running_days as running_days_with_gains,
        count(losses) over running_days as running_days_with_losses
    from account_daily
    window running_days as (
        partition by account_key order by activity_date rows between unbounded preceding and current row
    )
),

observed_totals as (
    select * from daily_with_running_flows
    where
        followers_total is not null
        and followers_total_source != 'reconstructed_from_flows'
),

with_previous_observation as (
    select
        *,
        lag(activity_date) over by_account as previous_observed_date,
        lag(followers_total) over by_account as followers_before,
        lag(running_gains) over by_account as previous_running_gains,
        lag(running_losses) over by_account as previous_running_losses,
        lag(running_days_with_gains) over by_account as previous_running_days_with_gains,
        lag(running_days_with_losses) over by_account as previous_running_days_with_losses,
        row_number() over by_account as observation_number
    from observed_totals
    window by_account as (partition by account_key order by activity_date)
),

intervals as (
    select
        account_key,
        platform,
        account_name,
        activity_date,
        {{ add_days(1, 'previous_observed_date') }} as interval_start_date,
        cast({{ dbt.datediff('previous_observed_date', 'activity_date', 'day') }} as integer) as gap_days,
        observation_number,
        followers_before,
        followers_total,
        followers_total - followers_before as followers_net_change,
        running_gains - previous_running_gains as gains,
        running_losses - previous_running_losses as losses,
        running_days_with_gains - previous_running_days_with_gains as days_with_gains,
        running_days_with_losses - previous_running_days_with_losses as days_with_losses,
        engagements
    from with_previous_observation
    where previous_observed_date is not null
),

with_flow_coverage as (
    select
        *,
        case
            when days_with_gains = gap_days and days_with_losses = gap_days then 'gains_and_losses'
            when days_with_gains = gap_days then 'gains_only'
            else 'none'
        end as flow_coverage
    from intervals
),

with_signal as (
    select
        *,
        case
            when flow_coverage = 'gains_and_losses' then 'unexplained_change' else 'net_change'
        end as signal_basis,
        case
            when flow_coverage = 'gains_and_losses' then followers_net_change - (gains - losses)
        end as unexplained_change,
        {{ safe_divide('followers_net_change', 'followers_before') }} as relative_change
    from with_flow_coverage
),

final as (
    select
        account_key,
        platform,
        account_name,
        activity_date,
        interval_start_date,
        gap_days,
        observation_number,
        cast(extract(isodow from activity_date) as integer) as iso_weekday,
        followers_before,
        followers_total,
        followers_net_change,
        relative_change,
        case when flow_coverage != 'none' then gains end as gains,
        case when flow_coverage = 'gains_and_losses' then losses end as losses,
        flow_coverage,
        unexplained_change,
        signal_basis,
        {{ safe_divide('coalesce(unexplained_change, followers_net_change)', 'followers_before') }} as detection_signal,
        engagements
    from with_signal
)

select * from final
