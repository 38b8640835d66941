-- One observed follower total (end of day) per account and day.
-- Precedence when several rows report the same account and day:
--   1. the format: a native daily history (TikTok FollowerHistory.csv) beats
--      an API snapshot, which beats a LinkedIn demographic total.
--      The native history is the platform's own end-of-day figure and is
--      restated by newer exports; an API pull happens at some time of the
--      next day and some APIs round (YouTube); a demographic total (dated like
--      an API snapshot, the end of the day before the export) exists only
--      where a workbook's demographic sheets all sum to one number (genuine
--      ones never do: members leave attributes blank; see linkedin.py).
--   2. the newest export date (overlapping exports, restatements);
--   3. between two copies of one export date, int_source_precedence (the
--      later window, more rows: never the file names), then the last row of
--      the file (duplicate rows).
-- An undated API response landed again, byte for byte, under a later export
-- date still reports that later day's total (the count did not change).
-- Days no export reports are absent here (never 0).
with

api_snapshots as (
    select * from {{ ref('stg_api__follower_snapshots') }}
),

tiktok_follower_history as (
    select * from {{ ref('stg_tiktok__follower_history') }}
),

linkedin_followers as (
    select * from {{ ref('stg_linkedin__followers') }}
),

source_redeliveries as (
    select * from {{ ref('int_source_redeliveries') }}
),

accounts as (
    select * from {{ ref('int_accounts_resolved') }}
),

sources as (
    select * from {{ ref('int_source_precedence') }}
),

candidate_totals as (
    select
        platform,
        account_folder,
        activity_date,
        followers_total,
        'tiktok_follower_history' as total_source,
        1 as source_priority,
        export_date,
        load_seq,
        source_file,
        source_row,
        loaded_at
    from tiktok_follower_history
    where followers_total is not null
    union all
    select
        platform,
        account_folder,
        activity_date,
        followers_total,
        'api_snapshot' as total_source,
        2 as source_priority,
        export_date,
        load_seq,
        source_file,
        source_row,
        loaded_at
    from api_snapshots
    where followers_total is not null
    union all
    select
        platform,
        account_folder,
        metric_date as activity_date,
        followers_total,
        'linkedin_demographics' as total_source,
        3 as source_priority,
        export_date,
        load_seq,
        source_file,
        source_row,
        loaded_at
    from linkedin_followers
    where row_kind = 'audience_total' and followers_total is not null
    union all
    -- TikTok business/get responses carry their own dates: a copy says nothing new.
    select
        api_snapshots.platform,
        source_redeliveries.account_folder,
        {{ snapshot_day('source_redeliveries.export_date') }} as activity_date,
        api_snapshots.followers_total,
        'api_snapshot' as total_source,
        2 as source_priority,
        source_redeliveries.export_date,
        source_redeliveries.load_seq,
        source_redeliveries.redelivered_source_file as source_file,
        api_snapshots.source_row,
        source_redeliveries.loaded_at
    from api_snapshots
    inner join source_redeliveries
        on api_snapshots.source_file = source_redeliveries.original_source_file
    where
        api_snapshots.followers_total is not null
        and api_snapshots.api_platform != 'tiktok'
        and api_snapshots.activity_date = {{ snapshot_day('api_snapshots.export_date') }}
),

ranked as (
    select
        accounts.account_key,
        accounts.identity_loaded_at,
        candidate_totals.*,
        row_number() over (
            partition by accounts.account_key, candidate_totals.activity_date
            order by
                candidate_totals.source_priority asc,
                candidate_totals.export_date desc,
                {{ source_precedence_order('sources') }},
                candidate_totals.source_row desc
        ) as precedence_rank,
        row_number() over (
            partition by accounts.account_key, candidate_totals.activity_date, candidate_totals.total_source
            order by
                candidate_totals.export_date desc,
                {{ source_precedence_order('sources') }},
                candidate_totals.source_row desc
        ) as precedence_rank_in_source,
        max(candidate_totals.loaded_at) over (
            partition by accounts.account_key, candidate_totals.activity_date
        ) as newest_loaded_at
    from candidate_totals
    inner join accounts
        on
            candidate_totals.platform = accounts.platform
            and candidate_totals.account_folder = accounts.account_folder
    left join sources on candidate_totals.load_seq = sources.load_seq
),

-- The best row of each other format that reports the day (the one of highest
-- precedence): int_follower_totals_screened compares it with the winner.
other_sources as (
    select
        account_key,
        activity_date,
        arg_min(followers_total, source_priority) as other_source_total,
        arg_min(total_source, source_priority) as other_total_source,
        arg_min(source_file, source_priority) as other_source_file
    from ranked
    where precedence_rank > 1 and precedence_rank_in_source = 1
    group by account_key, activity_date
),

winning_totals as (
    select
        ranked.account_key,
        ranked.platform,
        ranked.activity_date,
        ranked.followers_total,
        ranked.total_source,
        ranked.export_date as observed_in_export_date,
        ranked.source_file,
        other_sources.other_source_total,
        other_sources.other_total_source,
        other_sources.other_source_file,
        -- A re-keyed account's rows count as new (see int_accounts_resolved).
        {{ greatest_known(['ranked.newest_loaded_at', 'ranked.identity_loaded_at']) }} as loaded_at
    from ranked
    left join other_sources
        on
            ranked.account_key = other_sources.account_key
            and ranked.activity_date = other_sources.activity_date
    where ranked.precedence_rank = 1
)

select * from winning_totals
