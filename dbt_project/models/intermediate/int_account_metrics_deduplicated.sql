-- One row per account and day with every daily metric, deduplicated metric
-- by metric: among the known values for (account, day, metric), the one from
-- the newest export date wins (X and others restate recent days); between two
-- copies of one export date, the one whose window ends later, then the one
-- with more rows, then the one loaded later (int_source_precedence: never the
-- file names), then the last row of the file (a row repeated in one file
-- counts once). Each metric falls back independently to the newest
-- export that knows it. A metric no export reported stays NULL.
-- Incremental: an (account, day) changes only when an observation of that day
-- is loaded (or the account is re-keyed, which moves its loaded_at), so each
-- run rebuilds the days from the earliest day of newly loaded observations,
-- minus the lookback; rows under retired account keys are deleted.
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['account_key', 'activity_date'],
    on_schema_change='fail',
    post_hook="{{ delete_retired_account_keys() }}",
) }}
-- depends_on: {{ ref('int_accounts_resolved') }}
with

observations as (
    select * from {{ ref('int_account_metric_observations') }}
    {% if is_incremental() -%}
        where activity_date >= {{ incremental_rebuild_from([[ref('int_account_metric_observations'), 'activity_date']]) }}
    {%- endif %}
),

sources as (
    select * from {{ ref('int_source_precedence') }}
),

ranked as (
    select
        observations.*,
        row_number() over (
            partition by observations.account_key, observations.activity_date, observations.metric_name
            order by
                observations.export_date desc,
                {{ source_precedence_order('sources') }},
                observations.source_row desc
        ) as recency_rank
    from observations
    left join sources on observations.load_seq = sources.load_seq
),

pivoted as (
    select
        account_key,
        platform,
        activity_date,
        {%- for metric in [
            'gains', 'losses', 'reported_net_change', 'impressions', 'views', 'reach',
            'video_views', 'media_views', 'profile_visits', 'profile_unique_visitors', 'link_clicks', 'likes',
            'comments', 'shares', 'reposts', 'saves', 'interactions',
            'platform_reported_engagements', 'posts_published',
        ] %}
        max(case when metric_name = '{{ metric }}' and recency_rank = 1 then metric_value end) as {{ metric }},
        {%- endfor %}
        max(loaded_at) as loaded_at
    from ranked
    group by account_key, platform, activity_date
)

select * from pivoted
