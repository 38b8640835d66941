"""The per-model status tasks (socialkpi.dbt_status) under the real scheduler and triggerer,
and under ``airflow dags test``.

A probe DAG has a producer that hands on outcomes the way ``dbt_build`` does (XCom
``dbt_outcomes``) and then fails, as a failing ``dbt build`` does, and one status task per
case: a built model, a model whose test failed, a model dbt skipped, and a model with no
outcome at all. Under the scheduler the status tasks must end in the triggerer (never queued
to a worker, no process id); both ways must give the same states, and the reason shows in the
task's log.
"""

from __future__ import annotations

import sqlite3
import subprocess
import time

import pytest

from socialkpi.airflow_run import component_env, free_port, start_component, stop, wait_for_http
from tests.airflow.conftest import BIN

pytestmark = pytest.mark.airflow

PROBE_DAG = '''
"""Status-task probe (airflow dag)."""
import pendulum
from airflow.sdk import dag, task

from socialkpi.dbt_status import OUTCOMES_XCOM_KEY, DbtNodeStatusOperator

OUTCOMES = {"statuses": {}, "nodes": {
    "model.p.built": {"status": "success", "detail": "OK", "seconds": 1.5,
                      "tests_passed": 3, "tests_warned": 1, "tests_failed": []},
    "model.p.broken": {"status": "failed", "seconds": 0.2, "tests_passed": 1,
                       "tests_warned": 0, "tests_failed": ["not_null_x (fail): Got 2 results"],
                       "detail": "tests failed: not_null_x (fail): Got 2 results"},
    "model.p.downstream": {"status": "skipped", "detail": "skipped: an upstream node failed"},
}}


@dag(dag_id="socialkpi_status_probe", schedule=None, catchup=False,
     start_date=pendulum.datetime(2026, 1, 1, tz="UTC"), default_args={"retries": 0})
def probe():
    @task
    def dbt_build(**context):
        context["ti"].xcom_push(key=OUTCOMES_XCOM_KEY, value=OUTCOMES)
        raise RuntimeError("dbt build completed with errors")

    build = dbt_build()
    for name in ("built", "broken", "downstream", "absent"):
        build >> DbtNodeStatusOperator(task_id=name, dbt_unique_id=f"model.p.{name}")


probe()
'''

EXPECTED = {
    "dbt_build": "failed",
    "built": "success",
    "broken": "failed",
    "downstream": "skipped",
    "absent": "failed",
}


@pytest.fixture
def probe_env(deployment, tmp_path):
    dags = tmp_path / "probe_dags"
    dags.mkdir()
    (dags / "status_probe.py").write_text(PROBE_DAG)
    env = {**deployment.env, "AIRFLOW__CORE__DAGS_FOLDER": str(dags)}
    return env, deployment.airflow_home


def _task_rows(home) -> dict[str, tuple]:
    with sqlite3.connect(home / "airflow.db") as db:
        rows = db.execute(
            "select task_id, state, pid, queued_by_job_id from task_instance "
            "where dag_id = 'socialkpi_status_probe'"
        ).fetchall()
    return {task_id: (state, pid, queued_by) for task_id, state, pid, queued_by in rows}


def _log_text(home, task_id: str) -> str:
    """The task's log files (the triggerer writes ``attempt=1.log.trigger.<job>.log``)."""
    import configparser
    from pathlib import Path

    config = configparser.ConfigParser(interpolation=None)
    config.read(home / "airflow.cfg")
    base = Path(config.get("logging", "base_log_folder", fallback=str(home / "logs")))
    files = sorted(base.glob(f"dag_id=socialkpi_status_probe/**/task_id={task_id}/*"))
    return "\n".join(path.read_text(errors="replace") for path in files if path.is_file())


def test_status_tasks_end_in_the_triggerer_with_the_builds_outcome(probe_env):
    env, home = probe_env
    port = free_port()
    env = component_env(port, env)
    env["AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC"] = "1"
    env["AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL"] = "5"
    logs = home / "logs" / "components"
    processes = []
    try:
        for name in ("api-server", "scheduler", "dag-processor", "triggerer"):
            processes.append(start_component(name, env, logs))
        wait_for_http(f"http://127.0.0.1:{port}/api/v2/monitor/health", processes)
        deadline = time.monotonic() + 180
        while True:
            listed = subprocess.run(
                [BIN / "airflow", "dags", "list", "-o", "plain"],
                env=env, capture_output=True, text=True,
            ).stdout  # fmt: skip
            if "socialkpi_status_probe" in listed:
                break
            assert time.monotonic() < deadline, "the probe DAG was never parsed"
            time.sleep(2)
        for command in (["dags", "unpause", "socialkpi_status_probe"],
                        ["dags", "trigger", "socialkpi_status_probe", "--run-id", "probe"]):  # fmt: skip
            subprocess.run([BIN / "airflow", *command], env=env, check=True, capture_output=True)
        deadline = time.monotonic() + 240
        while True:
            rows = _task_rows(home)
            if len(rows) == len(EXPECTED) and all(
                state in ("success", "failed", "skipped") for state, _, _ in rows.values()
            ):
                break
            assert time.monotonic() < deadline, f"the probe run did not finish: {rows}"
            time.sleep(1)
    finally:
        stop(processes)

    assert {task: state for task, (state, _, _) in rows.items()} == EXPECTED
    # The producer ran in a worker; the status tasks never did.
    assert rows["dbt_build"][1] is not None
    for task in ("built", "broken", "downstream", "absent"):
        assert rows[task][1:] == (None, None), (task, rows[task])
    assert "tests failed: not_null_x (fail): Got 2 results" in _log_text(home, "broken")
    assert "ended without an outcome for model.p.absent" in _log_text(home, "absent")


def test_dags_test_gives_the_same_states_without_a_triggerer(probe_env):
    env, home = probe_env
    result = subprocess.run(
        [BIN / "airflow", "dags", "test", "socialkpi_status_probe", "2026-03-01"],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    output = result.stdout + result.stderr
    rows = _task_rows(home)
    assert {task: state for task, (state, _, _) in rows.items()} == EXPECTED, output[-4000:]
    assert "model.p.broken: failed: tests failed: not_null_x (fail): Got 2 results" in output
