{%- set delta_metrics = ['impressions', 'views', 'likes', 'comments', 'shares', 'reposts', 'saves', 'engagements'] -%}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['post_key', 'snapshot_date'],
    on_schema_change='fail',
) }}
-- Post x snapshot day: lifetime values as of the end of snapshot_date and
-- their change since the post's previous snapshot. A decreasing snapshot is
-- a platform correction: kept, flagged (is_correction), delta negative.
-- Incremental on snapshot_date, like fct_account_daily.
with

post_snapshots as (
    select * from {{ ref('int_post_snapshots_deduplicated') }}
),

snapshots_to_build as (
    select * from post_snapshots
    {% if is_incremental() -%}
        where snapshot_date >= {{ incremental_rebuild_from([
            [ref('int_post_snapshots_deduplicated'), 'snapshot_date'],
        ]) }}
    {%- endif %}
),

final as (
    select
        cast(post_key as varchar) as post_key,
        cast(platform as varchar) as platform,
        cast(post_id as varchar) as post_id,
        cast(account_key as varchar) as account_key,
        cast(snapshot_date as date) as snapshot_date,
        cast(previous_snapshot_date as date) as previous_snapshot_date,
        cast({{ dbt.datediff('previous_snapshot_date', 'snapshot_date', 'day') }} as bigint)
            as days_since_previous_snapshot,
        cast(published_date as date) as published_date,
        {%- for metric in delta_metrics %}
        cast({{ metric }} as bigint) as {{ metric }},
        cast({{ metric }}_delta as bigint) as {{ metric }}_delta,
        {%- endfor %}
        cast(reach as bigint) as reach,
        cast(is_correction as boolean) as is_correction,
        cast(source_format as varchar) as source_format,
        cast(loaded_at as timestamp) as loaded_at
    from snapshots_to_build
)

select * from final
