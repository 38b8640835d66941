-- Every follower drop, one row per event, with its class and the evidence:
--   platform_purge / account_purge  the purges of fct_follower_purge_events
--                    (scope platform_wide / account_specific), same event_id;
--   unfollow_wave    a drop the reported unfollows explain (int_unfollow_wave_events:
--                    X, TikTok, YouTube), or, without unfollow data, a drop
--                    int_purge_drop_events calls an unfollow_wave (it goes on
--                    over the next days, or new follows collapsed) or an
--                    unconfirmed_drop (an overnight loss too small to be told
--                    from a one-day wave);
--   data_glitch      a total int_follower_totals_screened finds to be a glitch
--                    (its own or a disagreeing file's), or a transient_dip of
--                    int_purge_drop_events (the next day won the loss back).
-- Evidence over the event's days: flows_explained_share (gains - losses over
-- the net change), days_to_revert, platform_share_hit (share of the platform's
-- tracked accounts the purge detector flagged on the first day), comment_surge
-- (the first day's share of comments among comments and likes over its usual),
-- sources_disagreeing (days on which another file stated another total).
with

drop_events as (
    select * from {{ ref('int_purge_drop_events') }}
),

wave_events as (
    select * from {{ ref('int_unfollow_wave_events') }}
),

screened_totals as (
    select * from {{ ref('int_follower_totals_screened') }}
),

account_daily as (
    select * from {{ ref('int_account_daily_assembled') }}
),

platform_days as (
    select * from {{ ref('int_purge_platform_days') }}
),

detector_events as (
    select
        event_id,
        case
            when drop_kind = 'purge' and scope = 'platform_wide' then 'platform_purge'
            when drop_kind = 'purge' then 'account_purge'
            when drop_kind = 'transient_dip' then 'data_glitch'
            else 'unfollow_wave'
        end as event_class,
        drop_kind as detector_kind,
        account_key,
        platform,
        account_name,
        first_date,
        last_date,
        event_days,
        followers_before,
        followers_after,
        case when drop_kind = 'transient_dip' then 0 else followers_lost end as followers_lost,
        case when drop_kind = 'transient_dip' then 1 end as days_to_revert,
        case when drop_kind = 'purge' then event_id end as purge_event_id,
        comment_surge_first_day as comment_surge,
        cast(null as varchar) as glitch_source_file,
        cast(null as bigint) as glitch_reported_total
    from drop_events
),

flow_waves as (
    select
        event_id,
        'unfollow_wave' as event_class,
        'unfollow_wave_with_flows' as detector_kind,
        account_key,
        platform,
        account_name,
        first_date,
        last_date,
        event_days,
        followers_before,
        followers_after,
        followers_lost,
        cast(null as integer) as days_to_revert,
        cast(null as varchar) as purge_event_id,
        cast(null as {{ type_double() }}) as comment_surge,
        cast(null as varchar) as glitch_source_file,
        cast(null as bigint) as glitch_reported_total
    from wave_events
),

glitches as (
    select
        {{ dbt.hash(dbt.concat(["'data_glitch/'", 'account_key', "'/'", 'cast(activity_date as varchar)'])) }}
            as event_id,
        'data_glitch' as event_class,
        coalesce(suspect_total_reason, 'sources_disagree') as detector_kind,
        account_key,
        platform,
        cast(null as varchar) as account_name,
        activity_date as first_date,
        activity_date as last_date,
        1 as event_days,
        reference_total as followers_before,
        screened_followers_total as followers_after,
        0 as followers_lost,
        days_to_revert,
        cast(null as varchar) as purge_event_id,
        cast(null as {{ type_double() }}) as comment_surge,
        glitch_source_file,
        glitch_reported_total
    from screened_totals
    where glitch_source_file is not null
),

all_events as (
    select * from detector_events
    union all
    select * from flow_waves
    union all
    select * from glitches
),

-- Flows and source disagreements over the event's days.
event_days as (
    select
        all_events.event_id,
        sum(account_daily.followers_net_change) as followers_net_change,
        sum(account_daily.gains) as gains,
        sum(account_daily.losses) as losses,
        count(account_daily.followers_net_change) as days_with_net_change,
        count(account_daily.losses) as days_with_losses,
        count(account_daily.gains) as days_with_gains,
        count(account_daily.activity_date) as days_reported,
        arg_max(account_daily.account_name, account_daily.activity_date) as account_name,
        coalesce(sum(screened_totals.sources_disagreeing), 0) as sources_disagreeing
    from all_events
    left join account_daily
        on
            all_events.account_key = account_daily.account_key
            and account_daily.activity_date between all_events.first_date and all_events.last_date
    left join screened_totals
        on
            account_daily.account_key = screened_totals.account_key
            and account_daily.activity_date = screened_totals.activity_date
    group by all_events.event_id
),

final as (
    select
        cast(all_events.event_id as varchar) as event_id,
        cast(all_events.event_class as varchar) as event_class,
        cast(all_events.detector_kind as varchar) as detector_kind,
        cast(all_events.account_key as varchar) as account_key,
        cast(all_events.platform as varchar) as platform,
        cast(coalesce(all_events.account_name, event_days.account_name) as varchar) as account_name,
        cast(all_events.first_date as date) as first_date,
        cast(all_events.last_date as date) as last_date,
        cast(all_events.event_days as integer) as event_days,
        cast(all_events.followers_before as bigint) as followers_before,
        cast(all_events.followers_after as bigint) as followers_after,
        cast(round(all_events.followers_lost) as bigint) as followers_lost,
        cast(
            {{ safe_divide('all_events.followers_lost', 'all_events.followers_before') }} as {{ type_double() }}
        ) as loss_pct,
        cast(case when event_days.days_with_gains = event_days.days_reported then event_days.gains end as bigint)
            as gains,
        cast(case when event_days.days_with_losses = event_days.days_reported then event_days.losses end as bigint)
            as losses,
        cast(
            case
                when
                    all_events.event_class != 'data_glitch'
                    and event_days.days_with_losses = event_days.days_reported
                    and event_days.days_with_net_change = event_days.days_reported
                    and event_days.followers_net_change < 0
                    then least(
                        greatest(
                            (event_days.gains - event_days.losses) / event_days.followers_net_change, 0
                        ),
                        1
                    )
            end as {{ type_double() }}
        ) as flows_explained_share,
        cast(all_events.comment_surge as {{ type_double() }}) as comment_surge,
        cast(all_events.days_to_revert as integer) as days_to_revert,
        cast(platform_days.flagged_share as {{ type_double() }}) as platform_share_hit,
        cast(event_days.sources_disagreeing as integer) as sources_disagreeing,
        cast(all_events.glitch_source_file as varchar) as glitch_source_file,
        cast(all_events.glitch_reported_total as bigint) as glitch_reported_total,
        cast(all_events.purge_event_id as varchar) as purge_event_id
    from all_events
    inner join event_days on all_events.event_id = event_days.event_id
    left join platform_days
        on
            all_events.platform = platform_days.platform
            and all_events.first_date = platform_days.activity_date
)

select * from final
