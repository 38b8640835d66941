"""Warning check: a NEW follower purge in the run's window.

Validates one row per account tracked in the run's window, with the purge
events of ``marts.fct_follower_purge_events`` that end in the window (an
account with none has one row, ``alert_status = 'no_purge'``). The window
includes the run's lookback days, so a purge revealed by late or restated
exports is not missed.

Each event in the window gets an ``alert_status`` from the alert ledger
``quality.purge_alerts`` (one row per event and run day that reported it):

- ``new``: no run for an EARLIER data interval (run day) reported the event;
- ``grown``: reported earlier, exactly once, as ``new``, and its loss has since
  reached ``purge_alert_growth_factor`` times the loss reported then (a
  multi-day purge like X's July 2018 one), and the growth is at least
  ``purge_alert_growth_min_followers`` followers: reported once more, never again;
- ``reported_earlier``: already reported (and not grown enough).

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

SUITE_NAME = "follower_purge_events"

# The alert ledger: which run day (the data interval's day, not the wall clock)
# first reported each purge event, with the loss at that time.
SETUP_SQL = """
create schema if not exists quality;
create table if not exists quality.purge_alerts (
    event_id varchar not null,
    reported_for date not null,
    alert_status varchar not null,
    account_key varchar not null,
    platform varchar,
    account_name varchar,
    first_date date not null,
    last_date date not null,
    followers_lost bigint not null,
    loss_percent double,
    scope varchar,
    severity varchar,
    run_id varchar not null,
    validated_at timestamp not null,
    primary key (event_id, reported_for)
);
"""

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
    where reported_for < $run_day
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
purges_with_status as (
    select
        purges_in_window.*,
        report_history.first_reported_for,
        report_history.first_reported_loss,
        case
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
            value_set=["no_purge", "reported_earlier"],
            severity="warning",
        )
    ]


def record_results(con, frame, params, outcomes) -> None:
    """Replace this run day's ledger rows with the events it reported (new or grown)."""
    con.execute("delete from quality.purge_alerts where reported_for = ?", [params["run_day"]])
    con.register("purge_check_rows", frame[frame["alert_status"].isin(ALERTING_STATUSES)])
    try:
        con.execute(
            """
            insert into quality.purge_alerts
            select
                event_id, cast($run_day as date), alert_status, account_key, platform,
                account_name, cast(first_date as date), cast(last_date as date),
                cast(followers_lost as bigint), loss_pct, scope, severity, $run_id,
                cast($validated_at as timestamp)
            from purge_check_rows
            """,
            {k: params[k] for k in ("run_day", "run_id", "validated_at")},
        )
    finally:
        con.unregister("purge_check_rows")
