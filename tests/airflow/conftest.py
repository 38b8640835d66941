"""Real Airflow for the DAG tests: a migrated SQLite metadata DB per test, DAGs run with
``airflow dags test`` in a subprocess (the same command the demo uses)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from socialkpi.config import project_root
from tests.utils import LoopbackWebhook

BIN = Path(sys.executable).parent
REPO = project_root()


def _base_env(airflow_home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        AIRFLOW_HOME=str(airflow_home),
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=f"sqlite:///{airflow_home / 'airflow.db'}",
        AIRFLOW__CORE__DAGS_FOLDER=str(REPO / "dags"),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__COSMOS__ENABLE_TELEMETRY="False",
        GX_ANALYTICS_ENABLED="False",
        DBT_SEND_ANONYMOUS_USAGE_STATS="False",
        SOCIALKPI_HOME=str(REPO),
        SOCIALKPI_TASK_RETRIES="0",
    )
    return env


@pytest.fixture(scope="session")
def migrated_airflow_home(tmp_path_factory) -> Path:
    """An Airflow home with a migrated metadata DB and the DuckDB writer pool, made once."""
    home = tmp_path_factory.mktemp("airflow_template")
    env = _base_env(home)
    for command in (
        ["db", "migrate"],
        ["pools", "set", "duckdb_writer", "1", "DuckDB single writer"],
    ):
        result = subprocess.run(
            [BIN / "airflow", *command], env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return home


class AirflowDeployment:
    """One isolated deployment: its own metadata DB, landing zone and warehouse."""

    def __init__(self, root: Path, template: Path):
        self.root = root
        self.airflow_home = root / "airflow"
        shutil.copytree(template, self.airflow_home)
        self.landing = root / "landing"
        self.warehouse_dir = root / "warehouse"
        self.landing.mkdir()
        self.env = _base_env(self.airflow_home)
        self.env.update(
            SOCIALKPI_LANDING_ROOT=str(self.landing),
            SOCIALKPI_WAREHOUSE_DIR=str(self.warehouse_dir),
            SOCIALKPI_WAREHOUSE_PATH=str(self.warehouse_dir / "socialkpi.duckdb"),
        )

    @property
    def serving_path(self) -> Path:
        return self.warehouse_dir / "serving" / "socialkpi.duckdb"

    def run_dag(self, logical_date: str, dag_id: str = "socialkpi_daily") -> str:
        result = subprocess.run(
            [BIN / "airflow", "dags", "test", dag_id, logical_date],
            env=self.env, capture_output=True, text=True, timeout=900,
        )  # fmt: skip
        log = result.stdout + result.stderr
        assert result.returncode == 0, f"airflow dags test failed:\n{log[-6000:]}"
        assert "state=success" in log, log[-6000:]
        return log


@pytest.fixture
def deployment(tmp_path, migrated_airflow_home) -> AirflowDeployment:
    return AirflowDeployment(tmp_path, migrated_airflow_home)


@pytest.fixture
def webhook():
    hook = LoopbackWebhook()
    yield hook
    hook.close()


@pytest.fixture(scope="session")
def clean_run(tmp_path_factory, migrated_airflow_home):
    """One clean run over the whole landing zone: the reference every other path must equal
    (test_daily_dag_end_to_end.py, test_scheduled_runs.py: one shared scope, tests/conftest.py)."""
    from tests.airflow.test_daily_dag_end_to_end import land_first_day, land_second_day

    deployment = AirflowDeployment(tmp_path_factory.mktemp("clean"), migrated_airflow_home)
    land_first_day(deployment.landing)
    land_second_day(deployment.landing)
    webhook = LoopbackWebhook()  # Slack configured: a good run posts only its purge warning
    deployment.env.update(webhook.connection_env)
    try:
        log = deployment.run_dag("2026-03-07")  # the midnight run after the 2026-03-06 downloads
    finally:
        webhook.close()
    deployment.webhook = webhook
    return deployment, log
