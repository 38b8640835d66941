"""The one way this project runs dbt outside Cosmos (the DAG's docs task, the CLI, the scorer,
the benchmarks, the tests).

Every run points dbt at the project's own ``dbt_project/`` (project and profiles), at the
warehouse through ``SOCIALKPI_WAREHOUSE_PATH`` (read by ``profiles.yml``), and keeps dbt's
``target/`` and ``logs/`` in a work folder of the caller, so that concurrent runs on several
warehouses never share a manifest or a partial-parse file.

Two ways to run, same arguments:
- ``in_process=False`` (default): a ``dbt`` subprocess of this interpreter's environment.
  Isolated: nothing of dbt stays in the caller (the DAG's workers, the CLI).
- ``in_process=True``: dbt's ``dbtRunner`` in this process (no interpreter start, about 2 s
  saved per call; the tests use it). dbt-duckdb keeps its DuckDB connection open after the
  run, so it is released here; otherwise the next writer of the file would wait for the lock.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from socialkpi.config import project_root

# Statuses of a node that do not make a run fail; "warn" only where warnings are accepted
# (tests of severity warn, as in the DAG, where they do not fail the run).
_ACCEPTED_STATUSES = frozenset({"success", "pass", "no-op", "skipped"})


class DbtFailed(RuntimeError):
    """A dbt command failed; the message holds the end of its output or the failing nodes."""


@dataclass
class DbtRun:
    args: list[str]
    success: bool
    seconds: float
    output: str = ""
    failed_nodes: list[str] = field(default_factory=list)


def run_dbt(
    args: list[str] | tuple[str, ...],
    warehouse_path: Path | str,
    work_dir: Path | str,
    *,
    in_process: bool = False,
    allow_warnings: bool = False,
    check: bool = True,
    target_dir: Path | str | None = None,
) -> DbtRun:
    """``dbt <args>`` on ``warehouse_path``, target and logs under ``work_dir``.

    ``target_dir``: where dbt writes its target (default ``work_dir/target``; the docs site).
    ``check``: raise :class:`DbtFailed` when the command fails (or a node ends in a status
    other than success/pass/no-op/skipped, and warn when ``allow_warnings``)."""
    project = project_root() / "dbt_project"
    work = Path(work_dir)
    target = Path(target_dir) if target_dir is not None else work / "target"
    common = [
        "--project-dir", str(project), "--profiles-dir", str(project),
        "--target-path", str(target), "--log-path", str(work / "logs"),
    ]  # fmt: skip
    started = time.perf_counter()
    if in_process:
        run = _in_process([*args, *common], Path(warehouse_path), project, allow_warnings)
    else:
        run = _subprocess([*args, *common], Path(warehouse_path))
    run.args, run.seconds = list(args), time.perf_counter() - started
    if check and not run.success:
        detail = "; ".join(run.failed_nodes) if run.failed_nodes else run.output[-6000:]
        raise DbtFailed(f"dbt {' '.join(args)} failed: {detail}")
    return run


def _subprocess(command: list[str], warehouse_path: Path) -> DbtRun:
    env = {
        **os.environ,
        "SOCIALKPI_WAREHOUSE_PATH": str(warehouse_path),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
    }
    dbt = Path(sys.executable).parent / "dbt"
    result = subprocess.run([str(dbt), *command], env=env, capture_output=True, text=True)
    return DbtRun(command, result.returncode == 0, 0.0, result.stdout + result.stderr)


def _in_process(
    command: list[str], warehouse_path: Path, project: Path, allow_warnings: bool
) -> DbtRun:
    from dbt.cli.main import dbtRunner

    from socialkpi.orchestration import release_dbt_duckdb_connection

    os.environ["SOCIALKPI_WAREHOUSE_PATH"] = str(warehouse_path)
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")
    try:
        result = dbtRunner().invoke(command)
    finally:
        release_dbt_duckdb_connection(str(project))
    accepted = _ACCEPTED_STATUSES | ({"warn"} if allow_warnings else set())
    failed = [
        f"{r.node.unique_id}: {r.status} {r.message}"
        for r in (getattr(result.result, "results", None) or [])
        if str(r.status) not in accepted
    ]
    error = result.exception
    output = "" if error is None else f"{type(error).__name__}: {error}"
    return DbtRun(command, bool(result.success) and not failed, 0.0, output, failed)
