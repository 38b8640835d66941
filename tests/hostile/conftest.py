"""One landing zone holding a small valid world and every hostile case, ingested once in a
subprocess (so that its peak memory is measured and a hang cannot block the suite), and the
same valid world ingested alone: the reference the valid files must match."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pytest

from socialkpi.evaluation.generator import WorldConfig, generate_world
from tests.hostile.cases import HOSTILE_LIMITS, build_cases, write_cases

# The valid files beside the cases: a small generated world (its bad files off: the cases are
# the bad files here), exported up to the cases' export date.
VALID_WORLD = WorldConfig(
    seed=5, accounts=12, days=14, end_date=date(2026, 3, 4), bad_files=False, duplicate_rate=0.0
)
# The daily run that loads everything (cases and world are downloaded up to 2026-03-05).
RUN_AT = "2026-03-06"

# The child's own peak: VmHWM of its address space. Not getrusage's ru_maxrss, which Linux
# carries over fork and exec, so a child of a large pytest process reports the parent's size.
INGEST = """
import json, sys
from socialkpi.ingest import ingest
report = ingest(sys.argv[1], sys.argv[2], progress=False)
with open("/proc/self/status") as status:
    peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({"summary": report.summary(), "peak_rss_kb": peak_kb}))
"""


@dataclass
class IngestRun:
    warehouse: Path
    summary: dict
    peak_rss_mb: float

    def rows(self, sql: str, params: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.warehouse), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()


def run_ingest(warehouse: Path, landing: Path, timeout: int = 600) -> IngestRun:
    env = {**os.environ, **HOSTILE_LIMITS}
    result = subprocess.run(
        [sys.executable, "-c", INGEST, str(warehouse), str(landing)],
        env=env, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-4000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    return IngestRun(warehouse, out["summary"], out["peak_rss_kb"] / 1024)


def land_world_and_cases(root: Path, landing: Path) -> tuple[Path, list]:
    """The valid world (generated once under ``root``) and every case, landed in ``landing``;
    returns the valid world's own landing zone and the cases."""
    valid = root / "valid"
    if not valid.exists():
        generate_world(VALID_WORLD, valid / "landing", valid / "truth")
    subprocess.run(["cp", "-a", f"{valid / 'landing'}/.", str(landing)], check=True)
    cases = build_cases()
    write_cases(landing, cases)
    return valid / "landing", cases


def make_readable(landing: Path, cases) -> None:
    """Give back read permission where a case took it (so that pytest can clean up)."""
    for case in cases:
        path = landing / case.path
        if path.exists() and not path.is_symlink():
            path.chmod(0o644)


@pytest.fixture(scope="session")
def hostile_world(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    landing = root / "landing"
    landing.mkdir()
    valid, cases = land_world_and_cases(root, landing)
    hostile = run_ingest(root / "hostile.duckdb", landing)
    clean = run_ingest(root / "clean.duckdb", valid)
    yield cases, hostile, clean
    make_readable(landing, cases)
