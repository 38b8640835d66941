-- One row per account and day on which any export reported something for the
-- account: deduplicated totals and metrics side by side, day-over-day changes
-- and engagements. Built over a gapless day spine so that "the day before" is
-- really the day before: a change across a missing day stays NULL.
-- A missing total is reconstructed (and flagged) only from the previous
-- day's observed total plus that day's net flow: TikTok's reported net change
-- (purges included, exact), else gains - losses (X; purges excluded).
-- Engagements per platform and the daily engagement rate: macros
-- account_day_engagements and engagement_rate (macros/engagement.sql).
-- Follower totals are screened for glitches (int_follower_totals_screened):
-- on a suspect day followers_total is the other file's plausible total, else
-- NULL (so the day is out of growth and engagement rates), and
-- reported_followers_total keeps what the winning file said.
-- Incremental: rebuilds the days from the earliest day any input row loaded
-- since the last run describes (minus the lookback), computed over a spine
-- that starts two days earlier so that the day-before values (observed,
-- reconstructed, net change) of the first rebuilt day are the real ones.
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['account_key', 'activity_date'],
    on_schema_change='fail',
    post_hook="{{ delete_retired_account_keys() }}",
) }}
-- depends_on: {{ ref('int_accounts_resolved') }}
{%- set rebuild_from = incremental_rebuild_from([
    [ref('int_follower_totals_screened'), 'activity_date'],
    [ref('int_account_metrics_deduplicated'), 'activity_date'],
    [ref('int_post_snapshots_deduplicated'), 'published_date'],
]) %}
with

-- Screened totals: a glitched one (int_follower_totals_screened) is NULL
-- here unless another file states a plausible total for the day.
follower_totals as (
    select
        account_key,
        platform,
        activity_date,
        screened_followers_total as followers_total,
        screened_total_source as total_source,
        reported_followers_total,
        is_suspect_total,
        suspect_total_reason,
        loaded_at
    from {{ ref('int_follower_totals_screened') }}
),

account_metrics as (
    select * from {{ ref('int_account_metrics_deduplicated') }}
),

post_snapshots as (
    select * from {{ ref('int_post_snapshots_deduplicated') }}
),

account_handles as (
    select * from {{ ref('int_account_handles_historized') }}
),

calendar_days as (
    select * from {{ ref('int_calendar_days') }}
),

reported_days as (
    select
        account_key,
        platform,
        activity_date
    from follower_totals
    union
    select
        account_key,
        platform,
        activity_date
    from account_metrics
),

account_ranges as (
    select
        account_key,
        platform,
        min(activity_date) as first_reported_date,
        max(activity_date) as last_reported_date
    from reported_days
    group by account_key, platform
),

day_spine as (
    select
        account_ranges.account_key,
        account_ranges.platform,
        calendar_days.calendar_date as activity_date
    from account_ranges
    inner join calendar_days
        on
            calendar_days.calendar_date
            between account_ranges.first_reported_date and account_ranges.last_reported_date
    {% if is_incremental() -%}
        -- Two days of context: a reconstructed day-before rests on its own day-before.
        where calendar_days.calendar_date >= {{ add_days(-2, rebuild_from) }}
    {%- endif %}
),

-- Posts per publish day, and whether the account has content exports at all
-- (then a day without a listed post published none).
posts_by_publish_date as (
    select
        account_key,
        published_date,
        count(distinct post_id) as posts_listed,
        max(loaded_at) as loaded_at
    from post_snapshots
    {% if is_incremental() -%}
        where published_date >= {{ add_days(-2, rebuild_from) }}
    {%- endif %}
    group by account_key, published_date
),

accounts_with_content_exports as (
    select distinct account_key from post_snapshots
),

joined as (
    select
        day_spine.account_key,
        day_spine.platform,
        day_spine.activity_date,
        follower_totals.followers_total as observed_followers_total,
        follower_totals.total_source as observed_total_source,
        follower_totals.reported_followers_total,
        coalesce(follower_totals.is_suspect_total, false) as is_suspect_total,
        follower_totals.suspect_total_reason,
        lag(follower_totals.followers_total) over (
            partition by day_spine.account_key order by day_spine.activity_date
        ) as previous_observed_total,
        account_metrics.gains,
        account_metrics.losses,
        account_metrics.reported_net_change,
        account_metrics.impressions,
        account_metrics.views,
        account_metrics.reach,
        account_metrics.video_views,
        account_metrics.media_views,
        account_metrics.profile_visits,
        account_metrics.profile_unique_visitors,
        account_metrics.link_clicks,
        account_metrics.likes,
        account_metrics.comments,
        account_metrics.shares,
        account_metrics.reposts,
        account_metrics.saves,
        account_metrics.interactions,
        account_metrics.platform_reported_engagements,
        case
            when account_metrics.posts_published is not null then account_metrics.posts_published
            when accounts_with_content_exports.account_key is not null
                then coalesce(posts_by_publish_date.posts_listed, 0)
        end as posts_published,
        follower_totals.account_key is not null or account_metrics.account_key is not null as is_reported,
        {{ greatest_known([
            'follower_totals.loaded_at', 'account_metrics.loaded_at', 'posts_by_publish_date.loaded_at',
        ]) }} as loaded_at
    from day_spine
    left join follower_totals
        on
            day_spine.account_key = follower_totals.account_key
            and day_spine.activity_date = follower_totals.activity_date
    left join account_metrics
        on
            day_spine.account_key = account_metrics.account_key
            and day_spine.activity_date = account_metrics.activity_date
    left join posts_by_publish_date
        on
            day_spine.account_key = posts_by_publish_date.account_key
            and day_spine.activity_date = posts_by_publish_date.published_date
    left join accounts_with_content_exports
        on day_spine.account_key = accounts_with_content_exports.account_key
),

with_totals as (
    select
        *,
        -- A glitched total is never replaced by a reconstruction (a number no file stated).
        case
            when observed_followers_total is not null then observed_followers_total
            when previous_observed_total is not null and not is_suspect_total
                then previous_observed_total + coalesce(reported_net_change, gains - losses)
        end as followers_total,
        case
            when observed_followers_total is not null then observed_total_source
            when
                previous_observed_total is not null and not is_suspect_total
                and coalesce(reported_net_change, gains - losses) is not null
                then 'reconstructed_from_flows'
        end as followers_total_source
    from joined
),

with_changes as (
    select
        *,
        lag(followers_total) over (partition by account_key order by activity_date) as previous_followers_total
    from with_totals
),

assembled as (
    select
        with_changes.account_key,
        with_changes.platform,
        account_handles.handle as account_name,
        with_changes.activity_date,
        with_changes.followers_total,
        with_changes.followers_total_source,
        with_changes.reported_followers_total,
        with_changes.is_suspect_total,
        with_changes.suspect_total_reason,
        with_changes.followers_total - with_changes.previous_followers_total as followers_net_change,
        {{ safe_divide(
            'with_changes.followers_total - with_changes.previous_followers_total',
            'with_changes.previous_followers_total',
        ) }} as followers_relative_change,
        with_changes.gains,
        with_changes.losses,
        with_changes.gains - with_changes.losses as followers_flow_net_change,
        -- What the flows do not explain (a purge shows here); observed totals only.
        case
            when with_changes.observed_followers_total is not null and with_changes.previous_observed_total is not null
                then
                    with_changes.observed_followers_total - with_changes.previous_observed_total
                    - (with_changes.gains - with_changes.losses)
        end as followers_unexplained_change,
        with_changes.impressions,
        with_changes.views,
        with_changes.reach,
        with_changes.video_views,
        with_changes.media_views,
        with_changes.profile_visits,
        with_changes.profile_unique_visitors,
        with_changes.link_clicks,
        with_changes.likes,
        with_changes.comments,
        with_changes.shares,
        with_changes.reposts,
        with_changes.saves,
        with_changes.interactions,
        {{ account_day_engagements('with_changes') }} as engagements,
        with_changes.platform_reported_engagements,
        with_changes.posts_published,
        with_changes.loaded_at
    from with_changes
    left join account_handles
        on
            with_changes.account_key = account_handles.account_key
            and (account_handles.valid_from is null or with_changes.activity_date >= account_handles.valid_from)
            and (account_handles.valid_to is null or with_changes.activity_date <= account_handles.valid_to)
    where with_changes.is_reported
),

final as (
    select
        *,
        {{ engagement_rate('engagements', 'followers_total') }} as daily_engagement_rate
    from assembled
    {% if is_incremental() -%}
        where activity_date >= {{ rebuild_from }}
    {%- endif %}
)

select * from final
