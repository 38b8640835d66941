"""The real daily DAG, run by Airflow, on a tiny landing zone whose answer is worked out by hand.

Landing zone (TikTok only, the skeleton's format pair):

* ``acme``, export 2026-03-05: FollowerHistory Mar 2-4 (1000, 1010, 1020) and
  Overview Mar 3-4; the same FollowerHistory re-delivered as ``FollowerHistory (1).csv``.
* ``acme``, export 2026-03-06, in a zip: FollowerHistory Mar 4-5 (Mar 4 restated
  to 1021) and Overview Mar 4-5 (Mar 4 restated); plus ``notes.csv``, not an export.
* ``o'brien café`` (quote, space, accent), export 2026-03-06, French month names:
  4 mars 500, 5 mars 470 (a 6% drop).

Expected ``marts.fct_account_daily`` (newest export wins; engagements = likes +
comments + shares; rate = engagements / followers):

=========  ======  =====  ======  =====  =====  ====  ====  ===========
account    day     total  change  views  likes  com.  shr.  engagements
=========  ======  =====  ======  =====  =====  ====  ====  ===========
acme       Mar 2   1000   -       -      -      -     -     -
acme       Mar 3   1010   +10     100    10     2     1     13
acme       Mar 4   1021   +11     210    21     4     2     27
acme       Mar 5   1030   +9      300    30     6     3     39
o'brien    Mar 4   500    -       -      -      -     -     -
o'brien    Mar 5   470    -30     -      -      -     -     -
=========  ======  =====  ======  =====  =====  ====  ====  ===========
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.airflow

FOLLOWER_HEADER = "Date,Followers,Difference in followers from previous day\n"
OVERVIEW_HEADER = "Date,Video Views,Profile Views,Likes,Comments,Shares\n"
OBRIEN = "o'brien café"

EXPECTED_DAILY = [
    # account, day, total, net change, relative change, views, likes, comments, shares, engagements, rate
    ("acme", "2026-03-02", 1000, None, None, None, None, None, None, None, None),
    ("acme", "2026-03-03", 1010, 10, 10 / 1000, 100, 10, 2, 1, 13, 13 / 1010),
    ("acme", "2026-03-04", 1021, 11, 11 / 1010, 210, 21, 4, 2, 27, 27 / 1021),
    ("acme", "2026-03-05", 1030, 9, 9 / 1021, 300, 30, 6, 3, 39, 39 / 1030),
    (OBRIEN, "2026-03-04", 500, None, None, None, None, None, None, None, None),
    (OBRIEN, "2026-03-05", 470, -30, -30 / 500, None, None, None, None, None, None),
]


def write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode())


def land_first_day(landing: Path) -> None:
    day = landing / "tiktok" / "acme" / "2026-03-05"
    history = FOLLOWER_HEADER + "March 2,1000,5\nMarch 3,1010,10\nMarch 4,1020,10\n"
    write(day / "FollowerHistory.csv", history)
    write(day / "FollowerHistory (1).csv", history)  # re-delivered
    write(day / "Overview.csv", OVERVIEW_HEADER + "March 3,100,5,10,2,1\nMarch 4,200,6,20,4,2\n")


def land_second_day(landing: Path) -> None:
    day = landing / "tiktok" / "acme" / "2026-03-06"
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("FollowerHistory.csv", FOLLOWER_HEADER + "March 4,1021,11\nMarch 5,1030,9\n")
        zf.writestr(
            "Overview.csv", OVERVIEW_HEADER + "March 4,210,6,21,4,2\nMarch 5,300,7,30,6,3\n"
        )
    write(day / "TikTok_Analytics_acme.zip", archive.getvalue())
    write(day / "notes.csv", "remember to,ask about budget\n")
    obrien = landing / "tiktok" / OBRIEN / "2026-03-06"
    write(obrien / "FollowerHistory.csv", FOLLOWER_HEADER + "4 mars,500,0\n5 mars,470,-30\n")


def mart_rows(serving: Path) -> list[tuple]:
    with duckdb.connect(str(serving), read_only=True) as con:
        return con.execute(
            """
            select account_name, strftime(activity_date, '%Y-%m-%d'), followers_total,
                   followers_net_change, followers_relative_change, video_views, likes, comments,
                   shares, engagements, daily_engagement_rate
            from marts.fct_account_daily
            where platform = 'tiktok'
            order by account_name, activity_date
            """
        ).fetchall()


def warehouse_state(serving: Path) -> dict[str, list[tuple]]:
    """Every published table's content except columns that record when it ran."""
    volatile = {"loaded_at", "validated_at", "run_id", "quarantined_at"}
    state = {}
    with duckdb.connect(str(serving), read_only=True) as con:
        assert (
            con.execute(
                "select count(*) from duckdb_views() where schema_name = 'marts'"
            ).fetchone()[0]
            > 5
        )
        for schema, table in con.execute(
            "select schema_name, view_name from duckdb_views() where schema_name = 'marts'"
        ).fetchall():
            columns = [c for (c,) in con.execute(
                "select column_name from duckdb_columns() where schema_name = ? and table_name = ?",
                [schema, table]).fetchall() if c not in volatile]  # fmt: skip
            select = ", ".join(f'"{c}"' for c in columns)
            state[f"{schema}.{table}"] = con.execute(
                f"select {select} from {schema}.{table} order by all"
            ).fetchall()
    return state


def assert_rows_match(actual: list[tuple], expected: list[tuple]) -> None:
    assert len(actual) == len(expected), actual
    for got, want in zip(actual, expected, strict=True):
        assert got[:4] == want[:4], (got, want)
        assert got[4] == pytest.approx(want[4]), (got, want)
        assert got[5:10] == want[5:10], (got, want)
        assert got[10] == pytest.approx(want[10]), (got, want)


def test_daily_dag_builds_the_expected_marts_and_flags_the_drop(clean_run):
    deployment, log = clean_run
    assert_rows_match(mart_rows(deployment.serving_path), EXPECTED_DAILY)
    with duckdb.connect(str(deployment.serving_path), read_only=True) as con:
        loads = dict(con.execute(
            "select source_file, load_status from marts.ops_file_loads").fetchall())  # fmt: skip
        failed = con.execute(
            "select suite_name, severity from quality.validation_results where not success"
        ).fetchall()
    assert loads == {
        "tiktok/acme/2026-03-05/FollowerHistory (1).csv": "loaded",
        "tiktok/acme/2026-03-05/FollowerHistory.csv": "duplicate",
        "tiktok/acme/2026-03-05/Overview.csv": "loaded",
        "tiktok/acme/2026-03-06/TikTok_Analytics_acme.zip!/FollowerHistory.csv": "loaded",
        "tiktok/acme/2026-03-06/TikTok_Analytics_acme.zip!/Overview.csv": "loaded",
        "tiktok/acme/2026-03-06/notes.csv": "quarantined",
        f"tiktok/{OBRIEN}/2026-03-06/FollowerHistory.csv": "loaded",
    }
    # o'brien's 6% overnight drop (30 followers, no history yet) is a cold-start purge.
    assert failed == [("follower_purge_events", "warning")]
    assert "[socialkpi] warning check follower_purge_events failed" in log
    assert OBRIEN in log
    report = (deployment.warehouse_dir / "serving" / "report" / "index.html").read_text()
    assert "follower_purge_events" in report and "brien café" in report  # the quote is escaped
    assert not (deployment.warehouse_dir / "serving" / "data_docs").exists()
    # A good run: no task failure, no stale account, no stale source; the purge warning only.
    assert "[socialkpi] task failed" not in log and "Raw sources not fresh" not in log
    assert deployment.webhook.headers() == [":warning: New follower purge"]
    [purge] = deployment.webhook.received
    assert f"*tiktok / {OBRIEN}*: 30 followers lost (6.0%); 2026-03-05" in json.dumps(
        purge["blocks"], ensure_ascii=False
    )
    with duckdb.connect(str(deployment.serving_path), read_only=True) as con:
        freshness = dict(con.execute(
            "select table_name, status from quality.source_freshness"
            " where table_name in ('raw_tiktok_follower_history', 'raw_x_content')"
        ).fetchall())  # fmt: skip
    assert freshness == {"raw_tiktok_follower_history": "pass", "raw_x_content": "no_rows"}
    assert (
        "fct_account_daily"
        in (deployment.warehouse_dir / "serving" / "dbt_docs" / "static_index.html").read_text()
    )


def test_bi_clients_read_every_mart_of_the_real_serving_copy(clean_run):
    """The DAG's serving copy, read as BI tools do: a DuckDB 1.1 client and SQLAlchemy
    reflection (duckdb-engine) of every published table."""
    from sqlalchemy import create_engine, inspect

    from tests.serving.warehouse import registry_unreachable, uv_python

    deployment, _ = clean_run
    serving = deployment.serving_path
    with duckdb.connect(str(serving), read_only=True) as con:
        expected = {f"{s}.{v}": con.execute(
            "select column_name, data_type from duckdb_columns() where schema_name = ? "
            "and table_name = ? order by column_index", [s, v]).fetchall()
            for s, v in con.execute("select schema_name, view_name from duckdb_views() "
                                    "where schema_name in ('marts', 'quality')").fetchall()}  # fmt: skip
    assert {"marts.fct_account_daily", "marts.ops_file_loads", "quality.validation_results"} <= set(
        expected
    )
    engine = create_engine(f"duckdb:///{serving}?access_mode=read_only")  # as README says
    try:
        inspector = inspect(engine)
        assert {"socialkpi.marts", "socialkpi.quality"} <= set(inspector.get_schema_names())
        for table, columns in expected.items():
            schema, name = table.split(".")
            assert name in inspector.get_view_names(schema=f"socialkpi.{schema}")
            reflected = inspector.get_columns(name, schema=f"socialkpi.{schema}")
            assert [c["name"] for c in reflected] == [c for c, _ in columns], table
    finally:
        engine.dispose()
    result = uv_python("1.1.3", str(Path(__file__).parents[1] / "serving" / "client_check.py"),
                       str(serving), extra=("pandas",))  # fmt: skip
    if registry_unreachable(result):
        pytest.skip("package registry unreachable, cannot install duckdb==1.1.3")
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout)["views"]
    for table, columns in expected.items():
        assert [tuple(c) for c in seen[table]["types"]] == columns, table
    with duckdb.connect(str(serving), read_only=True) as con:
        for table in expected:
            assert seen[table]["rows"] == con.execute(f"select count(*) from {table}").fetchone()[0]


def test_the_run_summary_counts_every_published_view(clean_run):
    """The end-of-run summary reads the serving copy, whose marts are views over Parquet."""
    from socialkpi.summary import build_summary

    deployment, _ = clean_run
    with duckdb.connect(str(deployment.serving_path), read_only=True) as con:
        daily_rows = con.execute("select count(*) from marts.fct_account_daily").fetchone()[0]
    summary = build_summary(deployment.serving_path)
    rows_section = summary.split("Rows per published table", 1)[1]
    assert daily_rows > 0
    assert re.search(rf"marts\.fct_account_daily\s+{daily_rows}\b", rows_section), summary
