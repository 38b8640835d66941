-- Brand x day rollup across platforms, for the accounts grouped into brands
-- by the user-edited seed `brands`. A table rebuilt on every run, so a seed
-- edit shows at once. Sums cover the accounts that reported the figure.
with

account_daily as (
    select * from {{ ref('fct_account_daily') }}
),

account_brands as (
    select * from {{ ref('int_account_brands_mapped') }}
),

rolled_up as (
    select
        account_brands.brand,
        account_daily.activity_date,
        count(*) as accounts_reported,
        count(distinct account_daily.platform) as platforms_reported,
        count(account_daily.followers_total) as accounts_with_total,
        sum(account_daily.followers_total) as followers_total,
        sum(account_daily.followers_net_change) as followers_net_change,
        sum(account_daily.gains) as gains,
        sum(account_daily.losses) as losses,
        sum(account_daily.impressions) as impressions,
        sum(account_daily.views) as views,
        sum(account_daily.reach) as reach,
        sum(account_daily.engagements) as engagements,
        sum(account_daily.posts_published) as posts_published,
        {{ pooled_engagement_sums('account_daily.engagements', 'account_daily.followers_total') }}
    from account_daily
    inner join account_brands
        on account_daily.account_key = account_brands.account_key
    group by account_brands.brand, account_daily.activity_date
),

final as (
    select
        cast(brand as varchar) as brand,
        cast(activity_date as date) as activity_date,
        cast(accounts_reported as bigint) as accounts_reported,
        cast(platforms_reported as bigint) as platforms_reported,
        cast(accounts_with_total as bigint) as accounts_with_total,
        cast(followers_total as bigint) as followers_total,
        cast(followers_net_change as bigint) as followers_net_change,
        cast(gains as bigint) as gains,
        cast(losses as bigint) as losses,
        cast(impressions as bigint) as impressions,
        cast(views as bigint) as views,
        cast(reach as bigint) as reach,
        cast(engagements as bigint) as engagements,
        cast(posts_published as bigint) as posts_published,
        cast({{ pooled_engagement_rate() }} as {{ type_double() }}) as daily_engagement_rate
    from rolled_up
)

select * from final
