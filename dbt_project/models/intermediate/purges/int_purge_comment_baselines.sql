{%- set window_days = var('purge_baseline_window_days') -%}
-- The share of comments among an account's comments and likes on each day
-- that reports both (LinkedIn, X, TikTok: the daily exports that split them),
-- against the median share of the account's trailing window of
-- var('purge_baseline_window_days') days (var('purge_min_history_intervals')
-- days or more): comment_surge = share / trailing median share.
-- Bad buzz is a comment storm: people comment far more for each like (the
-- share triples or more) the day an unfollow wave starts; a purge removes
-- followers who never engaged and leaves the share alone. A share rather
-- than a count: a viral day raises comments and likes together. comment_excess_p_value says
-- whether a surge on few comments is more than chance (Poisson, at the usual share).
with

account_daily as (
    select * from {{ ref('int_account_daily_assembled') }}
),

comment_shares as (
    select
        account_key,
        activity_date,
        comments,
        likes,
        {{ safe_divide('comments', 'comments + likes') }} as comment_share
    from account_daily
    where comments is not null and likes is not null and comments + likes > 0
),

history as (
    select
        tested.account_key,
        tested.activity_date,
        past.comment_share as history_share
    from comment_shares as tested
    inner join comment_shares as past
        on
            tested.account_key = past.account_key
            and {{ in_trailing_window('past.activity_date', 'tested.activity_date', window_days) }}
),

trailing_shares as (
    select
        account_key,
        activity_date,
        {{ median('history_share') }} as baseline_comment_share,
        count(*) as history_days
    from history
    group by account_key, activity_date
),

scored as (
    select
        comment_shares.account_key,
        comment_shares.activity_date,
        comment_shares.comments,
        comment_shares.likes,
        comment_shares.comment_share,
        trailing_shares.baseline_comment_share,
        trailing_shares.history_days,
        {{ safe_divide('comment_shares.comment_share', 'trailing_shares.baseline_comment_share') }} as comment_surge,
        trailing_shares.baseline_comment_share * (comment_shares.comments + comment_shares.likes) as expected_comments
    from comment_shares
    inner join trailing_shares
        on
            comment_shares.account_key = trailing_shares.account_key
            and comment_shares.activity_date = trailing_shares.activity_date
    where trailing_shares.history_days >= {{ var('purge_min_history_intervals') }}
),

-- How surprising the day's comments are at the usual share: a surge on 4 comments where 0.7
-- were expected is a storm, a surge on 6 where 2 were expected may be chance. Only for days
-- whose share is up (the list of terms grows with the count; a day at or under its usual share
-- is no evidence of a storm, whatever its p-value).
final as (
    select
        *,
        case
            when comment_surge > 1
                then {{ poisson_upper_tail('comments', 'expected_comments') }}
        end as comment_excess_p_value
    from scored
)

select * from final
