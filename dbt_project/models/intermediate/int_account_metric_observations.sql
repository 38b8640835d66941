-- Every daily account metric value any export reported, one row per
-- (source row, metric), under canonical metric names, before deduplication.
-- Meta's Follows.csv is sparse (a day without new follows is absent), so it
-- is expanded over the export's window with 0 for absent days: from the start
-- of the export (the first day of the dense metric files of the same export,
-- Views, Reach, ..., or the file's first row if earlier) to the file's own
-- last row, never after it: a day after the last row may be a zero day or a
-- day Meta had no data for yet, and no file says which. Unknown values (TikTok's
-- `undefined`) are left out: they never win over a known value.
-- Incremental: every row derives from the files of one export (platform,
-- account folder, export date), a Follows.csv re-delivered under a later
-- export included (that later export's). A run rebuilds the exports any
-- newly loaded row belongs to, and every export of a re-keyed account (its
-- identity_loaded_at moved), and replaces their rows (delete+insert on the
-- export); the exports nothing new was loaded for are left as they are.
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['platform', 'account_folder', 'export_date'],
    on_schema_change='fail',
    post_hook="{{ delete_retired_account_keys() }}",
) }}
-- depends_on: {{ ref('int_accounts_resolved') }}
{%- set staged_inputs = {
    'meta_account_metrics': 'stg_meta__account_metrics',
    'x_account_overview': 'stg_x__account_overview',
    'x_daily_tweet_activity': 'stg_x__daily_tweet_activity',
    'tiktok_overview': 'stg_tiktok__overview',
    'tiktok_follower_history': 'stg_tiktok__follower_history',
    'tiktok_viewers': 'stg_tiktok__viewers',
    'api_snapshots': 'stg_api__follower_snapshots',
    'linkedin_followers': 'stg_linkedin__followers',
    'linkedin_updates': 'stg_linkedin__updates',
    'linkedin_visitors': 'stg_linkedin__visitors',
    'youtube_daily': 'stg_youtube__daily',
    'pinterest_daily_metrics': 'stg_pinterest__daily_metrics',
} %}
with

{% if is_incremental() -%}
-- The exports to rebuild: loaded since the newest row of this model, or of an
-- account re-keyed since.
export_loads as (
    {%- for model in staged_inputs.values() %}
    select
        platform,
        account_folder,
        export_date,
        loaded_at
    from {{ ref(model) }}
    union all
    {%- endfor %}
    select
        platform,
        account_folder,
        export_date,
        loaded_at
    from {{ ref('int_source_redeliveries') }}
),

watermark as (
    {{ incremental_watermark() }}
),

touched_exports as (
    select distinct
        export_loads.platform,
        export_loads.account_folder,
        export_loads.export_date
    from export_loads
    inner join {{ ref('int_accounts_resolved') }} as accounts
        on
            export_loads.platform = accounts.platform
            and export_loads.account_folder = accounts.account_folder
    cross join watermark
    where
        export_loads.loaded_at > watermark.loaded_at
        or accounts.identity_loaded_at > watermark.loaded_at
),

{% endif -%}
{%- for cte, model in staged_inputs.items() %}
{{ cte }} as (
    select staged.*
    from {{ ref(model) }} as staged
    {{ join_touched_exports('staged') }}
),

{% endfor -%}
-- Every Follows.csv, for the re-deliveries of one under a later export.
all_meta_account_metrics as (
    select * from {{ ref('stg_meta__account_metrics') }}
),

source_redeliveries as (
    select redeliveries.*
    from {{ ref('int_source_redeliveries') }} as redeliveries
    {{ join_touched_exports('redeliveries') }}
),

calendar_days as (
    select * from {{ ref('int_calendar_days') }}
),

accounts as (
    select * from {{ ref('int_accounts_resolved') }}
),

meta_dense_metrics as (
    select
        platform,
        account_folder,
        activity_date,
        metric_name,
        metric_value,
        'meta_account_metrics' as source_format,
        export_date,
        load_seq,
        source_row,
        loaded_at
    from meta_account_metrics
    where metric_name != 'follows'
),

meta_follows_rows as (
    select
        platform,
        account_folder,
        activity_date,
        metric_value,
        export_date,
        load_seq,
        source_file,
        source_row,
        loaded_at
    from meta_account_metrics
    where metric_name = 'follows'
    union all
    -- A Follows.csv landed again under a later export says the same days
    -- (and the same zero days) as of that later export.
    select
        all_meta_account_metrics.platform,
        source_redeliveries.account_folder,
        all_meta_account_metrics.activity_date,
        all_meta_account_metrics.metric_value,
        source_redeliveries.export_date,
        source_redeliveries.load_seq,
        source_redeliveries.redelivered_source_file as source_file,
        all_meta_account_metrics.source_row,
        source_redeliveries.loaded_at
    from all_meta_account_metrics
    inner join source_redeliveries
        on all_meta_account_metrics.source_file = source_redeliveries.original_source_file
    where all_meta_account_metrics.metric_name = 'follows'
),

meta_export_windows as (
    select
        platform,
        account_folder,
        export_date,
        min(activity_date) as window_start
    from meta_dense_metrics
    group by platform, account_folder, export_date
),

meta_follows_files as (
    select
        platform,
        account_folder,
        export_date,
        source_file,
        load_seq,
        loaded_at,
        min(activity_date) as first_row_date,
        max(activity_date) as last_row_date
    from meta_follows_rows
    group by platform, account_folder, export_date, source_file, load_seq, loaded_at
),

meta_follows_file_windows as (
    select
        meta_follows_files.platform,
        meta_follows_files.account_folder,
        meta_follows_files.export_date,
        meta_follows_files.source_file,
        meta_follows_files.load_seq,
        meta_follows_files.loaded_at,
        least(
            coalesce(meta_export_windows.window_start, meta_follows_files.first_row_date),
            meta_follows_files.first_row_date
        ) as window_start,
        meta_follows_files.last_row_date as window_end
    from meta_follows_files
    left join meta_export_windows
        on
            meta_follows_files.platform = meta_export_windows.platform
            and meta_follows_files.account_folder = meta_export_windows.account_folder
            and meta_follows_files.export_date = meta_export_windows.export_date
),

meta_follows_zero_filled as (
    select
        follows_files.platform,
        follows_files.account_folder,
        calendar_days.calendar_date as activity_date,
        'gains' as metric_name,
        coalesce(follows_rows.metric_value, 0) as metric_value,
        'meta_follows' as source_format,
        follows_files.export_date,
        follows_files.load_seq,
        coalesce(follows_rows.source_row, 0) as source_row,
        follows_files.loaded_at
    from meta_follows_file_windows as follows_files
    inner join calendar_days
        on calendar_days.calendar_date between follows_files.window_start and follows_files.window_end
    left join meta_follows_rows as follows_rows
        on
            follows_files.source_file = follows_rows.source_file
            and follows_files.load_seq = follows_rows.load_seq
            and calendar_days.calendar_date = follows_rows.activity_date
),

tiktok_api_flows as (
    select * from api_snapshots
    where followers_gained is not null or followers_lost is not null
),

linkedin_new_followers as (
    select
        *,
        metric_date as activity_date
    from linkedin_followers
    where row_kind = 'new_followers'
),

linkedin_daily_updates as (
    select
        *,
        metric_date as activity_date
    from linkedin_updates
    where row_kind = 'daily'
),

linkedin_daily_visitors as (
    select
        *,
        metric_date as activity_date
    from linkedin_visitors
),

-- Channel-level rows only: per-video Chart data rows would count views twice.
youtube_channel_daily as (
    select * from youtube_daily
    where video_id is null
),

-- A filtered overview (one device, one source, ...) is a segment of the account, not its day.
pinterest_account_daily as (
    select * from pinterest_daily_metrics
    where not is_filtered_view
),

all_observations as (
    select * from meta_dense_metrics
    union all
    select * from meta_follows_zero_filled
    union all
    {{ unpivot_metrics('x_account_overview', 'x_account_overview', {
        'impressions': 'impressions',
        'likes': 'likes',
        'platform_reported_engagements': 'platform_reported_engagements',
        'saves': 'bookmarks',
        'shares': 'shares',
        'gains': 'new_follows',
        'losses': 'unfollows',
        'comments': 'replies',
        'reposts': 'reposts',
        'profile_visits': 'profile_visits',
        'posts_published': 'posts_created',
        'video_views': 'video_views',
        'media_views': 'media_views',
    }) }}
    union all
    -- Legacy daily tweet activity: the day's activity of the account's tweets. Its
    -- "follows" are follows made from tweets, not the account's new followers: no gains.
    -- It reports no shares and no bookmarks, so X engagements stay NULL on its days
    -- unless an overview export of the same day reports them.
    {{ unpivot_metrics('x_daily_tweet_activity', 'x_daily_tweet_activity', {
        'impressions': 'impressions',
        'likes': 'likes',
        'comments': 'replies',
        'reposts': 'retweets',
        'profile_visits': 'user_profile_clicks',
        'link_clicks': 'url_clicks',
        'media_views': 'media_views',
        'posts_published': 'tweets_published',
        'platform_reported_engagements': 'platform_reported_engagements',
    }) }}
    union all
    {{ unpivot_metrics('tiktok_overview', 'tiktok_overview', {
        'views': 'video_views',
        'video_views': 'video_views',
        'profile_visits': 'profile_views',
        'likes': 'likes',
        'comments': 'comments',
        'shares': 'shares',
        'reach': 'reach',
        'gains': 'new_followers',
        'losses': 'lost_followers',
    }) }}
    union all
    {{ unpivot_metrics('tiktok_follower_history', 'tiktok_follower_history', {
        'reported_net_change': 'reported_net_change',
        'gains': 'new_followers',
        'losses': 'lost_followers',
    }) }}
    union all
    -- Unique viewers of the account's videos that day: TikTok's reach.
    {{ unpivot_metrics('tiktok_viewers', 'tiktok_viewers', {
        'reach': 'total_viewers',
    }) }}
    union all
    {{ unpivot_metrics('tiktok_api_flows', 'api_follower_snapshot', {
        'gains': 'followers_gained',
        'losses': 'followers_lost',
    }) }}
    union all
    -- New followers sheet: "Total followers" of a day is its new followers, organic
    -- ones net of unfollows (negative on some days: loaded as LinkedIn states it).
    {{ unpivot_metrics('linkedin_new_followers', 'linkedin_followers', {
        'gains': 'new_followers_gross',
    }) }}
    union all
    -- Visitor metrics, whole page (every tab, desktop + mobile) as LinkedIn totals it.
    {{ unpivot_metrics('linkedin_daily_visitors', 'linkedin_visitors', {
        'profile_visits': 'total_page_views_total',
        'profile_unique_visitors': 'total_unique_visitors_total',
    }) }}
    union all
    -- Metrics sheet, organic + sponsored totals. "Unique impressions" is organic
    -- only, so LinkedIn has no reach; "Clicks" (on the update, its link or the
    -- page name) are the link clicks.
    {{ unpivot_metrics('linkedin_daily_updates', 'linkedin_updates', {
        'impressions': 'impressions_total',
        'link_clicks': 'clicks_total',
        'likes': 'reactions_total',
        'comments': 'comments_total',
        'reposts': 'reposts_total',
    }) }}
    union all
    -- Subscribers lost are unsubscriptions: YouTube's purges of spam accounts are not in them.
    {{ unpivot_metrics('youtube_channel_daily', 'youtube_studio', {
        'views': 'views',
        'gains': 'subscribers_gained',
        'losses': 'subscribers_lost',
    }) }}
    union all
    -- Pinterest overview daily table and API analytics: outbound clicks leave Pinterest for
    -- a link; Engagements (saves, pin clicks, outbound clicks, reactions...) is Pinterest's
    -- own figure. Pin clicks and the audience counts have no mart column.
    {{ unpivot_metrics('pinterest_account_daily', 'pinterest_analytics', {
        'impressions': 'impressions',
        'saves': 'saves',
        'link_clicks': 'outbound_clicks',
        'platform_reported_engagements': 'engagements',
    }) }}
),

keyed as (
    select
        accounts.account_key,
        all_observations.platform,
        all_observations.account_folder,
        all_observations.activity_date,
        all_observations.metric_name,
        all_observations.metric_value,
        all_observations.source_format,
        all_observations.export_date,
        all_observations.load_seq,
        all_observations.source_row,
        -- A re-keyed account's rows count as new (see int_accounts_resolved).
        {{ greatest_known(['all_observations.loaded_at', 'accounts.identity_loaded_at']) }} as loaded_at
    from all_observations
    inner join accounts
        on
            all_observations.platform = accounts.platform
            and all_observations.account_folder = accounts.account_folder
    where all_observations.metric_value is not null
)

select * from keyed
