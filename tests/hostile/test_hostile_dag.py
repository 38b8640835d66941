"""Every hostile case at once, beside a valid world, through one real daily DAG run: the run
completes and publishes, and the valid accounts' marts equal a clean run's."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from tests.airflow.conftest import AirflowDeployment, migrated_airflow_home  # noqa: F401
from tests.dbt_runs import dbt_build
from tests.hostile.cases import HOSTILE_LIMITS
from tests.hostile.conftest import RUN_AT, land_world_and_cases, make_readable

pytestmark = pytest.mark.airflow

VOLATILE = {"loaded_at", "account_key"}


def valid_accounts_daily(warehouse) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = [c for (c,) in con.execute(
            "select column_name from duckdb_columns() where schema_name = 'marts' "
            "and table_name = 'fct_account_daily' order by column_index").fetchall()
            if c not in VOLATILE]  # fmt: skip
        return con.execute(
            f"select {', '.join(columns)} from marts.fct_account_daily "
            "where account_name not like 'h-%' order by all"
        ).fetchall()


def test_one_daily_run_over_every_case_publishes_the_valid_worlds_marts(
    tmp_path,
    migrated_airflow_home,  # noqa: F811
):
    deployment = AirflowDeployment(tmp_path / "hostile", migrated_airflow_home)
    deployment.env.update(HOSTILE_LIMITS)
    valid, cases = land_world_and_cases(tmp_path, deployment.landing)
    try:
        log = deployment.run_dag(RUN_AT)
    finally:
        make_readable(deployment.landing, cases)
    assert "state=success" in log

    # The clean run: the valid world alone, through the same ingest and dbt build.
    from socialkpi.ingest import ingest

    clean = tmp_path / "clean" / "socialkpi.duckdb"
    ingest(clean, valid, progress=False)
    dbt_build(clean, tmp_path / "clean-dbt", allow_warnings=True)
    published = valid_accounts_daily(deployment.serving_path)
    assert published == valid_accounts_daily(clean)
    assert len(published) > 100
    shutil.rmtree(tmp_path / "clean-dbt", ignore_errors=True)
