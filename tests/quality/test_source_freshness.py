"""``dbt source freshness`` as the DAG runs it: real ingest of a tiny landing, real dbt,
results in ``quality.source_freshness``; a table loaded long ago is a warning, not a failure."""

from __future__ import annotations

from datetime import date

import duckdb

from socialkpi.config import Settings
from socialkpi.pipeline import ingest_step, source_freshness_step

RUN_DAY = date(2026, 3, 5)


def _deployment(tmp_path) -> Settings:
    day = tmp_path / "landing" / "tiktok" / "acme" / "2026-03-05"
    day.mkdir(parents=True)
    (day / "FollowerHistory.csv").write_text(
        "Date,Followers,Difference in followers from previous day\n"
        "March 3,1000,5\nMarch 4,1010,10\n"
    )
    settings = Settings.resolve(tmp_path / "landing", tmp_path / "warehouse")
    ingest_step(settings, RUN_DAY, "run-1")
    return settings


def _rows(settings: Settings) -> dict[str, tuple]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return {
            table: (status, run_day)
            for table, status, run_day in con.execute(
                "select table_name, status, run_day from quality.source_freshness"
            ).fetchall()
        }


def test_fresh_loads_pass_unused_formats_have_no_rows_and_old_loads_warn(tmp_path):
    settings = _deployment(tmp_path)
    summary = source_freshness_step(settings, RUN_DAY, "run-1")
    rows = _rows(settings)
    assert rows["raw_tiktok_follower_history"] == ("pass", RUN_DAY)
    assert rows["file_manifest"] == ("pass", RUN_DAY)
    assert rows["raw_tiktok_overview"] == ("no_rows", RUN_DAY)  # no export of it landed
    assert {status for status, _ in rows.values()} == {"pass", "no_rows"}
    assert summary["stale"] == [] and summary["sources"] == len(rows)

    # The same table last loaded 3 days ago: past warn_after (2 days), before error_after (7).
    with duckdb.connect(str(settings.warehouse_path)) as con:
        con.execute(
            "update raw.raw_tiktok_follower_history set _loaded_at = _loaded_at - interval 3 day"
        )
    summary = source_freshness_step(settings, RUN_DAY, "run-2")  # does not raise
    [stale] = summary["stale"]
    assert stale["table"] == "raw_tiktok_follower_history" and stale["status"] == "warn"
    assert stale["warn_after"] == "2 day" and 71 < stale["age_hours"] < 73
    # A re-run of the day replaced the day's rows instead of adding to them.
    assert _rows(settings)["raw_tiktok_follower_history"] == ("warn", RUN_DAY)
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        assert con.execute(
            "select count(*), count(distinct run_id) from quality.source_freshness"
        ).fetchone() == (len(rows), 1)
