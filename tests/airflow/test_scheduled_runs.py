"""The daily DAG as a deployment runs it, then as an operator re-runs it.

Day 1 (the 2026-03-05 downloads) goes through the real scheduler, api-server and
dag-processor (``socialkpi run-dag``, as ``make demo`` does); an API server on a free
loopback port then answers, through the REST API v2 with the simple auth manager's login,
that the DAG has no import errors, that the run's task logs are not empty and its duration
is real, and serves the plugin's run report to logged-in users only. Then, on the same
deployment, day 2 and a re-run of day 2 under ``airflow dags test``, with a BI reader
querying the serving copy the whole time, must equal one clean run over both days
(``clean_run``, shared with test_daily_dag_end_to_end.py: the two files are one xdist
scope, tests/conftest.py). The UI tests come first: they expect the scheduler's run alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from socialkpi.airflow_run import component_env, free_port, start_component, stop, wait_for_http
from socialkpi.config import project_root
from tests.airflow.conftest import AirflowDeployment
from tests.airflow.test_daily_dag_end_to_end import (
    EXPECTED_DAILY,
    assert_rows_match,
    land_first_day,
    land_second_day,
    mart_rows,
    warehouse_state,
)

pytestmark = pytest.mark.airflow

BIN = Path(sys.executable).parent
DAG_ID = "socialkpi_daily"


@pytest.fixture(scope="module")
def scheduled_first_day(tmp_path_factory, migrated_airflow_home):
    """Day 1 run by the real scheduler: the deployment, the run's wall time and output."""
    deployment = AirflowDeployment(tmp_path_factory.mktemp("scheduled"), migrated_airflow_home)
    deployment.env["AIRFLOW__CORE__PLUGINS_FOLDER"] = str(project_root() / "plugins")
    land_first_day(deployment.landing)
    started = time.monotonic()
    run = subprocess.run(
        [BIN / "socialkpi", "run-dag", DAG_ID, "--logical-date", "2026-03-06", "--timeout", "1500"],
        env=deployment.env, capture_output=True, text=True, timeout=1800,
    )  # fmt: skip
    wall = time.monotonic() - started
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    return deployment, wall, run.stdout


@pytest.fixture(scope="module")
def api(scheduled_first_day):
    deployment, wall, stdout = scheduled_first_day
    port = free_port()
    env = component_env(port, deployment.env)
    server = start_component("api-server", env, deployment.airflow_home / "logs" / "ui-test")
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/api/v2/monitor/health", [server])
        passwords = deployment.airflow_home / "simple_auth_manager_passwords.json.generated"
        username, password = next(iter(json.loads(passwords.read_text()).items()))
        token = httpx.post(
            f"{base}/auth/token", json={"username": username, "password": password}
        ).json()["access_token"]
        client = httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60
        )
        yield client, token, base, wall, stdout
        client.close()
    finally:
        stop([server])


def test_dag_has_no_import_errors(api):
    client, *_ = api
    errors = client.get("/api/v2/importErrors").json()
    assert errors["total_entries"] == 0, errors
    dag = client.get(f"/api/v2/dags/{DAG_ID}").json()
    assert dag["dag_id"] == DAG_ID
    assert dag["is_paused"], "run-dag pauses the DAG again: `make ui` starts no run by itself"


def test_run_has_true_duration(api):
    client, _, _, wall, _ = api
    runs = client.get(f"/api/v2/dags/{DAG_ID}/dagRuns").json()["dag_runs"]
    assert [r["state"] for r in runs] == ["success"]
    start = datetime.fromisoformat(runs[0]["start_date"])
    end = datetime.fromisoformat(runs[0]["end_date"])
    # `airflow dags test` counted from the logical date (months here); a real run lasts minutes.
    assert 0 < (end - start).total_seconds() < wall


def test_task_logs_are_not_empty(api):
    client, *_ = api
    run_id = client.get(f"/api/v2/dags/{DAG_ID}/dagRuns").json()["dag_runs"][0]["dag_run_id"]
    instances = client.get(
        f"/api/v2/dags/{DAG_ID}/dagRuns/{run_id}/taskInstances", params={"limit": 500}
    ).json()["task_instances"]
    by_task = {ti["task_id"]: ti for ti in instances}
    assert {"ingest_landed_exports", "quality_checks", "publish_warehouse"} <= by_task.keys()
    assert all(ti["state"] == "success" for ti in instances)
    for task_id, expected in (
        ("ingest_landed_exports", "ingest for 2026-03-05"),
        ("publish_warehouse", "Done. Returned value was"),
    ):
        ti = by_task[task_id]
        response = client.get(
            f"/api/v2/dags/{DAG_ID}/dagRuns/{run_id}/taskInstances/{task_id}/logs/{ti['try_number']}",
            headers={"Accept": "application/json"},
        )
        assert response.status_code == 200, response.text
        text = json.dumps(response.json()["content"])
        assert expected in text, text[:2000]


def test_plugin_serves_the_report_to_logged_in_users_only(api):
    client, token, base, *_ = api
    plugins = client.get("/api/v2/plugins").json()["plugins"]
    views = {
        v["name"] for p in plugins if p["name"] == "socialkpi_views" for v in p["external_views"]
    }
    assert {"Social KPI run report", "dbt docs"} <= views
    report = httpx.get(f"{base}/socialkpi/report/", cookies={"_token": token})
    assert report.status_code == 200 and "Social KPI Warehouse: run report" in report.text
    library = httpx.get(f"{base}/socialkpi/report/plotly.min.js", cookies={"_token": token})
    assert library.status_code == 200 and len(library.content) > 1_000_000
    docs = httpx.get(f"{base}/socialkpi/dbt-docs/", cookies={"_token": token})
    assert docs.status_code == 200 and "fct_account_daily" in docs.text
    assert httpx.get(f"{base}/socialkpi/report/").status_code in (401, 403)
    outside = f"{base}/socialkpi/report/..%2F..%2F..%2Fairflow%2Fairflow.cfg"
    assert httpx.get(outside, cookies={"_token": token}).status_code == 404


def test_day_by_day_runs_and_reruns_equal_one_clean_run(scheduled_first_day, clean_run):
    # Day by day (day 1 by the scheduler), with a BI reader querying the serving copy the
    # whole time of day 2 and its re-run.
    deployment, *_ = scheduled_first_day
    first_day_only = mart_rows(deployment.serving_path)
    assert [row[1] for row in first_day_only] == ["2026-03-02", "2026-03-03", "2026-03-04"]

    land_second_day(deployment.landing)
    reader = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("bi_reader.py")), str(deployment.serving_path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deployment.run_dag("2026-03-07")
        deployment.run_dag("2026-03-07")  # re-running the same day changes nothing
    finally:
        time.sleep(0.5)
        reader.terminate()
        out, err = reader.communicate(timeout=30)
    stats = dict(line.split("=", 1) for line in out.split())
    assert int(stats["errors"]) == 0, err
    assert int(stats["reads"]) > 10 and int(stats["publications"]) >= 2, out

    assert_rows_match(mart_rows(deployment.serving_path), EXPECTED_DAILY)
    clean_deployment, _ = clean_run
    assert warehouse_state(deployment.serving_path) == warehouse_state(
        clean_deployment.serving_path
    )
