"""The corpus of real export shapes (``tests/fixtures/exports/real``, a landing zone whose
files reproduce the shapes of genuine downloads with values of our own, see its README),
with the rows at the edge of every mart contract (``tests/fixtures/exports/contract_edges``)
and every hostile case of ``tests/hostile`` beside the valid world generated for them,
through the real daily DAG, once per session (one run shared by all these tests: each DAG
run costs minutes): the tests read the published serving copy.

``SOCIALKPI_REAL_EXPORTS_FAST=1`` builds the same warehouse with the ingest and an
in-process ``dbt build`` instead of ``airflow dags test`` (for working on a format; the
suite runs the DAG).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from tests.airflow.conftest import AirflowDeployment, migrated_airflow_home  # noqa: F401
from tests.hostile.cases import HOSTILE_LIMITS
from tests.hostile.conftest import land_world_and_cases, make_readable

EXPORT_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "exports"
REAL_LANDING = EXPORT_FIXTURES / "real"
# Rows at the edge of every mart contract (make_contract_edges.py), landed in the same run.
CONTRACT_EDGES = EXPORT_FIXTURES / "contract_edges"


def newest_export_date(landing: Path) -> date:
    dates = []
    for folder in landing.glob("*/*/*"):
        try:
            dates.append(date.fromisoformat(folder.name))
        except ValueError:
            continue
    return max(dates)


@dataclass
class RealWorld:
    landing: Path
    serving_path: Path
    log: str
    # The valid world landed beside the hostile cases, on its own (the clean-run reference).
    valid_landing: Path

    def rows(self, sql: str, params: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.serving_path), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()

    def one(self, sql: str, params: list | None = None) -> tuple:
        [row] = self.rows(sql, params)
        return row

    def post(self, post_id: str, *columns: str) -> tuple:
        """Columns of ``marts.fct_post_performance`` for one post."""
        return self.one(
            f"select {', '.join(columns)} from marts.fct_post_performance where post_id = ?",
            [post_id],
        )

    def load(self, source_file: str) -> tuple:
        """(status, rows read, rows loaded, rows quarantined, cells nulled, reason) of a source."""
        return self.one(
            "select load_status, rows_read, rows_loaded, rows_quarantined, cells_nulled, reason "
            "from marts.ops_file_loads where source_file = ?",
            [source_file],
        )

    def days_of(self, platform: str, account: str) -> tuple:
        """(first day, last day, days) of an account folder in ``marts.fct_account_daily``."""
        return self.one(
            "select min(activity_date)::varchar, max(activity_date)::varchar, count(*) "
            "from marts.fct_account_daily d "
            "join marts.dim_account_handles h on h.account_key = d.account_key "
            "where d.platform = ? and h.handle = ?",
            [platform, account],
        )

    def daily(self, platform: str, account: str, day: str, *columns: str) -> tuple:
        """Columns of ``marts.fct_account_daily`` for one account folder and day."""
        return self.one(
            f"select {', '.join(columns)} from marts.fct_account_daily d "
            "join marts.dim_account_handles h on h.account_key = d.account_key "
            "where d.platform = ? and h.handle = ? and d.activity_date = ?",
            [platform, account, day],
        )


@pytest.fixture(scope="session")
def real_world(tmp_path_factory, migrated_airflow_home) -> RealWorld:  # noqa: F811
    root = tmp_path_factory.mktemp("real_exports")
    run_at = max(newest_export_date(REAL_LANDING), newest_export_date(CONTRACT_EDGES))
    run_at += timedelta(days=1)
    if os.environ.get("SOCIALKPI_REAL_EXPORTS_FAST") == "1":
        from socialkpi.ingest import ingest
        from socialkpi.publish import publish
        from tests.utils import dbt_build

        landing = root / "landing"
        valid, cases = land_corpus(root, landing)
        warehouse = root / "warehouse" / "socialkpi.duckdb"
        os.environ.update(HOSTILE_LIMITS)
        ingest(warehouse, landing, up_to=run_at - timedelta(days=1), progress=False)
        make_readable(landing, cases)
        dbt_build(warehouse, root / "dbt", allow_warnings=True)
        serving = root / "warehouse" / "serving" / "socialkpi.duckdb"
        publish(warehouse, serving, run_id="fast")
        return RealWorld(landing, serving, "", valid)
    deployment = AirflowDeployment(root, migrated_airflow_home)
    deployment.env.update(HOSTILE_LIMITS)
    valid, cases = land_corpus(root, deployment.landing)
    try:
        log = deployment.run_dag(run_at.isoformat())
    finally:
        make_readable(deployment.landing, cases)
    return RealWorld(deployment.landing, deployment.serving_path, log, valid)


def land_corpus(root: Path, landing: Path) -> tuple[Path, list]:
    """The real shapes, the contract edges, the hostile cases and their valid world."""
    landing.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REAL_LANDING, landing, dirs_exist_ok=True)
    shutil.copytree(CONTRACT_EDGES, landing, dirs_exist_ok=True)
    return land_world_and_cases(root, landing)
