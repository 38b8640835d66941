-- Sources whose values lost to another source of the same export date: two
-- copies of one export that disagree on a day's metric (a re-download with
-- revised numbers, a hand-edited copy). The winner is ranked by
-- int_source_precedence (the later window, more rows, the content hash); each
-- losing source is listed once with how many values it lost, to which source
-- and by which rule. Shown in ops_file_loads. Every other source of the
-- exports has its row too, with 0 conflicting values: a source that lost
-- before may win or agree once another copy lands, and its row must change.
-- Incremental: sources compete only within one account's export date, so a
-- run recomputes the exports (account, export date) it loaded observations
-- of, and replaces the rows of their sources (delete+insert on load_seq).
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['load_seq'],
    on_schema_change='append_new_columns',
) }}
-- A warehouse built before the model was incremental has no loaded_at: its
-- first run recomputes every export (every row is replaced) and adds it.
{#- (In a unit test `this` is the fixture's name, with the model's columns.) #}
{%- set watermarked = not is_incremental() or this is string or 'loaded_at' in (
    adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list
) %}
with

all_observations as (
    select * from {{ ref('int_account_metric_observations') }}
),

{% if is_incremental() -%}
watermark as (
    {%- if watermarked %}
    {{ incremental_watermark() }}
    {%- else %}
    select cast('1900-01-01' as {{ dbt.type_timestamp() }}) as loaded_at
    {%- endif %}
),

touched_exports as (
    select distinct
        all_observations.account_key,
        all_observations.export_date
    from all_observations
    cross join watermark
    where all_observations.loaded_at > watermark.loaded_at
),

{% endif -%}
observations as (
    select all_observations.*
    from all_observations
    {%- if is_incremental() %}
    inner join touched_exports
        on
            all_observations.account_key = touched_exports.account_key
            and all_observations.export_date = touched_exports.export_date
    {%- endif %}
),

sources as (
    select * from {{ ref('int_source_precedence') }}
),

contested as (
    select
        account_key,
        activity_date,
        metric_name,
        export_date
    from observations
    group by account_key, activity_date, metric_name, export_date
    -- Two sources and two values: min != max says it without counting distinct values
    -- (no NULL here), a quarter of the time over a year of observations.
    having min(load_seq) != max(load_seq) and min(metric_value) != max(metric_value)
),

ranked as (
    select
        observations.account_key,
        observations.activity_date,
        observations.metric_name,
        observations.export_date,
        observations.load_seq,
        observations.metric_value,
        row_number() over (
            partition by
                observations.account_key, observations.activity_date,
                observations.metric_name, observations.export_date
            order by {{ source_precedence_order('sources') }}, observations.source_row desc
        ) as precedence_rank
    from observations
    inner join contested
        on
            observations.account_key = contested.account_key
            and observations.activity_date = contested.activity_date
            and observations.metric_name = contested.metric_name
            and observations.export_date = contested.export_date
    left join sources on observations.load_seq = sources.load_seq
),

lost_values as (
    select
        losers.load_seq as losing_load_seq,
        winners.load_seq as winning_load_seq
    from ranked as losers
    inner join ranked as winners
        on
            losers.account_key = winners.account_key
            and losers.activity_date = winners.activity_date
            and losers.metric_name = winners.metric_name
            and losers.export_date = winners.export_date
            and winners.precedence_rank = 1
    where losers.precedence_rank > 1 and losers.metric_value != winners.metric_value
),

per_pair as (
    select
        losing_load_seq,
        winning_load_seq,
        count(*) as lost_values
    from lost_values
    group by losing_load_seq, winning_load_seq
),

explained as (
    select
        per_pair.losing_load_seq,
        per_pair.lost_values,
        winner.source_file as winning_source_file,
        case
            when winner.last_day > loser.last_day then 'its window ends later'
            when winner.rows_loaded > loser.rows_loaded then 'it has more rows'
            else 'same window and size: decided by content hash'
        end as winning_rule
    from per_pair
    inner join sources as winner on per_pair.winning_load_seq = winner.load_seq
    inner join sources as loser on per_pair.losing_load_seq = loser.load_seq
),

conflicts as (
    select
        losing_load_seq as load_seq,
        sum(lost_values) as conflicting_values,
        string_agg(
            lost_values || ' value(s) differ from ' || winning_source_file || ', which wins ('
            || winning_rule || ')',
            '; ' order by winning_source_file
        ) as conflict_note
    from explained
    group by losing_load_seq
),

observed_sources as (
    select
        load_seq,
        max(loaded_at) as loaded_at
    from observations
    group by load_seq
),

final as (
    select
        observed_sources.load_seq,
        cast(coalesce(conflicts.conflicting_values, 0) as {{ dbt.type_bigint() }}) as conflicting_values,
        conflicts.conflict_note,
        observed_sources.loaded_at
    from observed_sources
    left join conflicts on observed_sources.load_seq = conflicts.load_seq
)

select * from final
