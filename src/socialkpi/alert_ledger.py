"""The alert ledger ``quality.purge_alerts``: which run day first reported each follower
drop event, per alert kind (``purge``, ``unfollow_wave``, ``data_glitch``), so that each
event alerts once (the suites in ``expectations/``: follower_purge_events,
unfollow_wave_events, follower_data_glitches).

A kind's status for an event in the run's window: ``new`` when no run for a strictly
earlier run day reported an event of that kind with the same id or on overlapping days
of the same account, else ``reported_earlier``; purges may also be ``grown`` or
``held_until_next_day`` (:func:`status_query`'s options, thresholds in ``ALERT_POLICY``).
A run replaces its own run day's rows of its kind: re-running a day gives the same outcome
and leaves the same ledger.
"""

from __future__ import annotations

ALERT_KINDS = ("purge", "unfollow_wave", "data_glitch")

# The purge alert's policy (status_query's two options; quality variables, overridable per
# run like the others). Detection thresholds are dbt vars (dbt_project.yml); these decide
# only when an already detected purge is alerted.
ALERT_POLICY = {
    # An event reported earlier alerts once more when its loss reaches this multiple of the
    # loss first reported, growing by at least this many followers (a purge that drifts on).
    "purge_alert_growth_factor": 2.0,
    "purge_alert_growth_min_followers": 200,
    # An account-specific purge of at least this share of the audience that ends on the
    # account's newest known day is held one day: a glitched total looks the same until the
    # next day undoes it.
    "purge_alert_hold_loss_share": 0.35,
}

# Ledgers written before issue 11 hold purge alerts only: alert_kind defaults to 'purge'.
LEDGER_DDL = """
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
alter table quality.purge_alerts add column if not exists alert_kind varchar default 'purge';
"""


def status_query(
    alert_kind: str,
    events_sql: str,
    quiet_status: str,
    *,
    hold_large_drops_on_newest_day: bool = False,
    realert_when_grown: bool = False,
) -> str:
    """Rows to validate: one per account tracked in the window, with its events of
    ``events_sql`` (which selects the events ending in the window, with event_id,
    account_key, platform, account_name, first_date, last_date, followers_lost and any
    column the alert shows) and each event's ``alert_status``; an account without an
    event has one row with ``quiet_status``.

    Statuses: ``new`` when no run for a strictly earlier run day reported the event (same
    id, or the same account on overlapping days: a late export may move its first day),
    else ``reported_earlier``. Two policies the purge alert uses:

    - ``hold_large_drops_on_newest_day``: an unreported event that is not platform-wide,
      loses at least ``$purge_alert_hold_loss_share`` of the audience (``events_sql``
      provides ``scope`` and ``loss_share``, a fraction) and ends on the account's newest
      known day is ``held_until_next_day``: a glitched total looks the same until the next
      day undoes it;
    - ``realert_when_grown``: an event reported exactly once whose loss has since reached
      ``$purge_alert_growth_factor`` times the loss first reported, by at least
      ``$purge_alert_growth_min_followers`` followers, is ``grown`` (reported once more).
    """
    if alert_kind not in ALERT_KINDS:
        raise ValueError(f"unknown alert kind {alert_kind!r}")
    held = (
        """
            when
                report_history.times_reported = 0
                and events_in_window.scope != 'platform_wide'
                and events_in_window.loss_share >= $purge_alert_hold_loss_share
                and events_in_window.last_date >= newest_known_days.newest_known_date
                then 'held_until_next_day'"""
        if hold_large_drops_on_newest_day
        else ""
    )
    grown = (
        """
            when
                report_history.times_reported = 1
                and events_in_window.followers_lost
                    >= $purge_alert_growth_factor * report_history.first_reported_loss
                and events_in_window.followers_lost - report_history.first_reported_loss
                    >= $purge_alert_growth_min_followers
                then 'grown'"""
        if realert_when_grown
        else ""
    )
    return f"""
with tracked_accounts as (
    select distinct account_key, platform, account_name
    from marts.fct_account_daily
    where activity_date >= $window_start and activity_date < $window_end
),
events_in_window as (
    {events_sql}
),
-- Reports by runs for strictly earlier run days: a re-run of this day ignores its own.
earlier_reports as (
    select * from quality.purge_alerts
    where reported_for < $run_day and alert_kind = '{alert_kind}'
),
report_history as (
    select
        events_in_window.event_id,
        count(earlier_reports.event_id) as times_reported,
        min(earlier_reports.reported_for) as first_reported_for,
        arg_min(earlier_reports.followers_lost, earlier_reports.reported_for) as first_reported_loss
    from events_in_window
    left join earlier_reports
        on earlier_reports.event_id = events_in_window.event_id
        or (
            earlier_reports.account_key = events_in_window.account_key
            and earlier_reports.first_date <= events_in_window.last_date
            and earlier_reports.last_date >= events_in_window.first_date
        )
    group by events_in_window.event_id
),
-- The newest day with a known total per account: an event that ends on it can still revert.
newest_known_days as (
    select account_key, max(activity_date) as newest_known_date
    from marts.fct_account_daily
    where followers_total is not null
    group by account_key
),
events_with_status as (
    select
        events_in_window.*,
        report_history.first_reported_for,
        report_history.first_reported_loss,
        case{held}
            when report_history.times_reported = 0 then 'new'{grown}
            else 'reported_earlier'
        end as alert_status
    from events_in_window
    inner join report_history on report_history.event_id = events_in_window.event_id
    left join newest_known_days on newest_known_days.account_key = events_in_window.account_key
)
select
    events_with_status.* exclude (platform, account_name, account_key, alert_status),
    coalesce(events_with_status.platform, tracked_accounts.platform) as platform,
    coalesce(events_with_status.account_name, tracked_accounts.account_name) as account_name,
    coalesce(events_with_status.account_key, tracked_accounts.account_key) as account_key,
    coalesce(events_with_status.alert_status, '{quiet_status}') as alert_status
from tracked_accounts
full outer join events_with_status
    on tracked_accounts.account_key = events_with_status.account_key
order by platform, account_name, first_date
"""


def once_per_event_expectations(gxe, quiet_status: str) -> list:
    """The check of a :func:`status_query`: warning for any row not quiet or reported earlier."""
    return [
        gxe.ExpectColumnValuesToBeInSet(
            column="alert_status", value_set=[quiet_status, "reported_earlier"], severity="warning"
        )
    ]


def record_alerts(con, frame, params, alert_kind: str, alerting=("new",)) -> None:
    """Replace this run day's ledger rows of ``alert_kind`` with the events it reported
    (``alert_status`` in ``alerting``). ``frame`` needs event_id, account_key, platform,
    account_name, first_date, last_date, followers_lost, loss_pct (percent), scope, severity."""
    con.execute(
        "delete from quality.purge_alerts where reported_for = ? and alert_kind = ?",
        [params["run_day"], alert_kind],
    )
    con.register("alerted_rows", frame[frame["alert_status"].isin(alerting)])
    try:
        con.execute(
            """
            insert into quality.purge_alerts (
                event_id, reported_for, alert_status, account_key, platform, account_name,
                first_date, last_date, followers_lost, loss_percent, scope, severity, run_id,
                validated_at, alert_kind
            )
            select
                event_id, cast($run_day as date), alert_status, account_key, platform,
                account_name, cast(first_date as date), cast(last_date as date),
                cast(coalesce(followers_lost, 0) as bigint), loss_pct, scope, severity, $run_id,
                cast($validated_at as timestamp), $alert_kind
            from alerted_rows
            """,
            {
                **{k: params[k] for k in ("run_day", "run_id", "validated_at")},
                "alert_kind": alert_kind,
            },
        )
    finally:
        con.unregister("alerted_rows")
