"""Warning check: a NEW unfollow wave (bad buzz) in the run's window.

Validates one row per account tracked in the run's window, with the unfollow waves of
``marts.fct_follower_drop_events`` (``event_class = 'unfollow_wave'``) that end in the
window (an account with none has one row, ``alert_status = 'no_wave'``). Each wave alerts
once: the alert ledger ``quality.purge_alerts`` (``alert_kind = 'unfollow_wave'``, see
``socialkpi.alert_ledger``) remembers the run day that first reported it, and a later run
sees it as ``reported_earlier``.

The check fails, at warning severity (alerted, never failing the run), for a ``new`` wave
and records what the brand needs: the followers lost and the share of the audience, the
unfollows, and the posts published the day before the wave started (up to three, most
engaging first), which are often what set it off.
"""

from socialkpi.alert_ledger import (
    LEDGER_DDL,
    once_per_event_expectations,
    record_alerts,
    status_query,
)

SUITE_NAME = "unfollow_wave_events"

SETUP_SQL = LEDGER_DDL

WAVES_IN_WINDOW = """
    select
        waves.event_id, waves.account_key, waves.platform, waves.account_name,
        waves.first_date, waves.last_date, waves.followers_before, waves.followers_after,
        waves.followers_lost, round(100 * waves.loss_pct, 2) as loss_pct, waves.losses,
        waves.gains, waves.flows_explained_share,
        cast(null as varchar) as scope, cast(null as varchar) as severity,
        posts.posts_day_before
    from marts.fct_follower_drop_events as waves
    left join (
        select account_key, published_date,
            string_agg(
                coalesce(post_type, 'post') || ' ' || coalesce(post_url, post_id)
                || ' (' || coalesce(cast(engagements as varchar), 'no') || ' engagements)',
                '; ' order by engagements desc nulls last
            ) as posts_day_before
        from (
            select *, row_number() over (
                partition by account_key, published_date order by engagements desc nulls last
            ) as engagement_rank
            from marts.fct_post_performance
        )
        where engagement_rank <= 3
        group by account_key, published_date
    ) as posts
        on posts.account_key = waves.account_key
        and posts.published_date = waves.first_date - 1
    where waves.event_class = 'unfollow_wave'
        and waves.last_date >= $window_start and waves.last_date < $window_end
"""

QUERY = status_query("unfollow_wave", WAVES_IN_WINDOW, "no_wave")

INDEX_COLUMNS = [
    "alert_status",
    "platform",
    "account_name",
    "first_date",
    "last_date",
    "followers_lost",
    "loss_pct",
    "losses",
    "followers_before",
    "posts_day_before",
    "event_id",
]


def build_expectations(gxe, variables):
    return once_per_event_expectations(gxe, "no_wave")


def record_results(con, frame, params, outcomes) -> None:
    record_alerts(con, frame, params, "unfollow_wave")
