"""Warning check: a NEW follower purge in the run's window.

Validates one row per account tracked in the run's window, with the purge
events of ``marts.fct_follower_purge_events`` that end in the window (an
account with none has one row, ``alert_status = 'no_purge'``). The window
includes the run's lookback days, so a purge revealed by late or restated
exports is not missed.

Each event in the window gets an ``alert_status`` from the alert ledger
``quality.purge_alerts`` (one row per event and run day that reported it; its
``alert_kind`` is ``purge`` for these, see ``socialkpi.alert_ledger``):

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

from socialkpi.alert_ledger import LEDGER_DDL, record_alerts

SUITE_NAME = "follower_purge_events"

# The alert ledger (socialkpi.alert_ledger): which run day (the data interval's day, not the
# wall clock) first reported each event, per alert kind, with the loss at that time.
SETUP_SQL = LEDGER_DDL

QUERY = """
with tracked_accounts as (
    select distinct account_key, platform, account_name
    from marts.fct_account_daily
    where activity_date >= $window_start and activity_date < $window_end
),
purges_in_window as (
    select * from marts.fct_follower_purge_events
    where last_date >= $window_start and last_date < $window_end
),
-- Reports by runs for strictly earlier run days: a re-run of this day ignores its own.
earlier_reports as (
    select * from quality.purge_alerts
    where reported_for < $run_day and alert_kind = 'purge'
),
report_history as (
    select
        purges_in_window.event_id,
        count(earlier_reports.event_id) as times_reported,
        min(earlier_reports.reported_for) as first_reported_for,
        arg_min(earlier_reports.followers_lost, earlier_reports.reported_for) as first_reported_loss
    from purges_in_window
    left join earlier_reports
        on earlier_reports.event_id = purges_in_window.event_id
        or (
            earlier_reports.account_key = purges_in_window.account_key
            and earlier_reports.first_date <= purges_in_window.last_date
            and earlier_reports.last_date >= purges_in_window.first_date
        )
    group by purges_in_window.event_id
),
-- The newest day with a known total per account: an event that ends on it can still revert.
newest_known_days as (
    select account_key, max(activity_date) as newest_known_date
    from marts.fct_account_daily
    where followers_total is not null
    group by account_key
),
purges_with_status as (
    select
        purges_in_window.*,
        report_history.first_reported_for,
        report_history.first_reported_loss,
        case
            when
                report_history.times_reported = 0
                and purges_in_window.scope != 'platform_wide'
                and purges_in_window.loss_pct >= $purge_alert_hold_loss_share
                and purges_in_window.last_date >= newest_known_days.newest_known_date
                then 'held_until_next_day'
            when report_history.times_reported = 0 then 'new'
            when
                report_history.times_reported = 1
                and purges_in_window.followers_lost
                    >= $purge_alert_growth_factor * report_history.first_reported_loss
                and purges_in_window.followers_lost - report_history.first_reported_loss
                    >= $purge_alert_growth_min_followers
                then 'grown'
            else 'reported_earlier'
        end as alert_status
    from purges_in_window
    inner join report_history on report_history.event_id = purges_in_window.event_id
    left join newest_known_days on newest_known_days.account_key = purges_in_window.account_key
)
select
    coalesce(purges_with_status.platform, tracked_accounts.platform) as platform,
    coalesce(purges_with_status.account_name, tracked_accounts.account_name) as account_name,
    coalesce(purges_with_status.account_key, tracked_accounts.account_key) as account_key,
    coalesce(purges_with_status.alert_status, 'no_purge') as alert_status,
    purges_with_status.event_id,
    purges_with_status.scope,
    purges_with_status.severity,
    purges_with_status.first_date,
    purges_with_status.last_date,
    purges_with_status.followers_before,
    purges_with_status.followers_after,
    coalesce(purges_with_status.followers_lost, 0) as followers_lost,
    round(100 * purges_with_status.loss_pct, 2) as loss_pct,
    purges_with_status.first_reported_for,
    purges_with_status.first_reported_loss
from tracked_accounts
full outer join purges_with_status
    on tracked_accounts.account_key = purges_with_status.account_key
order by platform, account_name, first_date
"""

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
