{%- set window_days = var('purge_baseline_window_days') -%}
{%- set min_weekday_points = var('purge_min_weekday_points') -%}
{%- set mad_floor = var('purge_mad_floor') -%}
-- Robust score of every interval's detection signal against the account's own trailing
-- window (the var('purge_baseline_window_days') days before the interval, the tested
-- interval excluded): an unexplained change against the unexplained changes of intervals
-- with flows, a net change against the net change of every interval (an account whose
-- flows are missing for one day has weeks of net changes: judged against none, that day
-- was a cold start, where any 5% drop is a purge, and a one-day unfollow wave with a comment
-- storm on an X or TikTok account whose flows file missed that day was published as one:
-- held-out seed 83):
--   center = median of the same weekday's daily signals when the window holds
--            var('purge_min_weekday_points') of them (weekly seasonality),
--            else the median daily signal; an interval of g days expects g * center;
--   spread = median absolute residual, each history interval standardised by
--            sqrt(its days), floored at var('purge_mad_floor');
--   score  = 0.6745 * (detection_signal - g * center) / (sqrt(g) * spread) (Iglewicz and Hoaglin).
-- Earlier purge days must not feed the baseline. Excluding them exactly is
-- recursive (a day's flag depends on earlier flags); this model approximates
-- it in two passes: pass 1 scores against the plain trailing window, pass 2
-- scores again with every day flagged by pass 1 left out of the window.
-- Spikes must not feed it either: a day pass 1 scores at or above
-- var('purge_spike_z_threshold') (a viral day) is left out of pass 2's window
-- too. Three viral Mondays in a six-week window otherwise make the Monday
-- median a gain of several percent, and every ordinary Monday after them
-- reads as a purge.
-- Scores only use days before the tested one, so a day's score never changes
-- when later days arrive.
with

intervals as (
    select * from {{ ref('int_purge_follower_intervals') }}
),
{% for pass_number in [1, 2] %}
{%- set p = 'pass_' ~ pass_number %}

{{ p }}_history as (
    select
        tested.account_key,
        tested.activity_date,
        history.iso_weekday as history_weekday,
        history.gap_days as history_gap_days,
        case
            when tested.signal_basis = history.signal_basis then history.detection_signal
            else history.relative_change
        end as history_value
    from intervals as tested
    inner join {{ 'intervals' if pass_number == 1 else 'pass_1_flags' }} as history
        on
            tested.account_key = history.account_key
            and (tested.signal_basis = history.signal_basis or tested.signal_basis = 'net_change')
            and {{ in_trailing_window(
                'history.activity_date', 'tested.activity_date', window_days,
                before='tested.interval_start_date',
            ) }}
    where
        history.detection_signal is not null
        and (tested.signal_basis = history.signal_basis or history.relative_change is not null)
        {%- if pass_number == 2 %}
        and not history.is_flagged_first_pass
        and not history.is_spike_first_pass
        {%- endif %}
),

{{ robust_baseline_ctes(p, min_weekday_points) }}

{{ p }}_scored as (
    select
        intervals.*,
        coalesce(overall_centers.history_points, 0) as history_intervals,
        case
            when intervals.gap_days = 1 and weekday_centers.weekday_points >= {{ min_weekday_points }}
                then weekday_centers.weekday_center
            else overall_centers.overall_center
        end as baseline_center,
        spreads.median_absolute_deviation,
        greatest(coalesce(spreads.median_absolute_deviation, 0), {{ mad_floor }}) as baseline_spread
    from intervals
    left join {{ p }}_overall_centers as overall_centers
        on
            intervals.account_key = overall_centers.account_key
            and intervals.activity_date = overall_centers.activity_date
    left join {{ p }}_weekday_centers as weekday_centers
        on
            intervals.account_key = weekday_centers.account_key
            and intervals.activity_date = weekday_centers.activity_date
            and intervals.iso_weekday = weekday_centers.history_weekday
    left join {{ p }}_spreads as spreads
        on
            intervals.account_key = spreads.account_key
            and intervals.activity_date = spreads.activity_date
),

{{ p }}_flagged as (
    select
        *,
        history_intervals < {{ var('purge_min_history_intervals') }} as is_cold_start,
        gap_days * coalesce(baseline_center, 0) as expected_signal,
        detection_signal - gap_days * coalesce(baseline_center, 0) as excess_signal,
        0.6745 * (detection_signal - gap_days * coalesce(baseline_center, 0)) / (sqrt(gap_days) * baseline_spread)
            as robust_score
    from {{ p }}_scored
),

{{ p }}_decisions as (
    select
        *,
        case
            when detection_signal is null then false
            when is_cold_start
                then
                    detection_signal <= -{{ var('purge_cold_start_relative_loss') }}
                    and detection_signal * followers_before <= -{{ var('purge_cold_start_min_loss_followers') }}
            else
                robust_score <= {{ var('purge_z_threshold') }}
                and excess_signal <= -case
                    when signal_basis = 'unexplained_change' then {{ var('purge_min_relative_loss') }}
                    else {{ var('purge_min_relative_loss_without_flows') }}
                end
                and excess_signal * followers_before <= -{{ var('purge_min_loss_followers') }}
        end as is_flagged,
        coalesce(
            not is_cold_start
            and robust_score <= {{ var('purge_loose_z_threshold') }}
            and excess_signal <= -{{ var('purge_min_relative_loss') }}
            and excess_signal * followers_before <= -{{ var('purge_platform_day_min_loss_followers') }},
            false
        ) as is_loose_candidate,
        coalesce(
            not is_cold_start
            and robust_score <= {{ var('purge_continuation_z_threshold') }}
            and excess_signal < 0,
            false
        ) as is_continuation_candidate
    from {{ p }}_flagged
),
{%- if pass_number == 1 %}

pass_1_flags as (
    select
        intervals.*,
        pass_1_decisions.is_flagged as is_flagged_first_pass,
        coalesce(pass_1_decisions.robust_score >= {{ var('purge_spike_z_threshold') }}, false)
            as is_spike_first_pass
    from intervals
    inner join pass_1_decisions
        on
            intervals.account_key = pass_1_decisions.account_key
            and intervals.activity_date = pass_1_decisions.activity_date
),
{%- endif %}
{% endfor %}

final as (
    select
        pass_2_decisions.account_key,
        pass_2_decisions.platform,
        pass_2_decisions.account_name,
        pass_2_decisions.activity_date,
        pass_2_decisions.interval_start_date,
        pass_2_decisions.gap_days,
        pass_2_decisions.iso_weekday,
        pass_2_decisions.followers_before,
        pass_2_decisions.followers_total,
        pass_2_decisions.followers_net_change,
        pass_2_decisions.relative_change,
        pass_2_decisions.gains,
        pass_2_decisions.losses,
        pass_2_decisions.flow_coverage,
        pass_2_decisions.signal_basis,
        pass_2_decisions.unexplained_change,
        pass_2_decisions.detection_signal,
        pass_2_decisions.engagements,
        pass_2_decisions.history_intervals,
        pass_2_decisions.is_cold_start,
        pass_2_decisions.baseline_center,
        pass_2_decisions.median_absolute_deviation,
        pass_2_decisions.baseline_spread,
        pass_2_decisions.expected_signal,
        pass_2_decisions.excess_signal,
        pass_2_decisions.excess_signal * pass_2_decisions.followers_before as excess_change,
        pass_2_decisions.robust_score,
        pass_1_flags.is_flagged_first_pass,
        pass_1_flags.is_spike_first_pass,
        pass_2_decisions.is_flagged,
        pass_2_decisions.is_loose_candidate,
        pass_2_decisions.is_continuation_candidate
    from pass_2_decisions
    inner join pass_1_flags
        on
            pass_2_decisions.account_key = pass_1_flags.account_key
            and pass_2_decisions.activity_date = pass_1_flags.activity_date
)

select * from final
