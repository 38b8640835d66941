"""Warning check: a NEW data glitch in a follower total (data quality, not the audience).

Validates one row per account tracked in the run's window, with the data glitches of
``marts.fct_follower_drop_events`` (``event_class = 'data_glitch'``) in the window (an
account with none has one row, ``alert_status = 'no_glitch'``): a total of 0, a jump that
the next days undo, or one file contradicted by another for the same day. Such a total is
kept out of fct_account_daily's followers_total, growth, rates and purge KPIs; the warning
names the file so that it can be checked or re-downloaded.

Each glitch alerts once (ledger ``quality.purge_alerts``, ``alert_kind = 'data_glitch'``,
see ``socialkpi.alert_ledger``). A jump is told from a real change by the days after it,
so a jump alerts on the morning its revert arrives; a 0 alerts the first morning.
"""

from socialkpi.alert_ledger import (
    LEDGER_DDL,
    once_per_event_expectations,
    record_alerts,
    status_query,
)

SUITE_NAME = "follower_data_glitches"

SETUP_SQL = LEDGER_DDL

GLITCHES_IN_WINDOW = """
    select
        event_id, account_key, platform, account_name, first_date, last_date,
        followers_before, followers_after, followers_lost, 0.0 as loss_pct,
        glitch_source_file, glitch_reported_total, detector_kind, days_to_revert,
        sources_disagreeing, cast(null as varchar) as scope, cast(null as varchar) as severity
    from marts.fct_follower_drop_events
    where event_class = 'data_glitch'
        and last_date >= $window_start and last_date < $window_end
"""

QUERY = status_query("data_glitch", GLITCHES_IN_WINDOW, "no_glitch")

INDEX_COLUMNS = [
    "alert_status",
    "platform",
    "account_name",
    "first_date",
    "glitch_source_file",
    "glitch_reported_total",
    "followers_before",
    "detector_kind",
    "event_id",
]


def build_expectations(gxe, variables):
    return once_per_event_expectations(gxe, "no_glitch")


def record_results(con, frame, params, outcomes) -> None:
    record_alerts(con, frame, params, "data_glitch")
