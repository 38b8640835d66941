-- One row of daily engagement counters per account and day, newest export
-- wins (same rule as int_follower_totals_deduplicated).
with

overview as (
    select * from {{ ref('stg_tiktok__overview') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by account_key, activity_date
            order by export_date desc, load_seq desc, source_row desc
        ) as recency_rank
    from overview
),

newest_per_day as (
    select
        account_key,
        platform,
        account_name,
        activity_date,
        video_views,
        profile_views,
        likes,
        comments,
        shares,
        export_date as observed_in_export_date
    from ranked
    where recency_rank = 1
)

select * from newest_per_day
