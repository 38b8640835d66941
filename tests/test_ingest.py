"""The set-based ingest engine: idempotence, duplicates, chunk failures, lineage, a whole world."""

from __future__ import annotations

import csv
import os
from datetime import date
from pathlib import Path

import duckdb
import pytest

from socialkpi import ingest as ingest_module
from socialkpi.evaluation.generator import WorldConfig, generate_world
from socialkpi.formats.base import loaded_formats
from socialkpi.ingest import ingest
from socialkpi.ingest import load as ingest_load
from socialkpi.ingest import plan as ingest_plan
from tests.formats.landing_zone import FIXTURES, Landing, utf16, zipped

EXPORT = "2026-06-07"
HISTORY_HEADER = "Date,Followers,Difference in followers from previous day\n"
OVERVIEW = (FIXTURES / "x" / "account_overview_analytics.csv").read_text(encoding="utf-8")
# A quote left open: the planner's quote count refuses the file before any scan (DuckDB, when
# it reads many files at once, would drop such a file's rows silently).
UNREADABLE_OVERVIEW = OVERVIEW + '"Wed, Jun 3, 2026","12\n"Tue, Jun 2, 2026","7"\n'

# A tiny world whose 60-day TikTok windows cross New Year (year-less dates), as in
# tests/test_generator.py.
WORLD = WorldConfig(seed=11, accounts=8, days=40, end_date=date(2026, 1, 20))


@pytest.fixture
def landing(tmp_path: Path) -> Landing:
    return Landing(tmp_path)


def _tables(warehouse: Path) -> dict[str, list[tuple]]:
    """Every row of every raw table, sorted: the whole warehouse content."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        names = [
            n
            for (n,) in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'raw' order by 1"
            ).fetchall()
        ]
        return {
            name: sorted(con.execute(f"select * from raw.{name}").fetchall(), key=repr)
            for name in names
        }


def _manifest(landing: Landing) -> dict[str, tuple]:
    rows = landing.rows(
        "select source_file, status, duplicate_of, rows_read, rows_loaded, rows_quarantined, "
        "reason from raw.file_manifest"
    )
    return {row[0]: row[1:] for row in rows}


def _history(rows: list[tuple[str, int]]) -> bytes:
    return (HISTORY_HEADER + "".join(f"{day},{total},0\n" for day, total in rows)).encode()


def test_rerunning_ingest_changes_nothing(landing):
    landing.add("instagram", "acme", EXPORT, "instagram/Follows.csv")
    landing.add("facebook", "acme", EXPORT, "facebook/Reach.csv")
    landing.add("x", "acme", EXPORT, "x/account_overview_analytics.csv")
    landing.add("youtube", "acme", EXPORT, "youtube/api/channels.json")
    content = (FIXTURES / "tiktok" / "Content.csv").read_bytes()
    landing.add("tiktok", "acme", EXPORT, name="TikTok.zip", data=zipped({"Content.csv": content}))
    landing.add("tiktok", "acme", EXPORT, name="notes.txt", data=b"not an export\n")
    first = landing.ingest()
    assert first.status_counts == {"loaded": 5, "quarantined": 1}
    before = _tables(landing.warehouse)

    second = landing.ingest()

    assert second.outcomes == []
    # Not opened again: path, size and mtime are as the first run indexed them.
    assert (second.skipped_unchanged_files, second.skipped_already_seen) == (6, 0)
    assert _tables(landing.warehouse) == before
    # Opened and hashed again, every source found in the manifest: still nothing changes.
    third = ingest_module.ingest(landing.warehouse, landing.root, full_scan=True)
    assert third.outcomes == []
    assert (third.skipped_unchanged_files, third.skipped_already_seen) == (0, 6)
    assert _tables(landing.warehouse) == before


def test_a_file_rewritten_in_place_is_read_again_an_unchanged_one_is_not(landing):
    """The landing index (path, size, mtime): a daily run opens new and rewritten files only."""
    kept = landing.add("x", "acme", EXPORT, "x/account_overview_analytics.csv")
    history = landing.add("tiktok", "acme", EXPORT, name="FollowerHistory.csv",
                          data=_history([("2026-06-05", 100), ("2026-06-06", 110)]))  # fmt: skip
    landing.ingest()
    path = landing.root / history
    # Rewritten with a new day (a new size and mtime): read, and loaded as a new source.
    path.write_bytes(_history([("2026-06-05", 100), ("2026-06-06", 110), ("2026-06-07", 125)]))
    second = landing.ingest()
    assert [(o.source_file, o.status, o.rows_loaded) for o in second.outcomes] == [
        (history, "loaded", 3)
    ]
    assert second.skipped_unchanged_files == 1  # the X overview, never opened
    assert landing.rows(
        "select count(*) from raw.landing_index where relative_path in (?, ?)", [kept, history]
    ) == [(2,)]
    # Same size and mtime restored over other bytes (a tool that keeps timestamps): trusted,
    # not read, until a full scan reads and loads it.
    stat = path.stat()
    path.write_bytes(path.read_bytes().replace(b"125", b"126"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert landing.ingest().outcomes == []
    full = ingest_module.ingest(landing.warehouse, landing.root, full_scan=True)
    assert [(o.source_file, o.status) for o in full.outcomes] == [(history, "loaded")]


def test_redelivered_file_is_recorded_as_a_duplicate_in_the_same_run_and_the_next(landing):
    data = (FIXTURES / "x" / "account_overview_analytics.csv").read_bytes()
    first = landing.add("x", "acme", "2026-06-07", name="account_overview_analytics.csv", data=data)
    copy = landing.add(
        "x", "acme", "2026-06-07", name="account_overview_analytics_2.csv", data=data
    )
    landing.ingest()
    later = landing.add("x", "acme", "2026-06-08", name="account_overview_analytics.csv", data=data)
    # Re-delivered later under a renamed folder: a copy of that export, no rename.
    other_account = landing.add(
        "x", "Acme Corp (redelivery)", "2026-06-08", name="overview.csv", data=data
    )
    landing.ingest()

    manifest = _manifest(landing)
    assert manifest[first][:2] == ("loaded", None)
    for duplicate in (copy, later, other_account):
        assert manifest[duplicate] == ("duplicate", first, 0, 0, 0, f"same content as {first}")
    assert landing.rows(
        "select _source_file, count(*) from raw.raw_x_account_overview group by 1 order by 1"
    ) == [(first, 3)]


def test_an_unchanged_bare_total_on_another_day_is_that_day_not_a_duplicate(landing):
    # A bare API total is dated by its export (the day before it): the same bytes exported
    # the next day (a small account whose total did not move) are the next day's total. Only
    # the same bytes under the same export date are a re-delivery.
    snapshot = b'{"firstDegreeSize": 2027}'
    monday = landing.add("linkedin", "acme", "2026-06-08", name="api_snapshot.json", data=snapshot)
    landing.ingest()
    tuesday = landing.add("linkedin", "acme", "2026-06-09", name="api_snapshot.json", data=snapshot)
    again = landing.add("linkedin", "acme", "2026-06-09", name="api_snapshot_copy.json",
                        data=snapshot)  # fmt: skip
    landing.ingest()

    manifest = _manifest(landing)
    assert manifest[monday][:4] == ("loaded", None, 1, 1)
    assert manifest[tuesday][:4] == ("loaded", None, 1, 1)
    assert manifest[again][:2] == ("duplicate", tuesday)
    assert landing.rows(
        "select cast(snapshot_date as varchar), followers_total "
        "from raw.raw_api_follower_snapshots order by 1"
    ) == [("2026-06-07", 2027), ("2026-06-08", 2027)]


@pytest.mark.parametrize("chunk_files", [2, 4000])
def test_a_chunk_with_an_unreadable_file_still_loads_the_good_ones(
    landing, monkeypatch, chunk_files
):
    monkeypatch.setattr(ingest_load, "CSV_CHUNK_FILES", chunk_files)
    good = [
        landing.add(
            "x",
            "acme",
            f"2026-06-1{day}",
            name="account_overview_analytics.csv",
            data=OVERVIEW.replace('"1,204"', f'"{1000 + day}"').encode(),
        )
        for day in (1, 2, 4, 5)
    ]
    bad = landing.add(
        "x",
        "acme",
        "2026-06-13",
        name="account_overview_analytics.csv",
        data=UNREADABLE_OVERVIEW.encode(),
    )
    # An identical copy of the unreadable file is not a duplicate of a loaded source.
    bad_copy = landing.add(
        "x", "acme", "2026-06-13", name="copy.csv", data=UNREADABLE_OVERVIEW.encode()
    )
    report = landing.ingest()

    assert report.status_counts == {"loaded": 4, "quarantined": 2}
    manifest = _manifest(landing)
    for source in good:
        assert manifest[source][:5] == ("loaded", None, 3, 3, 0)
    for source in (bad, bad_copy):
        status, _, read, loaded, quarantined, reason = manifest[source]
        assert (status, read, loaded, quarantined) == ("quarantined", 0, 0, 0)
        assert reason.startswith("a quoted field is never closed"), reason
        [(record, quarantine_reason)] = landing.quarantine(source)
        assert (record, quarantine_reason) == (None, reason)
    assert landing.rows(
        "select _source_file, impressions from raw.raw_x_account_overview "
        "where _source_row = 1 order by _load_seq"
    ) == [(source, 1000 + day) for source, day in zip(good, (1, 2, 4, 5), strict=True)]


@pytest.mark.parametrize("chunk_files", [2, 4000])
def test_source_rows_are_numbered_per_file_in_a_multi_file_scan(landing, monkeypatch, chunk_files):
    """_source_row is the record number in its own file (the scan reads many files)."""
    monkeypatch.setattr(ingest_load, "CSV_CHUNK_FILES", chunk_files)
    days = ["December 28", "December 29", "December 30", "December 31", "January 1", "2 janvier"]
    expected = []
    for file_number, rows in enumerate((6, 1, 4, 0, 5), start=1):
        cells = [(days[r], file_number * 1000 + r + 1) for r in range(rows)]
        body = _history(cells)
        if file_number == 3:  # a broken line: quarantined, not a record
            lines = body.decode().splitlines(keepends=True)
            body = "".join([*lines[:3], "January 9\n", *lines[3:]]).encode()
        source = landing.add(
            "tiktok", f"acct{file_number}", "2026-01-03", name="FollowerHistory.csv", data=body
        )
        expected += [(source, r + 1, file_number * 1000 + r + 1) for r in range(rows)]
    landing.ingest()

    assert (
        landing.rows(
            "select _source_file, _source_row, followers_total from raw.raw_tiktok_follower_history "
            "order by _load_seq, _source_row"
        )
        == expected
    )
    assert landing.rows(
        "select activity_date from raw.raw_tiktok_follower_history where _account = 'acct1' "
        "order by _source_row"
    ) == [(date(2025, 12, d),) for d in (28, 29, 30, 31)] + [
        (date(2026, 1, 1),),
        (date(2026, 1, 2),),
    ]
    [(line, record, raw_text, reason)] = landing.rows(
        "select line_number, record_number, raw_text, reason from raw.quarantine"
    )
    assert (line, record, raw_text) == (4, None, "January 9")
    assert reason.startswith("malformed CSV row (MISSING COLUMNS)")


# Four follower histories of one header: a blank line then a line of too many columns (line 4 of
# its file), a quoted count then a line of one cell (line 4), and a quoted field across lines
# (that source cannot be bundled: it is read from its own file).
BUNDLE_SOURCES = {
    "acct1": HISTORY_HEADER + "December 28,100,0\nDecember 29,101,1\n",
    "acct2": HISTORY_HEADER + "December 28,200,0\n\nDecember 29,201,1,9\nDecember 30,202,1\n",
    "acct3": HISTORY_HEADER + 'December 28,"1,300",0\nDecember 29,301,1\nJanuary 9\n',
    "acct4": HISTORY_HEADER + 'December 28,400,0\n"December\n29",401,1\n',
}


def _land_bundle_sources(root: Path) -> Landing:
    landing = Landing(root)
    for account, text in BUNDLE_SOURCES.items():
        landing.add("tiktok", account, "2026-01-03", name="FollowerHistory.csv", data=text.encode())
    return landing


def _raw_without_run_ids(landing: Landing) -> dict[str, list[tuple]]:
    """The raw tables without the columns that differ between two runs (load id, times)."""
    tables = {}
    for name in ("raw_tiktok_follower_history", "quarantine", "file_manifest"):
        with duckdb.connect(str(landing.warehouse), read_only=True) as con:
            columns = [c for (c,) in con.execute(
                "select column_name from duckdb_columns() where schema_name = 'raw' "
                "and table_name = ? and column_name not in ('_load_id', 'load_id') "
                "and data_type not like 'TIMESTAMP%' order by column_index",
                [name]).fetchall()]  # fmt: skip
            tables[name] = con.execute(
                f"select {', '.join(columns)} from raw.{name} order by all"
            ).fetchall()
    return tables


@pytest.mark.parametrize("bundle_sources", [2, 20000])
def test_sources_read_from_one_bundle_load_as_each_file_read_alone(
    tmp_path, monkeypatch, bundle_sources
):
    """Sources of one header whose records are single lines are read from one bundle file (a
    bundle of two sources, or all in one): their rows, record numbers and rejected lines (line
    number in their own file, text, message) are what each file read alone gives."""
    monkeypatch.setattr(ingest_load, "BUNDLE_CHUNK_SOURCES", bundle_sources)
    bundled = _land_bundle_sources(tmp_path / "bundled")
    bundled.ingest()

    assert bundled.rows(
        "select _account, _source_row, followers_total from raw.raw_tiktok_follower_history "
        "order by _account, _source_row"
    ) == [("acct1", 1, 100), ("acct1", 2, 101), ("acct2", 1, 200), ("acct2", 2, 202),
          ("acct3", 1, 1300), ("acct3", 2, 301), ("acct4", 1, 400), ("acct4", 2, 401)]  # fmt: skip
    assert bundled.rows(
        "select account, line_number, raw_text, reason from raw.quarantine order by account"
    ) == [
        ("acct2", 4, "\nDecember 29,201,1,9",
         "malformed CSV row (TOO MANY COLUMNS): Expected Number of Columns: 3 Found: 4"),
        ("acct3", 4, "January 9",
         "malformed CSV row (MISSING COLUMNS): Expected Number of Columns: 3 Found: 1"),
    ]  # fmt: skip

    # The same files, every one read from its own file.
    monkeypatch.setattr(ingest_plan, "records_are_lines", lambda text: False)
    alone = _land_bundle_sources(tmp_path / "alone")
    alone.ingest()
    assert _raw_without_run_ids(bundled) == _raw_without_run_ids(alone)


def test_value_errors_and_file_values_are_per_file_in_one_scan(landing):
    """Several Meta metric files share one scan: the metric comes from each file's title."""
    reach = 'sep=,\n"Reach"\n"Date","Primary"\n"2025-08-01T00:00:00","10"\n'
    views = 'sep=,\n"Views"\n"Date","Primary"\n"2025-08-01T00:00:00","oops"\n"2025-08-02","7"\n'
    landing.add("facebook", "acme", "2025-08-05", name="Reach.csv", data=utf16(reach))
    views_source = landing.add(
        "facebook", "acme", "2025-08-05", name="Views.csv", data=utf16(views)
    )
    landing.ingest()

    assert landing.rows(
        "select metric, metric_date, value, _source_row from raw.raw_meta_account_metrics "
        "order by metric"
    ) == [("reach", date(2025, 8, 1), 10, 1), ("views", date(2025, 8, 2), 7, 2)]
    assert landing.quarantine(views_source) == [(1, "Primary: cannot parse oops")]


def test_progress_bar_can_be_switched_off(landing):
    landing.add("x", "acme", EXPORT, "x/account_overview_analytics.csv")
    report = ingest(landing.warehouse, landing.root, progress=False)
    assert report.status_counts == {"loaded": 1}


# -- a generated world -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> tuple[Path, Path, Path, ingest_module.IngestReport]:
    base = tmp_path_factory.mktemp("world")
    generate_world(WORLD, base / "landing", base / "truth", progress=False)
    warehouse = base / "warehouse.duckdb"
    report = ingest(warehouse, base / "landing", progress=False)
    return base / "truth", warehouse, base / "landing", report


def test_a_backfill_in_batches_equals_one_batch(world, tmp_path, monkeypatch):
    """Batches cut at export dates (a few hundred files here, 20,000 by default) give the
    very same raw tables, manifest and index as loading everything at once."""
    from datetime import datetime

    _, _, landing, _ = world
    at = datetime(2026, 1, 21, 6, 0)
    whole, batched = tmp_path / "whole.duckdb", tmp_path / "batched.duckdb"
    ingest(whole, landing, load_id="backfill", loaded_at=at, progress=False)
    monkeypatch.setenv("SOCIALKPI_INGEST_BATCH_FILES", "150")
    files = sum(1 for p in landing.rglob("*") if p.is_file())
    batches = list(ingest_module.export_date_batches(
        sorted(ingest_module.discover(landing), key=lambda f: (f.export_date or date.min,
                                                               f.relative_path)), 150))  # fmt: skip
    assert len(batches) > 3 and sum(map(len, batches)) == files
    report = ingest(batched, landing, load_id="backfill", loaded_at=at, progress=False)
    assert report.status_counts["loaded"] > 0
    assert _tables(batched) == _tables(whole)


def _truth(truth: Path, name: str) -> list[dict[str, str]]:
    with (truth / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_generated_world_reconciles_row_by_row(world):
    _, warehouse, _, report = world
    with duckdb.connect(str(warehouse), read_only=True) as con:
        manifest = con.execute(
            "select source_file, status, format_name, rows_read, rows_loaded, rows_quarantined, "
            "cells_nulled from raw.file_manifest"
        ).fetchall()
        in_quarantine = dict(
            con.execute(
                "select source_file, count(*) from raw.quarantine where scope != 'cell' group by 1"
            ).fetchall()
        )
        nulled = dict(
            con.execute(
                "select source_file, count(*) from raw.quarantine where scope = 'cell' group by 1"
            ).fetchall()
        )
        raw_table = {fmt.name: fmt.raw_table for fmt in loaded_formats()}
        in_raw: dict[str, int] = {}
        for table in set(raw_table.values()):
            in_raw.update(
                con.execute(f"select _source_file, count(*) from raw.{table} group by 1").fetchall()
            )
    assert len(manifest) == len(report.outcomes)
    assert sum(r[3] for r in manifest) == sum(r[4] for r in manifest) + sum(r[5] for r in manifest)
    for source_file, status, _, read, loaded, quarantined, cells_nulled in manifest:
        assert read == loaded + quarantined, source_file
        whole = 1 if status == "quarantined" else 0
        assert in_quarantine.get(source_file, 0) == quarantined + whole, source_file
        assert nulled.get(source_file, 0) == cells_nulled, source_file
        assert in_raw.get(source_file, 0) == loaded, source_file


def test_generated_world_quarantines_exactly_the_bad_files(world):
    truth, warehouse, _, report = world
    bad_files = {row["path"]: row for row in _truth(truth, "bad_files.csv")}
    assert {row["kind"] for row in bad_files.values()} >= {"empty", "malformed_rows"}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        with_quarantine = {
            source_file.split("!/")[0]
            for (source_file,) in con.execute(
                "select distinct source_file from raw.quarantine"
            ).fetchall()
        }
    assert with_quarantine == set(bad_files)
    for outcome in report.outcomes:
        path = outcome.source_file.split("!/")[0]
        if path not in bad_files:
            assert outcome.status in ("loaded", "duplicate"), outcome
            assert outcome.rows_quarantined == 0, outcome
        elif bad_files[path]["kind"] == "malformed_rows":
            bad = bad_files[path]
            assert outcome.status == "loaded"
            assert outcome.rows_quarantined == len(bad["bad_lines"].split(";"))
            assert outcome.rows_loaded == int(bad["valid_rows"])
        else:
            assert outcome.status == "quarantined", outcome


def test_generated_world_re_deliveries_are_duplicates(world):
    truth, _, _, report = world
    status_of: dict[str, set[str]] = {}
    for outcome in report.outcomes:
        status_of.setdefault(outcome.source_file.split("!/")[0], set()).add(outcome.status)
    bad = {row["path"] for row in _truth(truth, "bad_files.csv")}
    pairs = [
        (row["path"], row["is_duplicate_of"])
        for row in _truth(truth, "files.csv")
        if row["is_duplicate_of"] and row["path"] not in bad
    ]
    assert pairs
    for copy, original in pairs:
        # Whichever comes first in (export date, path) order loads; the other is the duplicate.
        assert [status_of[copy], status_of[original]] in (
            [{"duplicate"}, {"loaded"}],
            [{"loaded"}, {"duplicate"}],
        ), (copy, original)


@pytest.mark.parametrize(
    ("table", "day_column"),
    [
        ("raw_tiktok_follower_history", "activity_date"),
        ("raw_api_follower_snapshots", "snapshot_date"),
    ],
)
def test_generated_world_follower_totals_of_the_newest_export_match_the_truth(
    world, table, day_column
):
    truth, warehouse, _, _ = world
    account_of = {row["path"]: row["account_id"] for row in _truth(truth, "files.csv")}
    expected = {
        (row["account_id"], date.fromisoformat(row["date"])): int(row["followers_total"])
        for row in _truth(truth, "account_daily.csv")
    }
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            f"select _source_file, _export_date, _load_seq, {day_column}, followers_total "
            f"from raw.{table}"
        ).fetchall()
    # The newest export per account (whatever its folder name after a rename) and day.
    newest: dict[tuple[str, date], tuple] = {}
    for source_file, export_date, load_seq, day, total in rows:
        key = (account_of[source_file.split("!/")[0]], day)
        if key not in newest or (export_date, load_seq) > newest[key][:2]:
            newest[key] = (export_date, load_seq, total)
    assert len(newest) >= WORLD.days
    assert {key: expected.get(key) for key in newest} == {k: v[2] for k, v in newest.items()}


def test_spreadsheet_retyped_dates_are_read_as_each_file_decides(tmp_path):
    """Numeric dates a spreadsheet wrote in place of ISO ones: the file's own values say
    day-first or month-first; a file that cannot say is quarantined row by row, with why."""
    landing = tmp_path / "landing"
    files = {
        # consecutive days read month-first (Jan 2, Jan 3), months apart read day-first
        "month_first": "Facebook reach\nDate,Primary\n1/2/2022,5\n1/3/2022,6\n",
        # a first part above 12: day-first
        "day_first": "Facebook reach\nDate,Primary\n12-06-2025,7\n13-06-2025,8\n",
        # one date, both readings possible
        "undecided": "Facebook reach\nDate,Primary\n1/2/2022,9\n",
    }
    for account, text in files.items():
        folder = landing / "facebook" / account / "2025-06-20"
        folder.mkdir(parents=True)
        (folder / "Reach.csv").write_text(text)
    warehouse = tmp_path / "w.duckdb"
    ingest(warehouse, landing, progress=False)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        loaded = con.execute(
            "select _account, metric_date, value from raw.raw_meta_account_metrics order by 1, 2"
        ).fetchall()
        quarantined = con.execute("select _account, reason from (select account as _account, "
                                  "reason from raw.quarantine)").fetchall()  # fmt: skip
    assert loaded == [
        ("day_first", date(2025, 6, 12), 7),
        ("day_first", date(2025, 6, 13), 8),
        ("month_first", date(2022, 1, 2), 5),
        ("month_first", date(2022, 1, 3), 6),
    ]
    assert quarantined == [
        (
            "undecided",
            "Date: cannot parse 1/2/2022 (day/month or month/day: no other date of the file "
            "decides)",
        )
    ]


def test_a_warehouse_made_before_a_format_gained_columns_gets_them(tmp_path):
    """A raw table created by an older release (without the columns a new export generation
    brought) gets them on the next run, and new rows load by column name."""
    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema raw")
        con.execute(
            "create table raw.raw_tiktok_overview (_load_id varchar, _load_seq bigint, "
            "_platform varchar, _account varchar, _export_date date, _source_file varchar, "
            "_content_hash varchar, _source_row bigint, _loaded_at timestamp, activity_date date, "
            "video_views bigint, profile_views bigint, likes bigint, comments bigint, shares bigint)"
        )
    folder = tmp_path / "landing" / "tiktok" / "acme" / "2026-03-05"
    folder.mkdir(parents=True)
    (folder / "Overview.csv").write_text(
        "Date,Video Views,Profile Views,Likes,Comments,Shares,Reached audience\n"
        "March 4,10,1,2,3,4,9\n"
    )
    ingest(warehouse, tmp_path / "landing", progress=False)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute(
            "select activity_date, video_views, shares, reach from raw.raw_tiktok_overview"
        ).fetchall() == [(date(2026, 3, 4), 10, 4, 9)]


def test_special_files_and_links_are_skipped_with_their_reason_and_never_read(tmp_path):
    landing = tmp_path / "landing"
    folder = landing / "tiktok" / "acme" / "2026-03-05"
    folder.mkdir(parents=True)
    (folder / "FollowerHistory.csv").write_text(
        "Date,Followers,Difference in followers from previous day\nMarch 4,100,0\n"
    )
    os.mkfifo(folder / "pipe.csv")  # reading it would hang the run
    outside = tmp_path / "secret.csv"
    outside.write_text("not for the warehouse\n")
    (folder / "outside.csv").symlink_to(outside)
    (folder / "inside.csv").symlink_to(folder / "FollowerHistory.csv")
    warehouse = tmp_path / "w.duckdb"
    report = ingest(warehouse, landing, progress=False)
    outcomes = {o.source_file.rsplit("/", 1)[-1]: (o.status, o.reason) for o in report.outcomes}
    assert outcomes["FollowerHistory.csv"] == ("loaded", None)
    assert outcomes["pipe.csv"] == ("skipped", "named pipe (FIFO): not a file, never read")
    assert outcomes["outside.csv"][0] == "skipped"
    assert "outside the landing root" in outcomes["outside.csv"][1]
    assert "inside the landing root" in outcomes["inside.csv"][1]
    # A second run records nothing again.
    assert ingest(warehouse, landing, progress=False).outcomes == []
