"""Kill -9 inside publish and inside the quality checks, then re-run: the published tables
equal a clean run's and no temporary is left (issue 12: a killed publish used to leave a copy
of the warehouse behind for good).

Each kill happens at a named pause point (``socialkpi.faults``): the step runs in a
subprocess with ``SOCIALKPI_PAUSE_AT`` set, the test waits until the step reaches the point,
then sends SIGKILL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from socialkpi.config import Settings
from socialkpi.publish import current_publication, publish, publish_directory
from tests.quality.test_quality_checks import ACME_PURGE, CLEAN_DAILY, WINDOW
from tests.quality.test_quality_checks import make_warehouse as make_quality_warehouse
from tests.serving.warehouse import make_warehouse, serving_state, temporaries

PUBLISH = (
    "from socialkpi.config import Settings\n"
    "from tests.serving.test_crash_safety import publish_serving\n"
    "publish_serving(Settings.resolve(), 'run-killed')\n"
)


def publish_serving(settings: Settings, run_id: str) -> None:
    """What ``publish_step`` publishes beside the run report (which needs every mart; its
    temporaries are dot-names too, removed by the next publish): the serving copy, then the
    dbt docs site."""
    publish(settings.warehouse_path, settings.serving_path, run_id)
    publish_directory(settings.warehouse_dir / "dbt_docs", settings.serving_dir / "dbt_docs")


def deployment(root: Path, days: int = 4) -> Settings:
    """A warehouse folder as the DAG leaves it before publish: the DuckDB file and the dbt
    docs site."""
    warehouse_dir = root / "warehouse"
    warehouse_dir.mkdir(parents=True, exist_ok=True)
    make_warehouse(warehouse_dir / "socialkpi.duckdb", days=days)
    (warehouse_dir / "dbt_docs").mkdir(exist_ok=True)
    (warehouse_dir / "dbt_docs" / "static_index.html").write_text(f"<html>{days} days</html>")
    return Settings.resolve(landing_root=root / "landing", warehouse_dir=warehouse_dir)


def published(settings: Settings) -> dict:
    serving = settings.serving_dir
    return {
        "tables": serving_state(settings.serving_path),
        "dbt_docs": (serving / "dbt_docs" / "static_index.html").read_text(),
    }


def run_until_killed(code: str, env: dict, point: str, marker: Path) -> None:
    """Run ``code`` in a new Python until it reaches pause point ``point``, then SIGKILL it."""
    env = {**os.environ, **env, "SOCIALKPI_PAUSE_AT": point, "SOCIALKPI_PAUSE_MARKER": str(marker)}
    process = subprocess.Popen([sys.executable, "-c", code], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    deadline = time.monotonic() + 180
    while not marker.exists():
        if process.poll() is not None:
            pytest.fail(f"ended before {point}: {process.stderr.read()[-3000:]}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"never reached {point}")
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


@pytest.fixture(scope="module")
def clean_publication(tmp_path_factory):
    settings = deployment(tmp_path_factory.mktemp("clean"))
    publish_serving(settings, "run-clean")
    return published(settings)


# (pause point, whether the killed attempt leaves a temporary behind for the re-run to remove)
PUBLISH_POINTS = [
    ("publish.first_table_written", True),
    ("publish.parquet_written", True),
    ("publish.publication_complete", False),  # a complete publication never switched to
    ("publish.current_switched", False),
    ("publish.catalog_switched", False),
    ("publish_directory.dbt_docs.copied", True),
]


@pytest.mark.parametrize(("point", "leaves_temporary"), PUBLISH_POINTS)
def test_kill_inside_publish_then_rerun_equals_a_clean_run(
    tmp_path, clean_publication, point, leaves_temporary
):
    # Yesterday's publication (2 days of data) is live; today's warehouse holds 4 days.
    settings = deployment(tmp_path, days=2)
    publish_serving(settings, "run-yesterday")
    yesterday = published(settings)
    yesterday_id = current_publication(settings.serving_dir)
    deployment(tmp_path, days=4)
    env = {"SOCIALKPI_WAREHOUSE_DIR": str(settings.warehouse_dir)}

    run_until_killed(PUBLISH, env, point, tmp_path / "paused")

    # Readers meanwhile see one complete publication: yesterday's, or today's once switched.
    seen = serving_state(settings.serving_path)
    assert seen in (yesterday["tables"], clean_publication["tables"])
    left = temporaries(settings.serving_dir)
    assert bool(left) == leaves_temporary, left
    killed_id = current_publication(settings.serving_dir)
    attempted = {p.name for p in (settings.serving_dir / "publications").iterdir()} - {yesterday_id}

    publish_serving(settings, "run-rerun")

    assert published(settings) == clean_publication
    assert temporaries(settings.serving_dir) == []
    # What stays: the live publication and those replaced within the grace period (yesterday's,
    # and the killed attempt's if it was switched to); one never switched to is gone.
    publications = {p.name for p in (settings.serving_dir / "publications").iterdir()}
    switched = killed_id if killed_id != yesterday_id else None
    assert publications == {yesterday_id, current_publication(settings.serving_dir)} | (
        {switched} if switched else set()
    )
    assert not (attempted - {switched}) & publications


QUALITY = (
    "from datetime import date\n"
    "from pathlib import Path\n"
    "from socialkpi.config import project_root\n"
    "from socialkpi.quality import run_quality_checks\n"
    "import sys\n"
    "run_quality_checks(warehouse_path=Path(sys.argv[1]), gx_dir=Path(sys.argv[2]),\n"
    "    expectations_dir=project_root() / 'expectations', run_id='scheduled__killed',\n"
    "    window_start=date.fromisoformat(sys.argv[3]), window_end=date.fromisoformat(sys.argv[4]))\n"
)


def quality_tables(warehouse: Path) -> dict[str, list]:
    volatile = {"run_id", "validated_at", "reported_at"}
    state = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for (table,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'quality' order by 1"
        ).fetchall():
            columns = [c for (c,) in con.execute(
                "select column_name from duckdb_columns() where schema_name = 'quality' "
                "and table_name = ? order by column_index", [table]).fetchall() if c not in volatile]  # fmt: skip
            select = ", ".join(f'"{c}"' for c in columns)
            state[table] = con.execute(
                f"select {select} from quality.{table} order by all"
            ).fetchall()
    return state


def run_checks(warehouse: Path, gx_dir: Path, run_id: str):
    from socialkpi.config import project_root
    from socialkpi.quality import run_quality_checks

    return run_quality_checks(
        warehouse_path=warehouse, expectations_dir=project_root() / "expectations",
        gx_dir=gx_dir, run_id=run_id, window_start=WINDOW[0], window_end=WINDOW[1],
    )  # fmt: skip


@pytest.fixture(scope="module")
def clean_checks(tmp_path_factory):
    root = tmp_path_factory.mktemp("clean_checks")
    warehouse = make_quality_warehouse(root / "wh.duckdb", CLEAN_DAILY, purge_events=[ACME_PURGE])
    report = run_checks(warehouse, root / "gx", "scheduled__clean")
    assert [o.suite_name for o in report.failed_warnings] == ["follower_purge_events"]
    state = quality_tables(warehouse)
    assert state["purge_alerts"], "the purge is in the alert ledger"
    return state


@pytest.mark.parametrize(
    "point", ["quality.validated", "quality.before_commit", "quality.results_stored"]
)
def test_kill_inside_the_checks_then_rerun_equals_a_clean_run(tmp_path, clean_checks, point):
    # A purge in the window: the warning check fails and the alert ledger records it.
    warehouse = make_quality_warehouse(
        tmp_path / "wh.duckdb", CLEAN_DAILY, purge_events=[ACME_PURGE]
    )
    gx_dir = tmp_path / "gx"
    code_args = [str(warehouse), str(gx_dir), WINDOW[0].isoformat(), WINDOW[1].isoformat()]
    code = f"import sys; sys.argv[1:] = {code_args!r}\n" + QUALITY
    run_until_killed(code, {}, point, tmp_path / "paused")

    killed = quality_tables(warehouse) if warehouse.exists() else {}
    # Committed results of the killed attempt exist only when it was killed after storing.
    assert bool(killed.get("validation_results")) == (point == "quality.results_stored")

    run_checks(warehouse, gx_dir, "scheduled__rerun")

    assert quality_tables(warehouse) == clean_checks
    with duckdb.connect(str(warehouse), read_only=True) as con:
        runs = con.execute("select distinct run_id from quality.validation_results").fetchall()
    assert runs == [("scheduled__rerun",)]
    assert temporaries(tmp_path) == []


def test_publish_removes_only_the_temporaries_of_earlier_attempts(tmp_path):
    settings = deployment(tmp_path)
    publish_serving(settings, "run-1")
    serving = settings.serving_dir
    stale = [
        serving / "publications" / ".20260307T000000000000Z-0badf00d.tmp",
        serving / ".socialkpi.duckdb.0badf00d.tmp",
        serving / ".socialkpi.duckdb.0badf00d.tmp.wal",
        serving / ".current.0badf00d.tmp",
        serving / ".report.0badf00d.old",
    ]
    stale[0].mkdir()
    (stale[0] / "marts").mkdir()
    for path in stale[1:4]:
        path.write_text("left by a killed attempt")
    stale[4].mkdir()
    assert len(temporaries(serving)) == len(stale)
    kept = published(settings)

    publish_serving(settings, "run-2")

    assert temporaries(serving) == []
    assert published(settings) == kept
    assert (serving / "socialkpi.duckdb").exists() and (serving / "current").is_symlink()


INGEST = (
    "import sys\n"
    "from pathlib import Path\n"
    "from socialkpi.ingest import ingest\n"
    "ingest(Path(sys.argv[1]), Path(sys.argv[2]), load_id='killed')\n"
)
FOLLOWERS = "Date,Followers,Difference in followers from previous day\n"


def land(landing: Path) -> None:
    day = landing / "tiktok" / "acme" / "2026-03-05"
    day.mkdir(parents=True)
    (day / "FollowerHistory.csv").write_text(FOLLOWERS + "March 2,1000,5\nMarch 3,1010,10\n")
    (day / "Overview.csv").write_text(
        "Date,Video Views,Profile Views,Likes,Comments,Shares\nMarch 3,100,5,10,2,1\n"
    )


def raw_tables(warehouse: Path) -> dict[str, list]:
    volatile = {"_load_id", "load_id", "loaded_at", "_loaded_at", "quarantined_at", "indexed_at"}
    state = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for schema, table in con.execute(
            "select schema_name, table_name from duckdb_tables() order by all"
        ).fetchall():
            columns = [c for (c,) in con.execute(
                "select column_name from duckdb_columns() where schema_name = ? "
                "and table_name = ? order by column_index", [schema, table]).fetchall()
                if c not in volatile]  # fmt: skip
            select = ", ".join(f'"{c}"' for c in columns)
            state[f"{schema}.{table}"] = con.execute(
                f'select {select} from "{schema}"."{table}" order by all'
            ).fetchall()
    return state


def test_kill_inside_ingest_then_rerun_leaves_no_decoded_copies_and_equals_a_clean_run(tmp_path):
    from socialkpi.ingest import ingest

    land(tmp_path / "landing")
    clean = tmp_path / "clean" / "socialkpi.duckdb"
    clean.parent.mkdir()
    ingest(clean, tmp_path / "landing", load_id="clean")
    warehouse = tmp_path / "warehouse" / "socialkpi.duckdb"
    warehouse.parent.mkdir()
    code = f"import sys; sys.argv[1:] = {[str(warehouse), str(tmp_path / 'landing')]!r}\n" + INGEST

    run_until_killed(code, {}, "ingest.planned", tmp_path / "paused")
    left = list(warehouse.parent.glob(".socialkpi.duckdb.ingest.*.tmp"))
    assert left and any(p.iterdir() for p in left), "the killed ingest left its decoded copies"

    ingest(warehouse, tmp_path / "landing", load_id="rerun")

    assert temporaries(warehouse.parent) == []
    assert raw_tables(warehouse) == raw_tables(clean)
    assert raw_tables(clean), "the clean ingest loaded something"
