{%- set window_days = var('glitch_window_days') -%}
{%- set min_jump = var('glitch_min_relative_jump') -%}
{%- set min_followers = var('glitch_min_jump_followers') -%}
{%- set revert_share = var('glitch_revert_share') -%}
{%- set tolerance = var('glitch_sources_relative_tolerance') -%}
-- The observed follower totals of int_follower_totals_deduplicated, screened
-- for data glitches, one row per account and day. A reported total (the
-- precedence winner) is suspect when:
--   sources_disagree  another format states a different total for the day and
--                     only the other one agrees with the neighbouring days (the
--                     screened total is then that other file's total);
--   zero_total        it is 0 while the account had var('glitch_min_jump_followers')
--                     or more followers within var('glitch_window_days') days
--                     before, and no day within as many days after stays below
--                     half of that (a real loss of the whole audience stays);
--   reverted_jump     it contradicts both neighbours: it moved at least
--                     var('glitch_min_relative_jump') of an earlier total (and
--                     var('glitch_min_jump_followers') followers) from it, and a
--                     later total within var('glitch_window_days') days is back
--                     within var('glitch_revert_share') of that move.
-- "Neighbours" are the observed days within var('glitch_window_days') days
-- either side; the reference is the nearest earlier one, else the nearest
-- later one. A suspect total is kept out: the screened total is NULL unless
-- another file states a plausible one (never a number no file stated).
-- A disagreeing other source whose total is the implausible one leaves the
-- reported total alone (is_suspect_total false) but is recorded
-- (sources_disagreeing, glitch_source_file): its file is the glitch.
-- A day's screening depends on the days after it: loaded_at is the newest
-- loaded_at within the window, so that incremental marts rebuild the day
-- when a later day arrives.
-- Incremental: a run rebuilds the days from the earliest day of newly loaded
-- totals minus var('incremental_lookback_days') (at least the window: the
-- earlier days a new total is a neighbour of), reading the totals from a
-- window before that, so that the first rebuilt day has its neighbours.
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['account_key', 'activity_date'],
    on_schema_change='fail',
    post_hook="{{ delete_retired_account_keys() }}",
) }}
-- depends_on: {{ ref('int_accounts_resolved') }}
{%- set rebuild_from = incremental_rebuild_from([[ref('int_follower_totals_deduplicated'), 'activity_date']]) %}
with

totals as (
    select * from {{ ref('int_follower_totals_deduplicated') }}
    {%- if is_incremental() %}
    where activity_date >= {{ add_days(-window_days, rebuild_from) }}
    {%- endif %}
),

window_pairs as (
    select
        tested.account_key,
        tested.activity_date,
        neighbour.activity_date as neighbour_date,
        neighbour.followers_total as neighbour_total,
        neighbour.loaded_at as neighbour_loaded_at,
        cast({{ dbt.datediff('tested.activity_date', 'neighbour.activity_date', 'day') }} as integer) as offset_days
    from totals as tested
    inner join totals as neighbour
        on
            tested.account_key = neighbour.account_key
            and {{ add_days(-window_days, 'tested.activity_date') }} <= neighbour.activity_date
            and {{ add_days(window_days, 'tested.activity_date') }} >= neighbour.activity_date
            and tested.activity_date != neighbour.activity_date
),

neighbours as (
    select
        account_key,
        activity_date,
        max(neighbour_loaded_at) as neighbour_loaded_at,
        arg_max(neighbour_total, neighbour_date) filter (where offset_days < 0) as previous_total,
        arg_min(neighbour_total, neighbour_date) filter (where offset_days > 0) as next_total,
        max(neighbour_total) filter (where offset_days < 0) as max_previous_total,
        min(neighbour_total) filter (where offset_days > 0) as min_next_total
    from window_pairs
    group by account_key, activity_date
),

-- A move away from an earlier total that a later total undoes (within the window).
reverts as (
    select
        tested.account_key,
        tested.activity_date,
        min(after_day.offset_days) as days_to_revert
    from totals as tested
    inner join window_pairs as before_day
        on
            tested.account_key = before_day.account_key
            and tested.activity_date = before_day.activity_date
            and before_day.offset_days < 0
    inner join window_pairs as after_day
        on
            tested.account_key = after_day.account_key
            and tested.activity_date = after_day.activity_date
            and after_day.offset_days > 0
    where
        abs(tested.followers_total - before_day.neighbour_total)
        >= greatest({{ min_jump }} * before_day.neighbour_total, {{ min_followers }})
        and abs(after_day.neighbour_total - before_day.neighbour_total)
        <= {{ revert_share }} * abs(tested.followers_total - before_day.neighbour_total)
    group by tested.account_key, tested.activity_date
),

compared as (
    select
        totals.*,
        coalesce(neighbours.previous_total, neighbours.next_total) as reference_total,
        neighbours.max_previous_total,
        neighbours.min_next_total,
        neighbours.neighbour_loaded_at,
        reverts.days_to_revert,
        coalesce(
            totals.other_source_total is not null
            and abs(totals.other_source_total - totals.followers_total)
            > greatest({{ tolerance }} * greatest(totals.other_source_total, totals.followers_total), {{ min_followers }}),
            false
        ) as is_sources_disagreement
    from totals
    left join neighbours
        on
            totals.account_key = neighbours.account_key
            and totals.activity_date = neighbours.activity_date
    left join reverts
        on
            totals.account_key = reverts.account_key
            and totals.activity_date = reverts.activity_date
),

plausibility as (
    select
        *,
        coalesce(
            abs(followers_total - reference_total)
            < greatest({{ min_jump }} * reference_total, {{ min_followers }}),
            false
        ) as is_reported_plausible,
        coalesce(
            abs(other_source_total - reference_total)
            < greatest({{ min_jump }} * reference_total, {{ min_followers }}),
            false
        ) as is_other_plausible
    from compared
),

screened as (
    select
        *,
        case
            when is_sources_disagreement and is_other_plausible and not is_reported_plausible
                then 'sources_disagree'
            when
                followers_total = 0
                and max_previous_total >= {{ min_followers }}
                and (min_next_total is null or min_next_total >= 0.5 * max_previous_total)
                then 'zero_total'
            when days_to_revert is not null then 'reverted_jump'
        end as suspect_total_reason
    from plausibility
),

final as (
    select
        account_key,
        platform,
        activity_date,
        followers_total as reported_followers_total,
        total_source as reported_total_source,
        source_file as reported_source_file,
        observed_in_export_date,
        case
            when suspect_total_reason is null then followers_total
            when is_other_plausible then other_source_total
        end as screened_followers_total,
        case
            when suspect_total_reason is null then total_source
            when is_other_plausible then other_total_source
        end as screened_total_source,
        suspect_total_reason is not null as is_suspect_total,
        suspect_total_reason,
        case when suspect_total_reason is not null then days_to_revert end as days_to_revert,
        reference_total,
        other_source_total,
        other_total_source,
        other_source_file,
        cast(case when is_sources_disagreement then 1 else 0 end as integer) as sources_disagreeing,
        case
            when suspect_total_reason is not null then source_file
            when is_sources_disagreement and is_reported_plausible and not is_other_plausible then other_source_file
        end as glitch_source_file,
        case
            when suspect_total_reason is not null then followers_total
            when is_sources_disagreement and is_reported_plausible and not is_other_plausible then other_source_total
        end as glitch_reported_total,
        {{ greatest_known(['loaded_at', 'neighbour_loaded_at']) }} as loaded_at
    from screened
    {%- if is_incremental() %}
    where activity_date >= {{ rebuild_from }}
    {%- endif %}
)

select * from final
