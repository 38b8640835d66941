{%- set delta_metrics = ['impressions', 'views', 'likes', 'comments', 'shares', 'reposts', 'saves', 'engagements'] -%}
-- One lifetime snapshot per post and snapshot day, with the change since the
-- post's previous snapshot. A content export downloaded on day E holds
-- lifetime-to-date values as of the start of E, i.e. the end of E-1: the
-- snapshot_date. Several rows for one post and day (the same file twice, a
-- post listed twice, X content and legacy tweet activity together): the
-- newest export wins, then the file loaded last, then the last row.
-- A snapshot lower than the one before is a platform correction: it is kept,
-- flagged (is_correction) and its negative delta is not an engagement.
-- Engagements per post: Instagram likes + comments + shares + saves;
-- Facebook reactions + comments + shares; X likes + replies + reposts +
-- shares + bookmarks (legacy tweet activity: likes + replies + retweets);
-- TikTok likes + comments + shares; LinkedIn reactions + comments + reposts
-- (its own engagement rate adds clicks; not here); YouTube likes + comments
-- (Comments added) + shares, when the Table data has those columns. NULL
-- when a component is unknown.
-- YouTube Table data rows are videos published in the export's window with
-- their values over that window, i.e. since publication: lifetime to date.
-- Incremental by post: a run rebuilds the whole snapshot history of every post
-- a newly loaded row (or a re-keyed account) names, and the YouTube videos of
-- an export whose daily files (its window) were newly loaded, and replaces
-- their rows (delete+insert on the post); other posts stay as they are.
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['platform', 'post_id'],
    on_schema_change='fail',
    post_hook="{{ delete_retired_account_keys() }}",
) }}
-- depends_on: {{ ref('int_accounts_resolved') }}
with

instagram_posts as (
    select * from {{ ref('stg_instagram__posts') }}
),

facebook_posts as (
    select * from {{ ref('stg_facebook__posts') }}
),

x_posts as (
    select * from {{ ref('stg_x__posts') }}
),

x_tweet_activity as (
    select * from {{ ref('stg_x__tweet_activity') }}
),

tiktok_videos as (
    select * from {{ ref('stg_tiktok__videos') }}
),

linkedin_posts as (
    select * from {{ ref('stg_linkedin__updates') }}
    where row_kind = 'post'
),

youtube_videos as (
    select * from {{ ref('stg_youtube__videos') }}
),

-- Days a YouTube export covers (its Chart data / Totals rows). Table data
-- values are over that window: a lifetime snapshot only for videos
-- published inside it; rows of older videos, and of videos without a
-- publish time (deleted or private: not known to be inside), are left out.
-- A Table data landed without its daily files has no known window, so none
-- of its values is known to be a lifetime value: it gives no post snapshot
-- (its rows stay in raw and staging).
youtube_export_windows as (
    select
        platform,
        account_folder,
        export_date,
        min(activity_date) as window_start
    from {{ ref('stg_youtube__daily') }}
    group by platform, account_folder, export_date
),

youtube_lifetime_videos as (
    select youtube_videos.*
    from youtube_videos
    inner join youtube_export_windows
        on
            youtube_videos.platform = youtube_export_windows.platform
            and youtube_videos.account_folder = youtube_export_windows.account_folder
            and youtube_videos.export_date = youtube_export_windows.export_date
    where cast(youtube_videos.published_at as date) >= youtube_export_windows.window_start
),

accounts as (
    select * from {{ ref('int_accounts_resolved') }}
),

sources as (
    select * from {{ ref('int_source_precedence') }}
),

all_snapshots as (
    select
        platform,
        account_folder,
        post_id,
        published_at_local as published_at,
        cast(published_at_local as date) as published_date,
        post_type,
        post_url,
        cast(null as {{ dbt.type_bigint() }}) as impressions,
        views,
        reach,
        likes,
        comments,
        shares,
        cast(null as {{ dbt.type_bigint() }}) as reposts,
        saves,
        follows,
        link_clicks,
        profile_visits,
        likes + comments + shares + saves as engagements,
        cast(null as {{ dbt.type_bigint() }}) as platform_reported_engagements,
        'instagram_content' as source_format,
        export_date,
        load_seq,
        source_row,
        loaded_at
    from instagram_posts
    union all
    select
        platform,
        account_folder,
        post_id,
        published_at_local as published_at,
        cast(published_at_local as date) as published_date,
        post_type,
        post_url,
        impressions,
        views,
        reach,
        reactions as likes,
        comments,
        shares,
        null as reposts,
        null as saves,
        null as follows,
        link_clicks,
        null as profile_visits,
        reactions + comments + shares as engagements,
        reactions_comments_shares as platform_reported_engagements,
        'facebook_content' as source_format,
        export_date,
        load_seq,
        source_row,
        loaded_at
    from facebook_posts
    union all
    select
        platform,
        account_folder,
        post_id,
        null as published_at,
        published_date,
        null as post_type,
        post_url,
        impressions,
        null as views,
        null as reach,
        likes,
        replies as comments,
        shares,
        reposts,
        bookmarks as saves,
        new_follows as follows,
        url_clicks as link_clicks,
        profile_visits,
        likes + replies + reposts + shares + bookmarks as engagements,
        platform_reported_engagements,
        'x_content' as source_format,
        export_date,
        load_seq,
        source_row,
        loaded_at
    from x_posts
    union all
    select
        platform,
        account_folder,
        post_id,
        published_at_utc as published_at,
        cast(published_at_utc as date) as published_date,
        null as post_type,
        post_url,
        impressions,
        null as views,
        null as reach,
        likes,
        replies as comments,
        null as shares,
        retweets as reposts,
        null as saves,
        follows,
        url_clicks as link_clicks,
        user_profile_clicks as profile_visits,
        likes + replies + retweets as engagements,
        platform_reported_engagements,
        'x_tweet_activity' as source_format,
        export_date,
        load_seq,
        source_row,
        loaded_at
    from x_tweet_activity
    union all
    select
        platform,
        account_folder,
        video_id as post_id,
        null as published_at,
        published_date,
        null as post_type,
        video_url as post_url,
        null as impressions,
        views,
        null as reach,
        likes,
        comments,
        shares,
        null as reposts,
        null as saves,
        null as follows,
        null as link_clicks,
        null as profile_visits,
        likes + comments + shares as engagements,
        null as platform_reported_engagements,
        'tiktok_content' as source_format,
        export_date,
        load_seq,
        source_row,
        loaded_at
    from tiktok_videos
    union all
    select
        platform,
        account_folder,
        post_id,
        null as published_at,
        metric_date as published_date,
        null as post_type,
        post_url,
        impressions_total as impressions,
        -- All posts "Views": video views, NULL for posts that are not videos.
        views,
        null as reach,
        reactions_total as likes,
        comments_total as comments,
        null as shares,
        reposts_total as reposts,
        null as saves,
        follows,
        clicks_total as link_clicks,
        null as profile_visits,
        reactions_total + comments_total + reposts_total as engagements,
        null as platform_reported_engagements,
        'linkedin_updates' as source_format,
        export_date,
        load_seq,
        source_row,
        loaded_at
    from linkedin_posts
    union all
    select
        platform,
        account_folder,
        video_id as post_id,
        published_at,
        cast(published_at as date) as published_date,
        null as post_type,
        null as post_url,
        impressions,
        views,
        null as reach,
        likes,
        comments,
        shares,
        null as reposts,
        null as saves,
        null as follows,
        null as link_clicks,
        null as profile_visits,
        likes + comments + shares as engagements,
        null as platform_reported_engagements,
        'youtube_studio' as source_format,
        export_date,
        load_seq,
        source_row,
        loaded_at
    from youtube_lifetime_videos
),

{% if is_incremental() -%}
watermark as (
    {{ incremental_watermark() }}
),

touched_posts as (
    select
        all_snapshots.platform,
        all_snapshots.post_id
    from all_snapshots
    inner join accounts
        on
            all_snapshots.platform = accounts.platform
            and all_snapshots.account_folder = accounts.account_folder
    cross join watermark
    where
        all_snapshots.loaded_at > watermark.loaded_at
        or accounts.identity_loaded_at > watermark.loaded_at
    union
    -- A YouTube export's window may land after its Table data.
    select
        youtube_videos.platform,
        youtube_videos.video_id as post_id
    from youtube_videos
    inner join {{ ref('stg_youtube__daily') }} as youtube_daily
        on
            youtube_videos.platform = youtube_daily.platform
            and youtube_videos.account_folder = youtube_daily.account_folder
            and youtube_videos.export_date = youtube_daily.export_date
    cross join watermark
    where youtube_daily.loaded_at > watermark.loaded_at
),

{% endif -%}
selected_snapshots as (
    select all_snapshots.*
    from all_snapshots
    {%- if is_incremental() %}
    inner join touched_posts
        on
            all_snapshots.platform = touched_posts.platform
            and all_snapshots.post_id = touched_posts.post_id
    {%- endif %}
),

ranked as (
    select
        accounts.account_key,
        accounts.identity_loaded_at,
        all_snapshots.*,
        {{ snapshot_day('all_snapshots.export_date') }} as snapshot_date,
        row_number() over (
            partition by all_snapshots.platform, all_snapshots.post_id, all_snapshots.export_date
            order by {{ source_precedence_order('sources') }}, all_snapshots.source_row desc
        ) as recency_rank,
        max(all_snapshots.loaded_at) over (
            partition by all_snapshots.platform, all_snapshots.post_id, all_snapshots.export_date
        ) as newest_loaded_at
    from selected_snapshots as all_snapshots
    inner join accounts
        on
            all_snapshots.platform = accounts.platform
            and all_snapshots.account_folder = accounts.account_folder
    left join sources on all_snapshots.load_seq = sources.load_seq
),

deduplicated as (
    select * from ranked
    where recency_rank = 1
),

with_previous as (
    select
        *,
        lag(snapshot_date) over (
            partition by platform, post_id order by snapshot_date
        ) as previous_snapshot_date,
        {%- for metric in delta_metrics %}
        lag({{ metric }}) over (partition by platform, post_id order by snapshot_date) as previous_{{ metric }},
        {%- endfor %}
        row_number() over (partition by platform, post_id order by snapshot_date) as snapshot_number
    from deduplicated
),

final as (
    select
        {{ dbt.hash(dbt.concat(['platform', "'/'", 'post_id'])) }} as post_key,
        platform,
        post_id,
        account_key,
        account_folder,
        snapshot_date,
        snapshot_number,
        previous_snapshot_date,
        published_at,
        published_date,
        post_type,
        post_url,
        impressions,
        views,
        reach,
        likes,
        comments,
        shares,
        reposts,
        saves,
        follows,
        link_clicks,
        profile_visits,
        engagements,
        platform_reported_engagements,
        -- The first snapshot's delta is its value: every count was 0 at publication.
        {%- for metric in delta_metrics %}
        case
            when snapshot_number = 1 then {{ metric }}
            else {{ metric }} - previous_{{ metric }}
        end as {{ metric }}_delta,
        {%- endfor %}
        coalesce(
            {%- for metric in delta_metrics %}
            {{ metric }} < previous_{{ metric }}{% if not loop.last %} or{% endif %}
            {%- endfor %},
            false
        ) as is_correction,
        source_format,
        export_date as observed_in_export_date,
        -- A re-keyed account's rows count as new (see int_accounts_resolved).
        {{ greatest_known(['newest_loaded_at', 'identity_loaded_at']) }} as loaded_at
    from with_previous
)

select * from final
