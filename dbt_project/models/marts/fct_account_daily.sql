{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['account_key', 'activity_date'],
    on_schema_change='fail',
    post_hook="{{ delete_retired_account_keys() }}",
) }}
-- depends_on: {{ ref('int_accounts_resolved') }}
-- Account x day, for every day on which an export reported the account.
-- Incremental: rebuilds every day from the earliest day touched by rows of
-- loads newer than the mart's watermark, minus the lookback.
with

account_daily as (
    select * from {{ ref('int_account_daily_assembled') }}
),

days_to_build as (
    select * from account_daily
    {% if is_incremental() -%}
        where activity_date >= {{ incremental_rebuild_from([[ref('int_account_daily_assembled'), 'activity_date']]) }}
    {%- endif %}
),

final as (
    select
        cast(account_key as varchar) as account_key,
        cast(platform as varchar) as platform,
        cast(account_name as varchar) as account_name,
        cast(activity_date as date) as activity_date,
        cast(followers_total as bigint) as followers_total,
        cast(followers_total_source as varchar) as followers_total_source,
        cast(reported_followers_total as bigint) as reported_followers_total,
        cast(is_suspect_total as boolean) as is_suspect_total,
        cast(suspect_total_reason as varchar) as suspect_total_reason,
        cast(followers_net_change as bigint) as followers_net_change,
        cast(followers_relative_change as {{ type_double() }}) as followers_relative_change,
        cast(gains as bigint) as gains,
        cast(losses as bigint) as losses,
        cast(followers_flow_net_change as bigint) as followers_flow_net_change,
        cast(followers_unexplained_change as bigint) as followers_unexplained_change,
        cast(impressions as bigint) as impressions,
        cast(views as bigint) as views,
        cast(reach as bigint) as reach,
        cast(video_views as bigint) as video_views,
        cast(media_views as bigint) as media_views,
        cast(profile_visits as bigint) as profile_visits,
        cast(profile_unique_visitors as bigint) as profile_unique_visitors,
        cast(link_clicks as bigint) as link_clicks,
        cast(likes as bigint) as likes,
        cast(comments as bigint) as comments,
        cast(shares as bigint) as shares,
        cast(reposts as bigint) as reposts,
        cast(saves as bigint) as saves,
        cast(interactions as bigint) as interactions,
        cast(engagements as bigint) as engagements,
        cast(platform_reported_engagements as bigint) as platform_reported_engagements,
        cast(posts_published as bigint) as posts_published,
        cast(daily_engagement_rate as {{ type_double() }}) as daily_engagement_rate,
        cast(loaded_at as timestamp) as loaded_at
    from days_to_build
)

select * from final
