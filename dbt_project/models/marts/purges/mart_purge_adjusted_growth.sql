{%- set period_grains = ['week', 'month'] -%}
-- Account x period (ISO week, month): follower growth with and without the
-- purges of fct_follower_purge_events, and engagement rate by followers on the
-- audience that remains after them (see fct_account_daily_purge_adjusted).
-- organic_follower_growth_rate = (net change + purge losses) / opening total:
-- the growth the account earned, which a purge does not undo. Opening and
-- closing totals are the last ones known on or before the period's edges: a
-- data glitch on an edge day (its total kept out) changes neither.
with

adjusted_daily as (
    select * from {{ ref('fct_account_daily_purge_adjusted') }}
),

-- Opening and closing totals are the last total known on or before the day: a day
-- whose total is unknown or kept out (a data glitch, is_suspect_total) moves neither.
known_total_runs as (
    select
        *,
        count(followers_total) over (
            partition by account_key order by activity_date rows between unbounded preceding and current row
        ) as known_total_run
    from adjusted_daily
),

daily as (
    select
        *,
        first_value(followers_total) over (
            partition by account_key, known_total_run order by activity_date
        ) as last_known_followers_total
    from known_total_runs
),

days_in_periods as (
    {{ rows_in_periods('daily', 'activity_date', period_grains) }}
),

period_rollup as (
    select
        account_key,
        platform,
        period_grain,
        period_start_date,
        max(activity_date) as last_reported_date,
        count(*) as days_reported,
        sum(purge_followers_lost) as purge_followers_lost,
        count(distinct purge_event_id) as purge_events,
        sum(engagements) as engagements,
        avg(daily_engagement_rate) as daily_engagement_rate,
        avg(engagement_rate_on_remaining_audience) as engagement_rate_on_remaining_audience
    from days_in_periods
    group by account_key, platform, period_grain, period_start_date
),

with_followers as (
    select
        period_rollup.*,
        case period_rollup.period_grain
            {%- for grain in period_grains %}
            when '{{ grain }}' then {{ period_end(grain, 'period_rollup.period_start_date') }}
            {%- endfor %}
        end as period_end_date,
        opening_day.last_known_followers_total as opening_followers_total,
        closing_day.last_known_followers_total as closing_followers_total
    from period_rollup
    left join daily as opening_day
        on
            period_rollup.account_key = opening_day.account_key
            and {{ add_days(-1, 'period_rollup.period_start_date') }} = opening_day.activity_date
    left join daily as closing_day
        on
            period_rollup.account_key = closing_day.account_key
            and period_rollup.last_reported_date = closing_day.activity_date
),

final as (
    select
        {{ account_period_follower_columns() }},
        cast(purge_events as bigint) as purge_events,
        cast(purge_followers_lost as bigint) as purge_followers_lost,
        cast(
            closing_followers_total - opening_followers_total + purge_followers_lost as bigint
        ) as organic_net_change,
        cast(
            {{ safe_divide('closing_followers_total - opening_followers_total', 'opening_followers_total') }}
            as {{ type_double() }}
        ) as follower_growth_rate,
        cast(
            {{ safe_divide(
                'closing_followers_total - opening_followers_total + purge_followers_lost',
                'opening_followers_total',
            ) }}
            as {{ type_double() }}
        ) as organic_follower_growth_rate,
        cast(engagements as bigint) as engagements,
        cast(daily_engagement_rate as {{ type_double() }}) as daily_engagement_rate,
        cast(engagement_rate_on_remaining_audience as {{ type_double() }}) as engagement_rate_on_remaining_audience
    from with_followers
)

select * from final
