-- One row per drop event (consecutive purge days of an account, see
-- int_purge_event_intervals), classified:
--   transient_dip      the next observed day wins back var('purge_glitch_rebound_share')
--                      of the loss: a data glitch, not an audience change;
--   purge              a platform-wide purge day, or a loss the account's
--                      own gains and losses do not explain, or a cold-start
--                      drop, or (no flows) an overnight drop (first day) of
--                      var('purge_account_specific_min_loss_without_flows');
--                      a smaller one, from
--                      var('purge_account_specific_min_loss_with_calm_evidence'), when
--                      the day's new follows were measured and held up (a gains score of
--                      var('purge_calm_gains_score') or more) and no comment storm was
--                      building (a surge under var('purge_calm_comment_surge') where
--                      comments were counted): the evidence that would show bad buzz is
--                      there and shows none;
--   unfollow_wave      no flows, calm platform, and either the days after the
--                      first one hold var('purge_sustained_loss_share') of the
--                      loss (an unfollow wave unfolds over days, a purge removes
--                      followers overnight), or new follows collapsed on the
--                      first day (gains score at or below
--                      var('purge_unfollow_wave_gains_score') with at least
--                      var('purge_unfollow_wave_min_expected_gains') expected):
--                      bad buzz drives follows away, a purge does not touch them;
--                      or comments stormed on the first day (int_purge_comment_baselines:
--                      the share of comments among comments and likes at least
--                      var('purge_unfollow_wave_comment_surge') times its trailing median,
--                      on more comments than chance gives at the usual share: a Poisson
--                      upper tail of var('purge_unfollow_wave_comment_p_value') or less): bad
--                      buzz is talked about, a purge of followers who never engaged is not;
--                      or both signals, each too weak alone, together (Fisher's method over
--                      the first day's follows and comments p-values, at most
--                      var('purge_unfollow_wave_combined_p_value'));
--   unconfirmed_drop   no flows, calm platform, any other overnight loss under
--                      var('purge_account_specific_min_loss_without_flows'), or under
--                      var('purge_account_specific_min_loss_followers_without_flows')
--                      followers: a one-day unfollow wave looks the same (on a
--                      small account a few new follows a day give the new-follows
--                      test no power, and a few dozen unfollows after a bad post
--                      are a 3-5% drop).
-- Only purges reach fct_follower_purge_events. The morning after, an event is
-- provisional: the next observed day can extend it or reclassify it.
with

event_intervals as (
    select * from {{ ref('int_purge_event_intervals') }}
),

platform_days as (
    select * from {{ ref('int_purge_platform_days') }}
),

events as (
    select
        event_id,
        account_key,
        platform,
        min(event_first_date) as first_date,
        max(activity_date) as last_date,
        min(case when is_purge_day then activity_date end) as detected_on_date,
        count(*) as observed_days,
        sum(gap_days) as event_days,
        sum(case when is_flagged then 1 else 0 end) as flagged_days,
        arg_min(followers_before, activity_date) as followers_before,
        arg_max(followers_total, activity_date) as followers_after,
        arg_max(account_name, activity_date) as account_name,
        sum(expected_change) as expected_change,
        sum(followers_lost) as followers_lost,
        arg_min(followers_lost, activity_date) as followers_lost_first_day,
        arg_min(gains, activity_date) as gains_first_day,
        arg_min(expected_gains, activity_date) as expected_gains_first_day,
        arg_min(gains_score, activity_date) as gains_score_first_day,
        arg_min(comments, activity_date) as comments_first_day,
        arg_min(comment_surge, activity_date) as comment_surge_first_day,
        arg_min(comment_excess_p_value, activity_date) as comment_excess_p_value_first_day,
        min(robust_score) as robust_score,
        bool_or(is_cold_start) as is_cold_start,
        bool_and(signal_basis = 'unexplained_change') as is_confirmed_by_flows,
        max(platform_flagged_share) as platform_flagged_share,
        sum(platform_median_relative_change) as platform_median_relative_change,
        arg_max(next_excess_change, activity_date) as next_excess_change
    from event_intervals
    group by event_id, account_key, platform
),

-- Platform-wide when a platform-wide purge day of the platform falls inside the
-- event (its own observed days may miss it, across a gap).
with_platform_context as (
    select
        events.*,
        exists(
            select 1
            from platform_days
            where
                platform_days.platform = events.platform
                and platform_days.activity_date between events.first_date and events.last_date
                and platform_days.is_platform_wide_purge_day
        ) as is_platform_wide
    from events
),

-- The two weak signals of bad buzz on the first day as p-values, and combined: new follows
-- below their usual (the larger, the less surprising, of the robust score's normal tail and
-- the Poisson lower tail at the expected follows: the robust score alone overstates a shortfall
-- of a few follows), comments above their usual share (1 where the share is not up). Under a
-- purge neither signal is there, so the combined p-value (Fisher's method) is uniform and a
-- threshold of var('purge_unfollow_wave_combined_p_value') turns that share of account
-- purges with both signals measured into waves; bad buzz moves both.
with_evidence as (
    select
        *,
        {{ fisher_combined_p('follows_p_value_first_day', 'comments_p_value_first_day') }}
            as wave_evidence_p_value
    from (
        select
            *,
            case
                when gains_score_first_day is not null and expected_gains_first_day > 0
                    then greatest(
                        {{ normal_cdf('gains_score_first_day') }},
                        {{ poisson_lower_tail('gains_first_day', 'expected_gains_first_day') }}
                    )
            end as follows_p_value_first_day,
            case
                when comment_surge_first_day is not null
                    then coalesce(comment_excess_p_value_first_day, 1.0)
            end as comments_p_value_first_day
        from with_platform_context
    ) as first_day_tails
),

classified as (
    select
        *,
        case
            when next_excess_change >= {{ var('purge_glitch_rebound_share') }} * followers_lost
                then 'transient_dip'
            when is_platform_wide or is_confirmed_by_flows or is_cold_start then 'purge'
            when
                followers_lost - followers_lost_first_day
                >= {{ var('purge_sustained_loss_share') }} * followers_lost
                then 'unfollow_wave'
            when
                expected_gains_first_day >= {{ var('purge_unfollow_wave_min_expected_gains') }}
                and gains_score_first_day <= {{ var('purge_unfollow_wave_gains_score') }}
                then 'unfollow_wave'
            when
                comment_surge_first_day >= {{ var('purge_unfollow_wave_comment_surge') }}
                and comment_excess_p_value_first_day <= {{ var('purge_unfollow_wave_comment_p_value') }}
                then 'unfollow_wave'
            when wave_evidence_p_value <= {{ var('purge_unfollow_wave_combined_p_value') }}
                then 'unfollow_wave'
            when followers_lost_first_day < {{ var('purge_account_specific_min_loss_followers_without_flows') }}
                then 'unconfirmed_drop'
            when
                {{ safe_divide('followers_lost_first_day', 'followers_before') }}
                >= {{ var('purge_account_specific_min_loss_without_flows') }}
                then 'purge'
            -- A smaller overnight loss is a purge only where the exports could show bad buzz
            -- and show none: new follows measured (var('purge_unfollow_wave_min_expected_gains')
            -- expected) and at or above their usual (a gains score of var('purge_calm_gains_score'):
            -- bad buzz drives follows away, a purge leaves them alone), and no comment storm
            -- building where comments were counted (a surge under var('purge_calm_comment_surge'),
            -- a margin under the storm threshold, on var('purge_unfollow_wave_min_comments')).
            when
                {{ safe_divide('followers_lost_first_day', 'followers_before') }}
                >= {{ var('purge_account_specific_min_loss_with_calm_evidence') }}
                and expected_gains_first_day >= {{ var('purge_unfollow_wave_min_expected_gains') }}
                and gains_score_first_day >= {{ var('purge_calm_gains_score') }}
                and (
                    comments_first_day is null
                    or comments_first_day < {{ var('purge_unfollow_wave_min_comments') }}
                    or comment_surge_first_day < {{ var('purge_calm_comment_surge') }}
                )
                then 'purge'
            else 'unconfirmed_drop'
        end as drop_kind
    from with_evidence
),

final as (
    select
        event_id,
        account_key,
        platform,
        account_name,
        first_date,
        last_date,
        detected_on_date,
        event_days,
        observed_days,
        flagged_days,
        followers_before,
        followers_after,
        followers_after - followers_before as followers_net_change,
        expected_change,
        followers_lost,
        followers_lost_first_day,
        {{ safe_divide('followers_lost', 'followers_before') }} as loss_pct,
        gains_score_first_day,
        comment_surge_first_day,
        comment_excess_p_value_first_day,
        follows_p_value_first_day,
        wave_evidence_p_value,
        robust_score,
        case when is_platform_wide then 'platform_wide' else 'account_specific' end as scope,
        drop_kind,
        is_confirmed_by_flows,
        is_cold_start,
        platform_flagged_share,
        platform_median_relative_change,
        next_excess_change
    from classified
)

select * from final
