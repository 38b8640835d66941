"""`dbt build` in the test process on a scratch warehouse, target and logs kept out of the
project (shared by tests/dbt, tests/purges and tests/real_exports)."""

from __future__ import annotations

from pathlib import Path

from socialkpi.dbt_runner import run_dbt


def dbt_build(warehouse: Path, work_dir: Path, *args: str, allow_warnings: bool = False) -> str:
    """``dbt build <args>`` in this process (no interpreter start, partial parsing); fails
    the test when dbt fails or a node ends in another status than success (``warn`` too
    with ``allow_warnings``: tests of severity warn, as in the DAG). Returns dbt's output."""
    run = run_dbt(["build", *args, "--quiet"], warehouse, work_dir, in_process=True,
                  allow_warnings=allow_warnings, check=False)  # fmt: skip
    assert run.success, f"dbt build {' '.join(args)} failed: {run.output} {run.failed_nodes}"
    return run.output
