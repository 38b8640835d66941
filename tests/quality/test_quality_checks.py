"""Every Great Expectations check fails on data built to break it and passes on clean data.

The warehouse here is a real DuckDB file holding hand-made mart tables, and the
suites are the real ones from ``expectations/`` run through real GX 1.x.
"""

from __future__ import annotations

import json
from datetime import UTC, date, timedelta
from pathlib import Path

import duckdb
import pytest

from socialkpi.config import project_root
from socialkpi.quality import CriticalChecksFailed, run_quality_checks

RUN_DAY = date(2026, 3, 10)
WINDOW = (RUN_DAY - timedelta(days=3), RUN_DAY + timedelta(days=1))

# Two accounts over five days; relative changes stay within -1%.
CLEAN_DAILY = [
    # account_key, platform, account_name, day, followers_total, net_change, relative_change, likes
    ("k1", "tiktok", "acme", date(2026, 3, 6), 1000, None, None, 10),
    ("k1", "tiktok", "acme", date(2026, 3, 7), 1010, 10, 0.01, 12),
    ("k1", "tiktok", "acme", date(2026, 3, 8), 1005, -5, -0.00495, 9),
    ("k1", "tiktok", "acme", date(2026, 3, 9), 1008, 3, 0.002985, 11),
    ("k2", "tiktok", "o'brien", date(2026, 3, 8), 500, None, None, 4),
    ("k2", "tiktok", "o'brien", date(2026, 3, 9), 498, -2, -0.004, 5),
]


# A purge event as fct_follower_purge_events holds it: acme loses 8% on 2026-03-09.
ACME_PURGE = ("e1", "k1", "tiktok", "acme", "account_specific", "medium", date(2026, 3, 9),
              date(2026, 3, 9), 1005, 925, 82, 82 / 1005)  # fmt: skip


# marts.fct_follower_drop_events as the alert checks read it (tests/quality/test_drop_alerts.py).
DROP_EVENT_COLUMNS = (
    "event_id varchar, event_class varchar, detector_kind varchar, account_key varchar, "
    "platform varchar, account_name varchar, first_date date, last_date date, "
    "followers_before bigint, followers_after bigint, followers_lost bigint, loss_pct double, "
    "gains bigint, losses bigint, flows_explained_share double, days_to_revert integer, "
    "sources_disagreeing integer, glitch_source_file varchar, glitch_reported_total bigint"
)


def make_warehouse(
    path: Path, daily_rows, file_loads=None, purge_events=(), drop_events=(), posts=()
) -> Path:
    file_loads = file_loads if file_loads is not None else [
        ("tiktok/acme/2026-03-09/FollowerHistory.csv", "loaded", date(2026, 3, 9)),
        ("tiktok/acme/2026-03-09/Overview.csv", "loaded", date(2026, 3, 9)),
    ]  # fmt: skip
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute(
            "create table marts.fct_account_daily (account_key varchar, platform varchar, "
            "account_name varchar, activity_date date, followers_total bigint, "
            "followers_net_change bigint, followers_relative_change double, video_views bigint, "
            "profile_views bigint, likes bigint, comments bigint, shares bigint, engagements bigint, "
            "daily_engagement_rate double)"
        )
        con.executemany(
            "insert into marts.fct_account_daily values (?, ?, ?, ?, ?, ?, ?, 0, 0, ?, 0, 0, ?, null)",
            [[*row, row[-1]] for row in daily_rows],
        )
        # Every account's newest export: the day after its last day (fresh on RUN_DAY).
        con.execute(
            "create table marts.dim_accounts as select account_key, any_value(platform) as platform, "
            "any_value(account_name) as account_name, max(activity_date) + 1 as last_export_date "
            "from marts.fct_account_daily group by account_key"
        )
        con.execute(
            "create table marts.ops_file_loads (source_file varchar, load_status varchar, export_date date)"
        )
        con.executemany("insert into marts.ops_file_loads values (?, ?, ?)", file_loads)
        con.execute(
            "create table marts.fct_follower_purge_events (event_id varchar, account_key varchar, "
            "platform varchar, account_name varchar, scope varchar, severity varchar, "
            "first_date date, last_date date, followers_before bigint, followers_after bigint, "
            "followers_lost bigint, loss_pct double)"
        )
        if purge_events:
            con.executemany(
                "insert into marts.fct_follower_purge_events values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                purge_events,
            )
        con.execute(f"create table marts.fct_follower_drop_events ({DROP_EVENT_COLUMNS})")
        for event in drop_events:  # dicts: columns not given are NULL
            con.execute(
                f"insert into marts.fct_follower_drop_events ({', '.join(event)}) "
                f"values ({', '.join('?' * len(event))})",
                list(event.values()),
            )
        con.execute(
            "create table marts.fct_post_performance (post_id varchar, account_key varchar, "
            "published_date date, post_type varchar, post_url varchar, engagements bigint)"
        )
        if posts:
            con.executemany(
                "insert into marts.fct_post_performance values (?, ?, ?, ?, ?, ?)", posts
            )
    return path


def run_checks(
    tmp_path: Path, warehouse: Path, run_id: str = "run-1", raise_on_critical=True, variables=None
):
    return run_quality_checks(
        warehouse_path=warehouse,
        expectations_dir=project_root() / "expectations",
        gx_dir=tmp_path / "gx",
        run_id=run_id,
        window_start=WINDOW[0],
        window_end=WINDOW[1],
        raise_on_critical=raise_on_critical,
        variables=variables,
    )


def stored_results(warehouse: Path) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "select suite_name, expectation_type, column_name, severity, success, unexpected_count, "
            "failing_rows from quality.validation_results order by all"
        ).fetchall()


def test_clean_data_passes_every_check_and_stores_results_without_data_docs(tmp_path):
    warehouse = make_warehouse(tmp_path / "wh.duckdb", CLEAN_DAILY)
    report = run_checks(tmp_path, warehouse)
    assert report.outcomes and all(o.success for o in report.outcomes)
    suites = {o.suite_name for o in report.outcomes}
    assert suites == {
        "account_staleness",
        "fct_account_daily_integrity",
        "follower_data_glitches",
        "follower_purge_events",
        "ingest_quarantine_rate",
        "unfollow_wave_events",
    }
    rows = stored_results(warehouse)
    assert len(rows) == len(report.outcomes) and all(row[4] for row in rows)
    # GX Data Docs (CDN-dependent) are no longer built: the run report shows these results.
    assert not list((tmp_path / "gx").rglob("*.html"))


def test_duplicate_grain_row_fails_the_run(tmp_path):
    duplicated = [*CLEAN_DAILY, CLEAN_DAILY[1]]
    warehouse = make_warehouse(tmp_path / "wh.duckdb", duplicated)
    with pytest.raises(CriticalChecksFailed, match="expect_compound_columns_to_be_unique"):
        run_checks(tmp_path, warehouse)
    failed = [row for row in stored_results(warehouse) if not row[4]]
    assert [(row[1], row[3]) for row in failed] == [
        ("expect_compound_columns_to_be_unique", "critical")
    ]


def test_negative_follower_total_fails_the_run(tmp_path):
    broken = [*CLEAN_DAILY[:-1], ("k2", "tiktok", "o'brien", date(2026, 3, 9), -3, None, None, 5)]
    warehouse = make_warehouse(tmp_path / "wh.duckdb", broken)
    with pytest.raises(CriticalChecksFailed, match="followers_total"):
        run_checks(tmp_path, warehouse)


def test_net_negative_tiktok_comments_pass_and_negative_comments_elsewhere_fail(tmp_path):
    def warehouse_with(platform: str, name: str) -> Path:
        path = make_warehouse(tmp_path / f"{name}.duckdb", CLEAN_DAILY)
        with duckdb.connect(str(path)) as con:
            con.execute(
                "insert into marts.fct_account_daily values "
                "('k9', ?, 'net', date '2026-03-09', 100, 0, 0, 10, 0, 0, -5, 0, -5, null)",
                [platform],
            )
        return path

    report = run_checks(tmp_path, warehouse_with("tiktok", "tiktok"))
    assert report.failed_critical == []
    with pytest.raises(CriticalChecksFailed, match=r"\(comments\) unexpected=1"):
        run_checks(tmp_path, warehouse_with("x", "x"))


def test_purge_in_window_is_a_warning_that_records_account_and_loss(tmp_path):
    dropped = [*CLEAN_DAILY[:3], ("k1", "tiktok", "acme", date(2026, 3, 9), 925, -80, -80 / 1005, 11),
               *CLEAN_DAILY[4:]]  # fmt: skip
    warehouse = make_warehouse(tmp_path / "wh.duckdb", dropped, purge_events=[ACME_PURGE])
    report = run_checks(tmp_path, warehouse)  # does not raise
    assert report.failed_critical == []
    [warning] = report.failed_warnings
    assert warning.suite_name == "follower_purge_events" and warning.unexpected_count == 1
    assert warning.element_count == 2  # both tracked accounts were checked
    [failing_row] = warning.failing_rows
    assert failing_row["account_name"] == "acme" and failing_row["scope"] == "account_specific"
    assert failing_row["first_date"] == "2026-03-09"  # a date, not a midnight timestamp
    assert failing_row["followers_lost"] == 82  # numbers and nulls as JSON numbers and null
    assert failing_row["first_reported_for"] is None
    assert float(failing_row["loss_pct"]) == pytest.approx(8.16)
    stored = [row for row in stored_results(warehouse) if not row[4]]
    assert len(stored) == 1 and stored[0][3] == "warning"
    assert json.loads(stored[0][6])[0]["account_name"] == "acme"


def test_plain_drop_that_is_no_purge_event_does_not_warn(tmp_path):
    # The same 8% drop, which the purge models did not call a purge (an unfollow wave).
    dropped = [*CLEAN_DAILY[:3], ("k1", "tiktok", "acme", date(2026, 3, 9), 925, -80, -80 / 1005, 11),
               *CLEAN_DAILY[4:]]  # fmt: skip
    warehouse = make_warehouse(tmp_path / "wh.duckdb", dropped)
    report = run_checks(tmp_path, warehouse)
    assert report.failed_warnings == [] and report.failed_critical == []


def test_purge_before_the_window_does_not_warn_again(tmp_path):
    # An 8% purge on 2026-03-05 belongs to an earlier run's window.
    old_drop = [("k1", "tiktok", "acme", date(2026, 3, 5), 925, -80, -0.0796, 1), *CLEAN_DAILY]
    old_purge = (*ACME_PURGE[:6], date(2026, 3, 5), date(2026, 3, 5), *ACME_PURGE[8:])
    warehouse = make_warehouse(tmp_path / "wh.duckdb", old_drop, purge_events=[old_purge])
    report = run_checks(tmp_path, warehouse)
    assert report.failed_warnings == [] and report.failed_critical == []


def test_flood_of_quarantined_files_fails_the_run(tmp_path):
    loads = [(f"tiktok/acme/2026-03-09/f{i}.csv", "quarantined" if i < 3 else "loaded", date(2026, 3, 9))
             for i in range(5)]  # fmt: skip
    warehouse = make_warehouse(tmp_path / "wh.duckdb", CLEAN_DAILY, loads)
    with pytest.raises(CriticalChecksFailed, match="quarantined_share"):
        run_checks(tmp_path, warehouse)


def test_a_few_quarantined_files_pass(tmp_path):
    loads = [(f"tiktok/acme/2026-03-09/f{i}.csv", "quarantined" if i < 1 else "loaded", date(2026, 3, 9))
             for i in range(10)]  # fmt: skip
    warehouse = make_warehouse(tmp_path / "wh.duckdb", CLEAN_DAILY, loads)
    report = run_checks(tmp_path, warehouse)
    assert all(o.success for o in report.outcomes)


def test_rerunning_the_same_run_replaces_its_results(tmp_path):
    warehouse = make_warehouse(tmp_path / "wh.duckdb", CLEAN_DAILY)
    first = run_checks(tmp_path, warehouse)
    run_checks(tmp_path, warehouse)
    assert len(stored_results(warehouse)) == len(first.outcomes)


def test_a_new_run_of_the_same_day_replaces_a_killed_attempts_results(tmp_path):
    warehouse = make_warehouse(tmp_path / "wh.duckdb", CLEAN_DAILY)
    first = run_checks(tmp_path, warehouse, run_id="manual__attempt-that-was-killed")
    run_checks(tmp_path, warehouse, run_id="manual__the-re-run")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        runs = con.execute("select distinct run_id from quality.validation_results").fetchall()
    assert runs == [("manual__the-re-run",)]
    assert len(stored_results(warehouse)) == len(first.outcomes)


# Alert de-duplication: the purge check fails for an event only on the first run
# (data day) that sees it, not on every run whose lookback still holds it.

OBRIEN_PURGE = ("e2", "k2", "tiktok", "o'brien", "account_specific", "medium", date(2026, 3, 11),
                date(2026, 3, 11), 498, 470, 28, 28 / 498)  # fmt: skip


def set_purge_events(warehouse: Path, events) -> None:
    """Replace marts.fct_follower_purge_events, as the next dbt build would."""
    with duckdb.connect(str(warehouse)) as con:
        con.execute("delete from marts.fct_follower_purge_events")
        if events:
            con.executemany(
                "insert into marts.fct_follower_purge_events values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                events,
            )


def run_day_checks(tmp_path: Path, warehouse: Path, run_day: date, attempt: int = 1):
    """The quality step of the daily run for ``run_day`` (3 lookback days, as the DAG)."""
    return run_quality_checks(
        warehouse_path=warehouse,
        expectations_dir=project_root() / "expectations",
        gx_dir=tmp_path / "gx",
        run_id=f"scheduled__{run_day}-attempt{attempt}",
        window_start=run_day - timedelta(days=3),
        window_end=run_day + timedelta(days=1),
    )


def alerted(report) -> list[tuple[str, str]]:
    """(account, alert status) of every failing row of the purge check."""
    return sorted(
        (row["account_name"], row["alert_status"])
        for outcome in report.failed_warnings
        if outcome.suite_name == "follower_purge_events"
        for row in outcome.failing_rows
    )


def ledger(warehouse: Path) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "select event_id, reported_for, alert_status, account_name, first_date, last_date, "
            "followers_lost from quality.purge_alerts order by all"
        ).fetchall()


def test_purge_alerts_on_the_first_run_that_sees_it_only(tmp_path):
    warehouse = make_warehouse(tmp_path / "wh.duckdb", CLEAN_DAILY, purge_events=[ACME_PURGE])
    day_1, day_2, day_3 = date(2026, 3, 9), date(2026, 3, 10), date(2026, 3, 11)

    # Day 1: the purge is new, the check fails (warning) and the ledger remembers it.
    first = run_day_checks(tmp_path, warehouse, day_1)
    assert alerted(first) == [("acme", "new")] and first.failed_critical == []
    assert ledger(warehouse) == [("e1", day_1, "new", "acme", day_1, day_1, 82)]

    # Re-running day 1 (a retry, a cleared task) gives the same outcome and the same ledger.
    again = run_day_checks(tmp_path, warehouse, day_1, attempt=2)
    assert alerted(again) == [("acme", "new")]
    assert ledger(warehouse) == [("e1", day_1, "new", "acme", day_1, day_1, 82)]

    # Day 2: the purge is still in the lookback but was reported for day 1: the check passes.
    second = run_day_checks(tmp_path, warehouse, day_2)
    assert second.failed_warnings == [] and all(o.success for o in second.outcomes)
    [purge_outcome] = [o for o in second.outcomes if o.suite_name == "follower_purge_events"]
    assert purge_outcome.element_count == 2  # the event is still validated, as reported earlier

    # Day 3: a genuinely new purge (o'brien) fails the check again, for that event only.
    set_purge_events(warehouse, [ACME_PURGE, OBRIEN_PURGE])
    third = run_day_checks(tmp_path, warehouse, day_3)
    assert alerted(third) == [("o'brien", "new")]
    assert [row[:3] for row in ledger(warehouse)] == [
        ("e1", day_1, "new"), ("e2", day_3, "new"),
    ]  # fmt: skip

    # Re-running day 1 after the later days still reports acme (nothing earlier did), and
    # re-running day 2 still passes: a day's outcome depends only on earlier days' reports.
    assert alerted(run_day_checks(tmp_path, warehouse, day_1, attempt=3)) == [("acme", "new")]
    assert run_day_checks(tmp_path, warehouse, day_2, attempt=2).failed_warnings == []
    assert [row[:3] for row in ledger(warehouse)] == [("e1", day_1, "new"), ("e2", day_3, "new")]


def test_growing_purge_alerts_once_more_then_stays_quiet(tmp_path):
    # X's 2018 purge drifted for days: acme loses 82 followers on day 1, 400 by day 2, 600 by day 3.
    def acme(last_day, lost):
        return (*ACME_PURGE[:7], last_day, 1005, 1005 - lost, lost, lost / 1005)

    day_1, day_2, day_3 = date(2026, 3, 9), date(2026, 3, 10), date(2026, 3, 11)
    warehouse = make_warehouse(tmp_path / "wh.duckdb", CLEAN_DAILY, purge_events=[acme(day_1, 82)])
    assert alerted(run_day_checks(tmp_path, warehouse, day_1)) == [("acme", "new")]

    set_purge_events(warehouse, [acme(day_2, 400)])  # more than twice the loss, +318 followers
    grown = run_day_checks(tmp_path, warehouse, day_2)
    assert alerted(grown) == [("acme", "grown")]
    [row] = grown.failed_warnings[0].failing_rows
    assert row["followers_lost"] == 400 and row["first_reported_loss"] == 82

    set_purge_events(warehouse, [acme(day_3, 1000)])  # grows again: reported twice already
    assert run_day_checks(tmp_path, warehouse, day_3).failed_warnings == []
    assert [row[1:3] for row in ledger(warehouse)] == [(day_1, "new"), (day_2, "grown")]


def test_small_growth_of_a_reported_purge_does_not_alert_again(tmp_path):
    day_1, day_2 = date(2026, 3, 9), date(2026, 3, 10)
    warehouse = make_warehouse(tmp_path / "wh.duckdb", CLEAN_DAILY, purge_events=[ACME_PURGE])
    assert alerted(run_day_checks(tmp_path, warehouse, day_1)) == [("acme", "new")]
    # 82 -> 180 followers: more than doubled, but by fewer than 200 followers.
    set_purge_events(warehouse, [(*ACME_PURGE[:7], day_2, 1005, 825, 180, 180 / 1005)])
    assert run_day_checks(tmp_path, warehouse, day_2).failed_warnings == []


def test_purge_whose_first_day_moved_is_the_same_event(tmp_path):
    # A late export fills the day before: the event now starts a day earlier (a new id).
    day_1, day_2 = date(2026, 3, 9), date(2026, 3, 10)
    warehouse = make_warehouse(tmp_path / "wh.duckdb", CLEAN_DAILY, purge_events=[ACME_PURGE])
    assert alerted(run_day_checks(tmp_path, warehouse, day_1)) == [("acme", "new")]
    moved = ("e1-moved", *ACME_PURGE[1:6], date(2026, 3, 8), *ACME_PURGE[7:])
    set_purge_events(warehouse, [moved])
    assert run_day_checks(tmp_path, warehouse, day_2).failed_warnings == []


def _with_last_export(warehouse: Path, account_name: str, last_export: date) -> Path:
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "update marts.dim_accounts set last_export_date = ? where account_name = ?",
            [last_export, account_name],
        )
    return warehouse


def test_an_account_without_exports_for_three_days_is_a_stale_warning(tmp_path):
    warehouse = make_warehouse(tmp_path / "wh.duckdb", CLEAN_DAILY)
    _with_last_export(warehouse, "o'brien", RUN_DAY - timedelta(days=3))
    report = run_checks(tmp_path, warehouse)  # a warning: the run goes on
    [stale] = report.failed_warnings
    assert stale.suite_name == "account_staleness" and stale.unexpected_count == 1
    assert stale.failing_rows == [{
        "platform": "tiktok", "account_name": "o'brien", "last_export_date": "2026-03-07",
        "days_without_export": 3,
    }]  # fmt: skip
    from socialkpi.alerts import describe_row

    assert describe_row(stale.failing_rows[0]) == (
        "*tiktok / o'brien*: no export for 3 day(s); last export 2026-03-07"
    )


def test_an_account_two_days_behind_is_not_stale_and_the_days_are_a_setting(tmp_path):
    warehouse = make_warehouse(tmp_path / "wh.duckdb", CLEAN_DAILY)
    _with_last_export(warehouse, "o'brien", RUN_DAY - timedelta(days=2))
    assert run_checks(tmp_path, warehouse).failed_warnings == []
    _with_last_export(warehouse, "o'brien", RUN_DAY - timedelta(days=4))
    assert (
        run_checks(tmp_path, warehouse, variables={"stale_account_days": 5}).failed_warnings == []
    )
    [stale] = run_checks(
        tmp_path, warehouse, variables={"stale_account_days": 4}
    ).failed_warnings  # fmt: skip
    assert stale.failing_rows[0]["days_without_export"] == 4


def test_the_quality_task_posts_the_stale_account_alert_to_slack(tmp_path, monkeypatch):
    """The DAG's task body end to end: the Slack Connection from ``AIRFLOW_CONN_...`` pointed
    at a loopback webhook, which receives the stale account's Block Kit message."""
    from datetime import datetime

    from socialkpi.orchestration import quality_task_body
    from tests.utils import LoopbackWebhook

    warehouse_dir = tmp_path / "warehouse"
    warehouse_dir.mkdir()
    warehouse = make_warehouse(warehouse_dir / "socialkpi.duckdb", CLEAN_DAILY)
    _with_last_export(warehouse, "o'brien", RUN_DAY - timedelta(days=6))
    webhook = LoopbackWebhook()
    try:
        monkeypatch.setenv("SOCIALKPI_WAREHOUSE_DIR", str(warehouse_dir))
        monkeypatch.setenv("SOCIALKPI_REPORT_URL", "https://bi.example/report/index.html")
        for name, value in webhook.connection_env.items():
            monkeypatch.setenv(name, value)
        interval_end = datetime(2026, 3, 11, tzinfo=UTC)  # the midnight run after RUN_DAY
        result = quality_task_body({"data_interval_end": interval_end, "run_id": "run-1"})
    finally:
        webhook.close()
    assert result["failed_warnings"] == 1
    assert webhook.headers() == [":warning: Exports stopped arriving"]
    [message] = webhook.received
    body = json.dumps(message["blocks"], ensure_ascii=False)
    assert "*tiktok / o'brien*: no export for 6 day(s); last export 2026-03-04" in body
    assert "<https://bi.example/report/index.html|KPI report>" in body
