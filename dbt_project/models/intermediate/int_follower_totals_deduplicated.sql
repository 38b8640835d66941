-- One follower total per account and day. Exports overlap (each TikTok export
-- reaches back ~60 days) and platforms restate recent days, so the value from
-- the newest export wins; within one export date, the latest loaded file wins;
-- within one file, the last row wins.
with

follower_history as (
    select * from {{ ref('stg_tiktok__follower_history') }}
),

observed_totals as (
    select
        account_key,
        platform,
        account_name,
        activity_date,
        followers_total,
        export_date,
        load_seq,
        source_row,
        'tiktok_follower_history' as total_source
    from follower_history
    where followers_total is not null
),

ranked as (
    select
        *,
        row_number() over (
            partition by account_key, activity_date
            order by export_date desc, load_seq desc, source_row desc
        ) as recency_rank
    from observed_totals
),

newest_per_day as (
    select
        account_key,
        platform,
        account_name,
        activity_date,
        followers_total,
        total_source,
        export_date as observed_in_export_date
    from ranked
    where recency_rank = 1
)

select * from newest_per_day
