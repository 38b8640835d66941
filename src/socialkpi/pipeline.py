"""The steps of the daily pipeline, as plain functions the DAG tasks call.

Keeping them here (not in the DAG file) means they are tested without Airflow,
and the DAG file only wires tasks.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path

from socialkpi import dbt_runner
from socialkpi.config import Settings, duckdb_config
from socialkpi.ingest import ingest
from socialkpi.publish import publish, publish_directory
from socialkpi.quality import QualityReport, run_quality_checks
from socialkpi.report import publish_report

log = logging.getLogger(__name__)

# Days before the run day that the windowed checks look at again: platforms
# restate their last days, so a drop can appear a few days late.
DEFAULT_LOOKBACK_DAYS = 3


def run_day_for_interval_end(data_interval_end) -> date:
    """The export day a daily run loads: the day before its data interval ends.

    A run triggered at midnight T loads the exports downloaded during T-1. With
    Airflow 3's default ``CronTriggerTimetable`` the data interval is the single
    instant T; with a ``CronDataIntervalTimetable`` it is [T-1, T). Both give T-1.
    """
    return (data_interval_end - timedelta(days=1)).date()


def ingest_step(settings: Settings, run_day: date, run_id: str) -> dict:
    """Load every landed export up to ``run_day`` that the manifest has not seen."""
    report = ingest(settings.warehouse_path, settings.landing_root, up_to=run_day, load_id=run_id)
    return report.summary()


def quality_step(
    settings: Settings, run_day: date, run_id: str, lookback_days: int = DEFAULT_LOOKBACK_DAYS
) -> QualityReport:
    """Run the GX suites over the run's window (lookback included); raise on critical failures."""
    return run_quality_checks(
        warehouse_path=settings.warehouse_path,
        expectations_dir=settings.expectations_dir,
        gx_dir=settings.gx_dir,
        run_id=run_id,
        window_start=run_day - timedelta(days=lookback_days),
        window_end=run_day + timedelta(days=1),
        variables=quality_variables(),
    )


def quality_variables() -> dict:
    """Check variables set in the environment (the rest keep ``DEFAULT_VARIABLES``)."""
    variables = {}
    if days := os.environ.get("SOCIALKPI_STALE_ACCOUNT_DAYS"):
        if not days.isdigit() or int(days) < 1:
            raise ValueError(f"SOCIALKPI_STALE_ACCOUNT_DAYS must be a whole number >= 1: {days!r}")
        variables["stale_account_days"] = int(days)
    return variables


# What dbt's documentation site is made of: the project's own files (models, macros, seeds,
# their YAML, dbt_project.yml), dbt's version, and the catalog: the warehouse's tables, columns
# and types (sources gain columns when a format does). The site changes only when one does.
DBT_DOCS_INPUTS = ("dbt_project.yml", "models", "macros", "seeds", "snapshots", "analyses", "tests")
DBT_DOCS_HASH_FILE = ".project_hash"


def dbt_docs_inputs_hash(dbt_dir: Path, warehouse_path: Path) -> str:
    """A hash of what the docs site shows: project files, dbt's version, the warehouse schema."""
    import duckdb
    from dbt.version import __version__ as dbt_version

    digest = hashlib.sha256(f"dbt {dbt_version}\n".encode())
    if Path(warehouse_path).exists():
        # Only the schemas dbt's catalog covers (its models' and sources'): the quality
        # results and anything else the pipeline keeps beside them are not in the site.
        schemas = sorted(dbt_catalog_schemas(dbt_dir))
        with duckdb.connect(str(warehouse_path), read_only=True) as con:
            columns = con.execute(
                "select table_schema, table_name, column_name, data_type, ordinal_position"
                " from information_schema.columns where list_contains($schemas, table_schema)"
                " order by all",
                {"schemas": schemas},
            ).fetchall()
        digest.update(repr((schemas, columns)).encode())
    for name in DBT_DOCS_INPUTS:
        root = dbt_dir / name
        files = sorted(root.rglob("*")) if root.is_dir() else [root] if root.is_file() else []
        for path in files:
            if path.is_file():
                digest.update(f"{path.relative_to(dbt_dir).as_posix()}\0".encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def dbt_catalog_schemas(dbt_dir: Path) -> set[str]:
    """The warehouse schemas of the dbt project's models, seeds and sources (from the
    manifest ``make dbt-parse`` writes; every schema but ``quality`` without one)."""
    import json

    manifest = dbt_dir / "target" / "manifest.json"
    if not manifest.exists():
        return {"raw", "staging", "intermediate", "marts", "seeds", "main"}
    data = json.loads(manifest.read_text())
    nodes = [*data.get("nodes", {}).values(), *data.get("sources", {}).values()]
    return {node["schema"] for node in nodes if node.get("schema")}


def dbt_docs_step(settings: Settings, force: bool = False) -> str:
    """Generate dbt's documentation site (single static HTML page) next to the warehouse.

    Skipped when the site on disk was made from the same project files and warehouse schema (see
    :func:`dbt_docs_inputs_hash`): a daily run that only adds data leaves it unchanged.
    """
    dbt_dir = settings.dbt_project_dir
    docs_dir = settings.warehouse_dir / "dbt_docs"
    index = docs_dir / "static_index.html"
    hash_file = docs_dir / DBT_DOCS_HASH_FILE
    project_hash = dbt_docs_inputs_hash(dbt_dir, settings.warehouse_path)
    if not force and index.exists() and hash_file.exists():
        if hash_file.read_text().strip() == project_hash:
            log.info("dbt docs: project and schema unchanged since the last site, kept")
            return str(index)
    hash_file.unlink(missing_ok=True)
    # dbt docs writes the site into its target folder; logs stay beside the warehouse.
    dbt_runner.run_dbt(
        ["docs", "generate", "--static", "--quiet"],
        settings.warehouse_path, settings.warehouse_dir / "dbt_work", target_dir=docs_dir,
    )  # fmt: skip
    hash_file.write_text(project_hash + "\n")
    return str(index)


SOURCE_FRESHNESS_DDL = """
create table if not exists quality.source_freshness (
    run_id varchar not null,
    run_day date not null,
    checked_at timestamp not null,
    source_name varchar not null,
    table_name varchar not null,
    status varchar not null,
    max_loaded_at timestamp,
    age_hours double,
    warn_after varchar,
    error_after varchar,
    message varchar
)
"""


def source_freshness_step(settings: Settings, run_day: date, run_id: str) -> dict:
    """``dbt source freshness`` over the raw tables; results replace this run day's rows of
    ``quality.source_freshness``. Never raises for stale sources (a warning, not a failure).

    Status per raw table: dbt's ``pass``, ``warn`` or ``error`` (its ``warn_after`` /
    ``error_after`` on ``_loaded_at``, see ``models/staging/_sources.yml``), ``no_rows`` for a
    format no export of it was ever loaded (nothing to be fresh), or ``runtime error``.
    """
    import json
    from datetime import UTC, datetime

    import duckdb

    target = settings.warehouse_dir / "dbt_freshness"
    output = target / "sources.json"
    output.unlink(missing_ok=True)
    # Exit code 1 when a table is past error_after: read the results, never fail for that.
    run = dbt_runner.run_dbt(
        ["source", "freshness", "--quiet", "--output", str(output)],
        settings.warehouse_path, settings.warehouse_dir / "dbt_work", target_dir=target,
        check=False,
    )  # fmt: skip
    if not output.exists():
        raise dbt_runner.DbtFailed(f"dbt source freshness wrote no results: {run.output[-4000:]}")
    checked_at = datetime.now(UTC).replace(tzinfo=None)
    rows = []
    for item in json.loads(output.read_text())["results"]:
        _, _, source_name, table_name = item["unique_id"].split(".", 3)
        criteria = item.get("criteria") or {}
        max_loaded_at = item.get("max_loaded_at")
        status = item.get("status", "runtime error")
        # An empty table: dbt reads max(_loaded_at) as null, which it reports as year 1.
        if status != "runtime error" and (max_loaded_at is None or max_loaded_at[:4] == "0001"):
            status, max_loaded_at, item["max_loaded_at_time_ago_in_s"] = "no_rows", None, None
        age = item.get("max_loaded_at_time_ago_in_s")
        rows.append([
            run_id, run_day, checked_at, source_name, table_name, status,
            _utc_naive(max_loaded_at), round(age / 3600, 2) if age is not None else None,
            _period(criteria.get("warn_after")), _period(criteria.get("error_after")),
            (item.get("error") or item.get("message") or None),
        ])  # fmt: skip
    with duckdb.connect(str(settings.warehouse_path), config=duckdb_config()) as con:
        con.execute("create schema if not exists quality")
        con.execute(SOURCE_FRESHNESS_DDL)
        con.execute("begin transaction")
        con.execute("delete from quality.source_freshness where run_day = ?", [run_day])
        if rows:
            con.executemany(
                "insert into quality.source_freshness values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        con.execute("commit")
    statuses: dict[str, int] = {}
    for row in rows:
        statuses[row[5]] = statuses.get(row[5], 0) + 1
    stale = [
        {"table": row[4], "status": row[5], "age_hours": row[7], "max_loaded_at": str(row[6]),
         "warn_after": row[8], "error_after": row[9]}
        for row in rows if row[5] in ("warn", "error", "runtime error")
    ]  # fmt: skip
    return {"sources": len(rows), "statuses": statuses, "stale": stale}


def _utc_naive(value):
    if not value:
        return None
    from datetime import UTC, datetime

    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed.astimezone(UTC).replace(tzinfo=None) if parsed.tzinfo else parsed


def _period(threshold: dict | None) -> str | None:
    if not threshold or threshold.get("count") is None:
        return None
    return f"{threshold['count']} {threshold['period']}"


def publish_step(settings: Settings, run_id: str) -> dict:
    """Swap in a new serving copy of the marts, then the run report and dbt docs next to it."""
    publication = publish(
        settings.warehouse_path, settings.serving_path, run_id,
        read_dir=settings.serving_read_dir, grace=settings.serving_grace,
    )  # fmt: skip
    report = publish_report(settings.warehouse_path, settings.serving_dir, run_id)
    publish_directory(settings.warehouse_dir / "dbt_docs", settings.serving_dir / "dbt_docs")
    # GX Data Docs of earlier versions (CDN-dependent): the report's quality page replaces them.
    shutil.rmtree(settings.serving_dir / "data_docs", ignore_errors=True)
    result = asdict(publication)
    result["serving_path"] = str(publication.serving_path)
    result["report"] = str(report.index_path)
    return result
