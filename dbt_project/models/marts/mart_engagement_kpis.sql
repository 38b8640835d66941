{%- set period_grains = ['day', 'week', 'month'] -%}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['account_key', 'period_grain', 'period_start_date'],
    on_schema_change='fail',
    post_hook="{{ delete_retired_account_keys() }}",
) }}
-- depends_on: {{ ref('int_accounts_resolved') }}
-- Account x period (day, ISO week, month) with every KPI of
-- dbt_project/README.md (section KPIs). Ratios are NULL when the denominator
-- is zero or unknown. Post KPIs use the posts PUBLISHED in the period with
-- their latest lifetime metrics; daily KPIs use the account's days.
-- Incremental: periods ending on or after the first day to rebuild.
with

account_daily as (
    select * from {{ ref('fct_account_daily') }}
),

post_performance as (
    select * from {{ ref('fct_post_performance') }}
),

account_days_in_periods as (
    {{ rows_in_periods('account_daily', 'activity_date', period_grains) }}
),

posts_in_periods as (
    {{ rows_in_periods('post_performance', 'published_date', period_grains) }}
),

daily_rollup as (
    select
        account_key,
        platform,
        period_grain,
        period_start_date,
        count(*) as days_reported,
        max(activity_date) as last_reported_date,
        sum(engagements) as engagements,
        sum(gains) as gains,
        sum(losses) as losses,
        sum(case when gains is not null and losses is not null then 1 else 0 end) as days_with_flows,
        avg(daily_engagement_rate) as daily_engagement_rate,
        max(loaded_at) as loaded_at
    from account_days_in_periods
    group by account_key, platform, period_grain, period_start_date
),

post_rollup as (
    select
        account_key,
        period_grain,
        period_start_date,
        count(*) as posts,
        sum(engagements) as post_engagements,
        sum(likes) as post_likes,
        sum(comments) as post_comments,
        sum(
            case when shares is not null or reposts is not null then coalesce(shares, 0) + coalesce(reposts, 0) end
        ) as post_shares,
        avg(engagement_rate_by_reach) as engagement_rate_by_reach,
        avg(engagement_rate_by_impressions) as engagement_rate_by_impressions,
        avg(engagement_rate_by_followers) as engagement_rate_by_followers,
        max(loaded_at) as loaded_at
    from posts_in_periods
    group by account_key, period_grain, period_start_date
),

periods as (
    select
        *,
        {{ add_days(-1, 'daily_rollup.period_start_date') }} as opening_date,
        case daily_rollup.period_grain
            {%- for grain in period_grains %}
            when '{{ grain }}' then {{ period_end(grain, 'daily_rollup.period_start_date') }}
            {%- endfor %}
        end as period_end_date
    from daily_rollup
),

periods_to_build as (
    select * from periods
    {% if is_incremental() -%}
        where period_end_date >= {{ incremental_rebuild_from([
            [ref('fct_account_daily'), 'activity_date'],
            [ref('fct_post_performance'), 'published_date'],
        ]) }}
    {%- endif %}
),

with_followers as (
    select
        periods_to_build.*,
        opening_day.followers_total as opening_followers_total,
        closing_day.followers_total as closing_followers_total,
        post_rollup.posts,
        post_rollup.post_engagements,
        post_rollup.post_likes,
        post_rollup.post_comments,
        post_rollup.post_shares,
        post_rollup.engagement_rate_by_reach,
        post_rollup.engagement_rate_by_impressions,
        post_rollup.engagement_rate_by_followers,
        {{ greatest_known(['periods_to_build.loaded_at', 'post_rollup.loaded_at']) }} as combined_loaded_at,
        -- Flows are complete when every day from the period start to the last
        -- reported day has gains and losses.
        periods_to_build.days_with_flows
        = {{ dbt.datediff('periods_to_build.period_start_date', 'periods_to_build.last_reported_date', 'day') }} + 1
            as has_complete_flows
    from periods_to_build
    left join account_daily as opening_day
        on
            periods_to_build.account_key = opening_day.account_key
            and periods_to_build.opening_date = opening_day.activity_date
    left join account_daily as closing_day
        on
            periods_to_build.account_key = closing_day.account_key
            and periods_to_build.last_reported_date = closing_day.activity_date
    left join post_rollup
        on
            periods_to_build.account_key = post_rollup.account_key
            and periods_to_build.period_grain = post_rollup.period_grain
            and periods_to_build.period_start_date = post_rollup.period_start_date
),

final as (
    select
        {{ account_period_follower_columns() }},
        cast(gains as bigint) as gains,
        cast(losses as bigint) as losses,
        cast(engagements as bigint) as engagements,
        cast(coalesce(posts, 0) as bigint) as posts,
        cast(post_engagements as bigint) as post_engagements,
        cast(post_likes as bigint) as post_likes,
        cast(post_comments as bigint) as post_comments,
        cast(post_shares as bigint) as post_shares,
        cast(engagement_rate_by_reach as {{ type_double() }}) as engagement_rate_by_reach,
        cast(engagement_rate_by_impressions as {{ type_double() }}) as engagement_rate_by_impressions,
        cast(engagement_rate_by_followers as {{ type_double() }}) as engagement_rate_by_followers,
        cast(daily_engagement_rate as {{ type_double() }}) as daily_engagement_rate,
        cast(
            {{ safe_divide('closing_followers_total - opening_followers_total', 'opening_followers_total') }}
            as {{ type_double() }}
        ) as follower_growth_rate,
        cast(
            case when has_complete_flows then {{ safe_divide('gains - losses', 'opening_followers_total') }} end
            as {{ type_double() }}
        ) as organic_follower_growth_rate,
        cast({{ safe_divide('post_comments', 'posts') }} as {{ type_double() }}) as conversation_rate,
        cast({{ safe_divide('post_shares', 'posts') }} as {{ type_double() }}) as amplification_rate,
        cast({{ safe_divide('post_likes', 'posts') }} as {{ type_double() }}) as applause_rate,
        cast(combined_loaded_at as timestamp) as loaded_at
    from with_followers
)

select * from final
