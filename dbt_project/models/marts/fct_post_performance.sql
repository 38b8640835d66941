-- One row per post: publish time, latest lifetime metrics (from the newest
-- snapshot), followers at publish time and the per-post engagement rates.
-- Followers at publish time: the account's total at the end of the day
-- before the publish day (the audience when the post went out), else at the
-- end of the publish day.
with

post_snapshots as (
    select * from {{ ref('int_post_snapshots_deduplicated') }}
),

account_daily as (
    select * from {{ ref('int_account_daily_assembled') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

snapshot_summary as (
    select
        post_key,
        min(snapshot_date) as first_snapshot_date,
        max(snapshot_date) as latest_snapshot_date,
        count(*) as snapshot_count,
        sum(case when is_correction then 1 else 0 end) as correction_count,
        max(loaded_at) as loaded_at
    from post_snapshots
    group by post_key
),

latest_snapshots as (
    select post_snapshots.*
    from post_snapshots
    inner join snapshot_summary
        on
            post_snapshots.post_key = snapshot_summary.post_key
            and post_snapshots.snapshot_date = snapshot_summary.latest_snapshot_date
),

with_followers as (
    select
        latest_snapshots.*,
        snapshot_summary.first_snapshot_date,
        snapshot_summary.snapshot_count,
        snapshot_summary.correction_count,
        snapshot_summary.loaded_at as post_loaded_at,
        coalesce(day_before.followers_total, publish_day.followers_total) as followers_at_publish
    from latest_snapshots
    inner join snapshot_summary
        on latest_snapshots.post_key = snapshot_summary.post_key
    left join account_daily as day_before
        on
            latest_snapshots.account_key = day_before.account_key
            and {{ add_days(-1, 'latest_snapshots.published_date') }} = day_before.activity_date
    left join account_daily as publish_day
        on
            latest_snapshots.account_key = publish_day.account_key
            and latest_snapshots.published_date = publish_day.activity_date
),

final as (
    select
        cast(with_followers.post_key as varchar) as post_key,
        cast(with_followers.platform as varchar) as platform,
        cast(with_followers.post_id as varchar) as post_id,
        cast(with_followers.account_key as varchar) as account_key,
        cast(accounts.account_name as varchar) as account_name,
        cast(with_followers.published_at as timestamp) as published_at,
        cast(with_followers.published_date as date) as published_date,
        cast(with_followers.post_type as varchar) as post_type,
        cast(with_followers.post_url as varchar) as post_url,
        cast(with_followers.first_snapshot_date as date) as first_snapshot_date,
        cast(with_followers.snapshot_date as date) as latest_snapshot_date,
        cast(with_followers.snapshot_count as bigint) as snapshot_count,
        cast(with_followers.correction_count as bigint) as correction_count,
        cast(with_followers.impressions as bigint) as impressions,
        cast(with_followers.views as bigint) as views,
        cast(with_followers.reach as bigint) as reach,
        cast(with_followers.likes as bigint) as likes,
        cast(with_followers.comments as bigint) as comments,
        cast(with_followers.shares as bigint) as shares,
        cast(with_followers.reposts as bigint) as reposts,
        cast(with_followers.saves as bigint) as saves,
        cast(with_followers.follows as bigint) as follows,
        cast(with_followers.link_clicks as bigint) as link_clicks,
        cast(with_followers.profile_visits as bigint) as profile_visits,
        cast(with_followers.engagements as bigint) as engagements,
        cast(with_followers.platform_reported_engagements as bigint) as platform_reported_engagements,
        cast(with_followers.followers_at_publish as bigint) as followers_at_publish,
        cast({{ engagement_rate('with_followers.engagements', 'with_followers.reach') }} as {{ type_double() }})
            as engagement_rate_by_reach,
        cast(
            {{ engagement_rate(
                'with_followers.engagements',
                'coalesce(with_followers.impressions, with_followers.views)',
            ) }}
            as {{ type_double() }}
        ) as engagement_rate_by_impressions,
        cast(
            {{ engagement_rate('with_followers.engagements', 'with_followers.followers_at_publish') }}
            as {{ type_double() }}
        ) as engagement_rate_by_followers,
        cast(with_followers.post_loaded_at as timestamp) as loaded_at
    from with_followers
    inner join accounts
        on with_followers.account_key = accounts.account_key
)

select * from final
