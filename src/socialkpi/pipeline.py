"""The steps of the daily pipeline, as plain functions the DAG tasks call.

Keeping them here (not in the DAG file) means they are tested without Airflow,
and the DAG file only wires tasks.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path

from socialkpi import dbt_runner
from socialkpi.config import Settings
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
    )


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
