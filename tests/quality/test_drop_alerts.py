"""Per-class alerts of fct_follower_drop_events (issue 11): an unfollow wave alerts the brand
(followers lost, unfollows, the posts of the day before), a data glitch alerts as a
data-quality warning naming the file, each once per event (ledger quality.purge_alerts,
alert_kind), and each stays quiet without an event of its class.

Real GX suites from ``expectations/`` on a real DuckDB file with hand-made mart tables.
"""

from __future__ import annotations

from datetime import date

import duckdb

from socialkpi.alerts import alert_failed_warnings
from tests.quality.test_quality_checks import (
    ACME_PURGE,
    CLEAN_DAILY,
    make_warehouse,
    run_day_checks,
)

DAY_1, DAY_2 = date(2026, 3, 9), date(2026, 3, 10)

# acme (TikTok) loses 120 followers (12%) to a wave of 150 unfollows on 2026-03-09.
ACME_WAVE = {
    "event_id": "w1", "event_class": "unfollow_wave", "detector_kind": "unfollow_wave_with_flows",
    "account_key": "k1", "platform": "tiktok", "account_name": "acme", "first_date": DAY_1,
    "last_date": DAY_1, "followers_before": 1005, "followers_after": 885, "followers_lost": 120,
    "loss_pct": 120 / 1005, "gains": 30, "losses": 150, "flows_explained_share": 1.0,
}  # fmt: skip
# The video acme posted the day before, and an older one the alert must not list.
POSTS = [
    ("v1", "k1", date(2026, 3, 8), "Video", "https://www.tiktok.com/@acme/video/1", 900),
    ("v0", "k1", date(2026, 3, 2), "Video", "https://www.tiktok.com/@acme/video/0", 50),
]
# o'brien's API snapshot of 2026-03-09 reads 0 followers.
OBRIEN_GLITCH = {
    "event_id": "g1", "event_class": "data_glitch", "detector_kind": "zero_total",
    "account_key": "k2", "platform": "tiktok", "account_name": "o'brien", "first_date": DAY_1,
    "last_date": DAY_1, "followers_before": 500, "followers_lost": 0, "loss_pct": 0.0,
    "sources_disagreeing": 0,
    "glitch_source_file": "tiktok/obrien/2026-03-10/api_snapshot_tiktok_2026-03-10.json",
    "glitch_reported_total": 0,
}  # fmt: skip


def failing_rows(report, suite: str) -> list[dict]:
    return [
        row
        for outcome in report.failed_warnings
        if outcome.suite_name == suite
        for row in outcome.failing_rows
    ]


def ledger(warehouse) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "select alert_kind, event_id, reported_for, alert_status from quality.purge_alerts "
            "order by all"
        ).fetchall()


def test_unfollow_wave_alerts_once_with_losses_unfollows_and_the_posts_of_the_day_before(tmp_path):
    warehouse = make_warehouse(
        tmp_path / "wh.duckdb", CLEAN_DAILY, drop_events=[ACME_WAVE], posts=POSTS
    )
    first = run_day_checks(tmp_path, warehouse, DAY_1)
    [row] = failing_rows(first, "unfollow_wave_events")
    assert (row["account_name"], row["alert_status"]) == ("acme", "new")
    [message] = [m for m in alert_failed_warnings(first.failed_warnings) if "unfollow wave" in m]
    assert "acme (tiktok) lost 120 followers (11.94% of its audience)" in message
    assert "150 unfollows" in message
    assert "https://www.tiktok.com/@acme/video/1 (900 engagements)" in message
    assert "video/0" not in message
    assert first.failed_critical == []
    assert ledger(warehouse) == [("unfollow_wave", "w1", DAY_1, "new")]

    # The next morning the wave is still in the lookback, reported already: quiet.
    second = run_day_checks(tmp_path, warehouse, DAY_2)
    assert failing_rows(second, "unfollow_wave_events") == []
    assert ledger(warehouse) == [("unfollow_wave", "w1", DAY_1, "new")]


def test_data_glitch_alerts_once_as_a_data_quality_warning_naming_the_file(tmp_path):
    warehouse = make_warehouse(tmp_path / "wh.duckdb", CLEAN_DAILY, drop_events=[OBRIEN_GLITCH])
    first = run_day_checks(tmp_path, warehouse, DAY_1)
    [row] = failing_rows(first, "follower_data_glitches")
    assert (row["account_name"], row["alert_status"]) == ("o'brien", "new")
    [message] = [m for m in alert_failed_warnings(first.failed_warnings) if "data-quality" in m]
    assert "tiktok/obrien/2026-03-10/api_snapshot_tiktok_2026-03-10.json reads 0" in message
    assert "about 500" in message and "zero_total" in message
    # A glitch is no purge and no unfollow wave: neither of those alerts.
    assert failing_rows(first, "follower_purge_events") == []
    assert failing_rows(first, "unfollow_wave_events") == []
    second = run_day_checks(tmp_path, warehouse, DAY_2)
    assert failing_rows(second, "follower_data_glitches") == []
    assert ledger(warehouse) == [("data_glitch", "g1", DAY_1, "new")]


def test_without_waves_or_glitches_both_checks_stay_quiet(tmp_path):
    # A purge alone alerts as a purge; the wave and glitch checks validate every account, quiet.
    warehouse = make_warehouse(tmp_path / "wh.duckdb", CLEAN_DAILY, purge_events=[ACME_PURGE])
    report = run_day_checks(tmp_path, warehouse, DAY_1)
    assert [r["alert_status"] for r in failing_rows(report, "follower_purge_events")] == ["new"]
    for suite in ("unfollow_wave_events", "follower_data_glitches"):
        [outcome] = [o for o in report.outcomes if o.suite_name == suite]
        assert outcome.success and outcome.element_count == 2
    assert ledger(warehouse) == [("purge", "e1", DAY_1, "new")]


def test_each_kind_is_alerted_once_on_its_own_even_on_the_same_days(tmp_path):
    # acme's purge and its unfollow wave overlap: a report of one never silences the other.
    warehouse = make_warehouse(
        tmp_path / "wh.duckdb", CLEAN_DAILY, purge_events=[ACME_PURGE], drop_events=[ACME_WAVE]
    )
    run_day_checks(tmp_path, warehouse, DAY_1)
    assert ledger(warehouse) == [
        ("purge", "e1", DAY_1, "new"),
        ("unfollow_wave", "w1", DAY_1, "new"),
    ]
    # Re-running the day replaces its rows of every kind and gives the same ledger.
    rerun = run_day_checks(tmp_path, warehouse, DAY_1, attempt=2)
    assert len(failing_rows(rerun, "follower_purge_events")) == 1
    assert len(failing_rows(rerun, "unfollow_wave_events")) == 1
    assert ledger(warehouse) == [
        ("purge", "e1", DAY_1, "new"),
        ("unfollow_wave", "w1", DAY_1, "new"),
    ]


# acme's total of 2026-03-09 reads 40% of the day before: a purge of 60%, or a glitch.
ACME_BIG_DROP = ("e9", "k1", "tiktok", "acme", "account_specific", "high", DAY_1, DAY_1,
                 1005, 402, 603, 0.6)  # fmt: skip


def add_day(warehouse, followers_total: int) -> None:
    """acme's total of 2026-03-10 arrives (the next morning's load)."""
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "insert into marts.fct_account_daily (account_key, platform, account_name, "
            "activity_date, followers_total) values ('k1', 'tiktok', 'acme', ?, ?)",
            [DAY_2, followers_total],
        )


def set_events(warehouse, purges=(), drops=()) -> None:
    """Replace the purge and drop events, as the next dbt build would."""
    with duckdb.connect(str(warehouse)) as con:
        con.execute("delete from marts.fct_follower_purge_events")
        con.execute("delete from marts.fct_follower_drop_events")
        for purge in purges:
            con.execute(
                "insert into marts.fct_follower_purge_events values "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                purge,
            )
        for event in drops:
            con.execute(
                f"insert into marts.fct_follower_drop_events ({', '.join(event)}) "
                f"values ({', '.join('?' * len(event))})",
                list(event.values()),
            )


def test_a_huge_drop_on_the_newest_day_alerts_as_a_purge_only_once_the_next_day_confirms(
    tmp_path,
):
    warehouse = make_warehouse(tmp_path / "wh.duckdb", CLEAN_DAILY, purge_events=[ACME_BIG_DROP])
    first = run_day_checks(tmp_path, warehouse, DAY_1)
    assert failing_rows(first, "follower_purge_events") == []  # held: it may still revert
    add_day(warehouse, 404)  # the next day stays down: a purge
    second = run_day_checks(tmp_path, warehouse, DAY_2)
    assert [r["alert_status"] for r in failing_rows(second, "follower_purge_events")] == ["new"]


def test_a_glitch_that_looked_like_a_huge_drop_never_alerts_as_a_purge(tmp_path):
    warehouse = make_warehouse(tmp_path / "wh.duckdb", CLEAN_DAILY, purge_events=[ACME_BIG_DROP])
    first = run_day_checks(tmp_path, warehouse, DAY_1)
    assert failing_rows(first, "follower_purge_events") == []
    # The next day is back to 1,010: the models now call 2026-03-09 a glitch, not a purge.
    add_day(warehouse, 1010)
    glitch = {**OBRIEN_GLITCH, "event_id": "g9", "account_key": "k1", "account_name": "acme",
              "detector_kind": "reverted_jump", "followers_before": 1005,
              "glitch_reported_total": 402, "days_to_revert": 1,
              "glitch_source_file": "tiktok/acme/2026-03-10/api_snapshot_tiktok_2026-03-10.json"}  # fmt: skip
    set_events(warehouse, drops=[glitch])
    second = run_day_checks(tmp_path, warehouse, DAY_2)
    assert failing_rows(second, "follower_purge_events") == []
    [row] = failing_rows(second, "follower_data_glitches")
    assert row["glitch_reported_total"] == 402
    assert [kind for kind, *_ in ledger(warehouse)] == ["data_glitch"]
