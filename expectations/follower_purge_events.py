"""Warning check: a NEW follower purge in the run's window.

Validates one row per account tracked in the run's window, with the purge
events of ``marts.fct_follower_purge_events`` that end in the window (an
account with none has one row, ``alert_status = 'no_purge'``). The window
includes the run's lookback days, so a purge revealed by late or restated
exports is not missed.

Each event in the window gets an ``alert_status`` from the alert ledger
``quality.purge_alerts`` (one row per event and run day that reported it; its
``alert_kind`` is ``purge`` for these). The statuses are computed by
``socialkpi.alert_ledger.status_query`` with the purge's two policies, thresholds in
``socialkpi.alert_ledger.ALERT_POLICY``:

- ``new``: no run for an EARLIER data interval (run day) reported the event;
- ``grown``: reported earlier, exactly once, as ``new``, and its loss has since
  reached ``purge_alert_growth_factor`` times the loss reported then (a
  multi-day purge like X's July 2018 one), and the growth is at least
  ``purge_alert_growth_min_followers`` followers: reported once more, never again;
- ``reported_earlier``: already reported (and not grown enough);
- ``held_until_next_day``: not reported yet, an account-specific event of at least
  ``purge_alert_hold_loss_share`` of the audience that ends on the account's newest
  known day: such a drop may be a data glitch that the next day undoes (then it is no
  purge any more); it alerts as ``new`` the morning after, if still a purge.

The check fails, at warning severity (recorded, alerted, never failing the
run), when a row is ``new`` or ``grown``, and records for each event the
account, its days, the followers lost, the share of the audience and the scope
(platform-wide purge or account-specific drop). A purge therefore alerts on the
first morning that shows it, not on every morning of the lookback.

An earlier report is matched by event id (``hash(account_key, first_date)``,
the same in a backfill and in day-by-day runs) or, should a late export move
the event's first day, by the same account with overlapping days.

After validation, :func:`record_results` replaces the ledger rows of this run
day with the events this run reported. Only reports for strictly earlier run
days decide the status, so re-running a day gives the same outcome and leaves
the same ledger.
"""

from socialkpi.alert_ledger import LEDGER_DDL, record_alerts, status_query

SUITE_NAME = "follower_purge_events"

# The alert ledger (socialkpi.alert_ledger): which run day (the data interval's day, not the
# wall clock) first reported each event, per alert kind, with the loss at that time.
SETUP_SQL = LEDGER_DDL

PURGES_IN_WINDOW = """
    select
        event_id, account_key, platform, account_name, scope, severity, first_date, last_date,
        followers_before, followers_after, followers_lost,
        loss_pct as loss_share, round(100 * loss_pct, 2) as loss_pct
    from marts.fct_follower_purge_events
    where last_date >= $window_start and last_date < $window_end
"""

QUERY = status_query(
    "purge",
    PURGES_IN_WINDOW,
    "no_purge",
    hold_large_drops_on_newest_day=True,
    realert_when_grown=True,
)

INDEX_COLUMNS = [
    "alert_status",
    "platform",
    "account_name",
    "scope",
    "first_date",
    "last_date",
    "followers_lost",
    "loss_pct",
    "followers_before",
    "followers_after",
    "severity",
    "first_reported_for",
    "first_reported_loss",
    "event_id",
]

ALERTING_STATUSES = ("new", "grown")


def build_expectations(gxe, variables):
    return [
        gxe.ExpectColumnValuesToBeInSet(
            column="alert_status",
            value_set=["no_purge", "reported_earlier", "held_until_next_day"],
            severity="warning",
        )
    ]


def record_results(con, frame, params, outcomes) -> None:
    """Replace this run day's purge rows of the ledger with its new or grown events."""
    record_alerts(con, frame, params, "purge", ALERTING_STATUSES)
