"""`dbt build` in the test process on a scratch warehouse, target and logs kept out of the
project (shared by tests/dbt and tests/purges)."""

from __future__ import annotations

import os
from pathlib import Path

from socialkpi.config import project_root

DBT_PROJECT = project_root() / "dbt_project"


def dbt_build(warehouse: Path, work_dir: Path, *args: str, allow_warnings: bool = False) -> None:
    """``dbt build <args>`` in this process (no interpreter start, partial parsing), then
    release the DuckDB connection dbt-duckdb keeps, so that the next ingest can write.
    ``allow_warnings``: tests of severity warn may warn (as in the DAG, where they do not fail
    the run)."""
    from dbt.cli.main import dbtRunner

    from socialkpi.orchestration import release_dbt_duckdb_connection

    os.environ["SOCIALKPI_WAREHOUSE_PATH"] = str(warehouse)
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")
    try:
        result = dbtRunner().invoke([
            "build", *args, "--quiet", "--profiles-dir", str(DBT_PROJECT),
            "--project-dir", str(DBT_PROJECT), "--target-path", str(work_dir / "target"),
            "--log-path", str(work_dir / "logs"),
        ])  # fmt: skip
    finally:
        release_dbt_duckdb_connection(str(DBT_PROJECT))
    accepted = {"success", "pass", "no-op", "skipped", *(("warn",) if allow_warnings else ())}
    failed = [
        f"{r.node.unique_id}: {r.status} {r.message}"
        for r in (result.result or [])
        if str(r.status) not in accepted
    ]
    assert result.success and not failed, (
        f"dbt build {' '.join(args)} failed: {result.exception} {failed}"
    )
