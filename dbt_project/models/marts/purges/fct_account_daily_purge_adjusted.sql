-- fct_account_daily with purges taken out, one row per account and day:
-- - purge_followers_lost: followers a purge event of fct_follower_purge_events
--   took that day (the loss of an interval across days without data sits on
--   the day that closes it);
-- - organic_net_change = net change + purge losses: growth without purges;
-- - followers_remaining_audience = followers_total minus the followers that
--   later purges removed: the audience that remains once the fake followers
--   are gone (they were there already, and never engaged). Engagement rate by
--   followers on it does not jump when a purge removes them.
with

account_daily as (
    select * from {{ ref('int_account_daily_assembled') }}
),

event_intervals as (
    select * from {{ ref('int_purge_event_intervals') }}
),

-- Exactly the purges BI users see (a mart on a mart, on purpose: the two can never
-- disagree, and a build of fct_follower_purge_events+ builds this one and its
-- relationship test together).
purge_events as (
    select * from {{ ref('fct_follower_purge_events') }}
),

purge_days as (
    select
        event_intervals.account_key,
        event_intervals.activity_date,
        event_intervals.event_id,
        event_intervals.followers_lost
    from event_intervals
    inner join purge_events
        on event_intervals.event_id = purge_events.event_id
),

with_purges as (
    select
        account_daily.account_key,
        account_daily.platform,
        account_daily.account_name,
        account_daily.activity_date,
        account_daily.followers_total,
        account_daily.followers_net_change,
        account_daily.engagements,
        account_daily.daily_engagement_rate,
        purge_days.event_id as purge_event_id,
        coalesce(round(purge_days.followers_lost), 0) as purge_followers_lost
    from account_daily
    left join purge_days
        on
            account_daily.account_key = purge_days.account_key
            and account_daily.activity_date = purge_days.activity_date
),

with_later_purges as (
    select
        *,
        coalesce(
            sum(purge_followers_lost) over (
                partition by account_key order by activity_date
                rows between 1 following and unbounded following
            ),
            0
        ) as followers_purged_later
    from with_purges
),

final as (
    select
        cast(account_key as varchar) as account_key,
        cast(platform as varchar) as platform,
        cast(account_name as varchar) as account_name,
        cast(activity_date as date) as activity_date,
        cast(followers_total as bigint) as followers_total,
        cast(followers_net_change as bigint) as followers_net_change,
        cast(purge_event_id as varchar) as purge_event_id,
        cast(purge_followers_lost as bigint) as purge_followers_lost,
        cast(followers_net_change + purge_followers_lost as bigint) as organic_net_change,
        cast(
            {{ safe_divide('followers_net_change + purge_followers_lost', 'followers_total - followers_net_change') }}
            as {{ type_double() }}
        ) as organic_relative_change,
        cast(followers_purged_later as bigint) as followers_purged_later,
        cast(greatest(followers_total - followers_purged_later, 0) as bigint) as followers_remaining_audience,
        cast(engagements as bigint) as engagements,
        cast(daily_engagement_rate as {{ type_double() }}) as daily_engagement_rate,
        cast(
            {{ safe_divide('engagements', 'greatest(followers_total - followers_purged_later, 0)') }}
            as {{ type_double() }}
        ) as engagement_rate_on_remaining_audience
    from with_later_purges
)

select * from final
