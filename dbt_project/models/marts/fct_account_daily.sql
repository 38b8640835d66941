-- Account x day: follower total and its change, and daily engagement.
with

follower_totals as (
    select * from {{ ref('int_follower_totals_deduplicated') }}
),

engagement as (
    select * from {{ ref('int_account_engagement_deduplicated') }}
),

account_days as (
    select account_key, platform, account_name, activity_date from follower_totals
    union
    select account_key, platform, account_name, activity_date from engagement
),

totals_with_previous_day as (
    select
        follower_totals.*,
        lag(followers_total) over (partition by account_key order by activity_date) as previous_total,
        lag(activity_date) over (partition by account_key order by activity_date) as previous_date
    from follower_totals
),

joined as (
    select
        account_days.account_key,
        account_days.platform,
        account_days.account_name,
        account_days.activity_date,
        totals.followers_total,
        -- A change is only defined against the day before; a gap stays NULL.
        case
            when totals.previous_date = account_days.activity_date - interval 1 day
                then totals.followers_total - totals.previous_total
        end as followers_net_change,
        case
            when totals.previous_date = account_days.activity_date - interval 1 day
                then {{ safe_divide('totals.followers_total - totals.previous_total', 'totals.previous_total') }}
        end as followers_relative_change,
        engagement.video_views,
        engagement.profile_views,
        engagement.likes,
        engagement.comments,
        engagement.shares,
        engagement.likes + engagement.comments + engagement.shares as engagements
    from account_days
    left join totals_with_previous_day as totals
        on account_days.account_key = totals.account_key
        and account_days.activity_date = totals.activity_date
    left join engagement
        on account_days.account_key = engagement.account_key
        and account_days.activity_date = engagement.activity_date
),

final as (
    select
        cast(account_key as varchar) as account_key,
        cast(platform as varchar) as platform,
        cast(account_name as varchar) as account_name,
        cast(activity_date as date) as activity_date,
        cast(followers_total as bigint) as followers_total,
        cast(followers_net_change as bigint) as followers_net_change,
        cast(followers_relative_change as double) as followers_relative_change,
        cast(video_views as bigint) as video_views,
        cast(profile_views as bigint) as profile_views,
        cast(likes as bigint) as likes,
        cast(comments as bigint) as comments,
        cast(shares as bigint) as shares,
        cast(engagements as bigint) as engagements,
        cast({{ safe_divide('engagements', 'followers_total') }} as double) as daily_engagement_rate
    from joined
)

select * from final
