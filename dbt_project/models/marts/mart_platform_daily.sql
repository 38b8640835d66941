{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['platform', 'activity_date'],
    on_schema_change='fail',
) }}
-- Platform x day rollup across the tracked accounts, with two descriptive
-- figures of the day's cross-section: the median relative follower change and
-- the accounts dropping more than var('sudden_drop_threshold'). They describe;
-- they do not decide: whether a day is a platform-wide purge is the purge
-- detector's verdict (int_purge_platform_days, the scope of
-- fct_follower_purge_events). Sums cover the accounts that reported the
-- figure that day (see the matching accounts_with_* count).
with

account_daily as (
    select * from {{ ref('fct_account_daily') }}
),

days_to_build as (
    select * from account_daily
    {% if is_incremental() -%}
        where activity_date >= {{ incremental_rebuild_from([[ref('fct_account_daily'), 'activity_date']]) }}
    {%- endif %}
),

rolled_up as (
    select
        platform,
        activity_date,
        count(*) as accounts_reported,
        count(followers_total) as accounts_with_total,
        sum(followers_total) as followers_total,
        count(followers_net_change) as accounts_with_net_change,
        sum(followers_net_change) as followers_net_change,
        sum(gains) as gains,
        sum(losses) as losses,
        sum(followers_unexplained_change) as followers_unexplained_change,
        {{ median('followers_relative_change') }} as median_followers_relative_change,
        sum(case when followers_relative_change < {{ var('sudden_drop_threshold') }} then 1 else 0 end)
            as accounts_dropping,
        count(followers_relative_change) as accounts_with_relative_change,
        sum(impressions) as impressions,
        sum(views) as views,
        sum(reach) as reach,
        sum(profile_visits) as profile_visits,
        sum(engagements) as engagements,
        sum(posts_published) as posts_published,
        {{ pooled_engagement_sums('engagements', 'followers_total') }},
        max(loaded_at) as loaded_at
    from days_to_build
    group by platform, activity_date
),

final as (
    select
        cast(platform as varchar) as platform,
        cast(activity_date as date) as activity_date,
        cast(accounts_reported as bigint) as accounts_reported,
        cast(accounts_with_total as bigint) as accounts_with_total,
        cast(followers_total as bigint) as followers_total,
        cast(accounts_with_net_change as bigint) as accounts_with_net_change,
        cast(followers_net_change as bigint) as followers_net_change,
        cast(gains as bigint) as gains,
        cast(losses as bigint) as losses,
        cast(followers_unexplained_change as bigint) as followers_unexplained_change,
        cast(median_followers_relative_change as {{ type_double() }}) as median_followers_relative_change,
        cast(accounts_dropping as bigint) as accounts_dropping,
        cast({{ safe_divide('accounts_dropping', 'accounts_with_relative_change') }} as {{ type_double() }})
            as share_of_accounts_dropping,
        cast(impressions as bigint) as impressions,
        cast(views as bigint) as views,
        cast(reach as bigint) as reach,
        cast(profile_visits as bigint) as profile_visits,
        cast(engagements as bigint) as engagements,
        cast(posts_published as bigint) as posts_published,
        cast({{ pooled_engagement_rate() }} as {{ type_double() }}) as daily_engagement_rate,
        cast(loaded_at as timestamp) as loaded_at
    from rolled_up
)

select * from final
