-- One row per follower purge: an account losing, overnight or over a few
-- consecutive days, followers that its own history and its flows do not
-- explain (see int_purge_drop_events for the drops that are not purges).
-- Scope: platform_wide when a day of the event is a platform-wide purge day
-- of its platform (see int_purge_platform_days), else account_specific.
with

drop_events as (
    select * from {{ ref('int_purge_drop_events') }}
),

purges as (
    select * from drop_events
    where drop_kind = 'purge'
),

final as (
    select
        cast(event_id as varchar) as event_id,
        cast(account_key as varchar) as account_key,
        cast(platform as varchar) as platform,
        cast(account_name as varchar) as account_name,
        cast(first_date as date) as first_date,
        cast(last_date as date) as last_date,
        cast(detected_on_date as date) as detected_on_date,
        cast(event_days as integer) as event_days,
        cast(observed_days as integer) as observed_days,
        cast(followers_before as bigint) as followers_before,
        cast(followers_after as bigint) as followers_after,
        cast(followers_net_change as bigint) as followers_net_change,
        cast(round(expected_change) as bigint) as expected_change,
        cast(round(followers_lost) as bigint) as followers_lost,
        cast(loss_pct as {{ type_double() }}) as loss_pct,
        cast(robust_score as {{ type_double() }}) as robust_score,
        cast(scope as varchar) as scope,
        cast(
            case
                when loss_pct >= {{ var('purge_severity_high_loss') }} then 'high'
                when loss_pct >= {{ var('purge_severity_medium_loss') }} then 'medium'
                else 'low'
            end as varchar
        ) as severity,
        cast(platform_flagged_share as {{ type_double() }}) as platform_flagged_share,
        cast(platform_median_relative_change as {{ type_double() }}) as platform_median_relative_change,
        cast(
            round(
                -(
                    {{ safe_divide('followers_net_change', 'followers_before') }}
                    - coalesce(platform_median_relative_change, 0)
                ) * followers_before
            ) as bigint
        ) as excess_loss_beyond_platform,
        cast(is_confirmed_by_flows as boolean) as is_confirmed_by_flows,
        cast(is_cold_start as boolean) as is_cold_start
    from purges
)

select * from final
