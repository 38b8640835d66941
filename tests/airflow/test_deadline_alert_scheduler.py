"""The DAG's deadline alert under the real scheduler (``dag.test`` never evaluates deadlines).

A probe DAG carries the daily DAG's own ``deadline_alert()`` and ``DEFAULT_ARGS`` (default
setting, 06:00 after the logical date) and one task that sleeps as long as its run's conf
says. Two runs are triggered with a logical date 6 h minus 45 s ago, so both are due in 45 s:
the slow one (sleeps 150 s) misses its deadline and the scheduler hands the callback to the
LocalExecutor, which posts to a loopback webhook; the quick one succeeds in time and sends
nothing. Real components: scheduler, DAG processor and the execution API server, SQLite.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import time
from datetime import UTC, datetime, timedelta

import pytest

from tests.airflow.conftest import BIN

pytestmark = pytest.mark.airflow

PROBE_DAG = '''
"""Deadline probe: the daily DAG's deadline alert on a task that sleeps (airflow dag)."""
import time

import pendulum
from airflow.sdk import dag, task

from socialkpi.orchestration import DEFAULT_ARGS, deadline_alert


@dag(dag_id="socialkpi_deadline_probe", schedule=None, catchup=False,
     start_date=pendulum.datetime(2026, 1, 1, tz="UTC"), default_args=DEFAULT_ARGS,
     deadline=deadline_alert(), max_active_runs=4)
def probe():
    @task
    def slow(**context):
        time.sleep(float(context["dag_run"].conf.get("sleep", 0)))

    slow()


probe()
'''


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _airflow(env, *args, timeout=120) -> str:
    result = subprocess.run(
        [BIN / "airflow", *args], env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def _wait(predicate, timeout: float, what: str, logs=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(1)
    tails = "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in logs if p.exists())
    raise AssertionError(f"timed out waiting for {what}\n{tails}")


def test_a_late_run_gets_the_deadline_alert_and_a_timely_run_none(deployment, webhook, tmp_path):
    dags = tmp_path / "dags"
    dags.mkdir()
    (dags / "deadline_probe.py").write_text(PROBE_DAG)
    port = _free_port()
    env = {
        **deployment.env,
        **webhook.connection_env,
        "AIRFLOW__CORE__DAGS_FOLDER": str(dags),
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        "AIRFLOW__CORE__PARALLELISM": "4",
        "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{port}",
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
        "AIRFLOW__API_AUTH__JWT_SECRET": "deadline-probe-secret-" + os.urandom(8).hex(),
        "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "1",
        "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
        "PATH": f"{BIN}:{os.environ.get('PATH', '')}",
    }
    logs = {name: tmp_path / f"{name}.log" for name in ("api-server", "dag-processor", "scheduler")}
    commands = {
        "api-server": ["api-server", "--apps", "execution", "-H", "127.0.0.1", "-p", str(port),
                       "-w", "1"],
        "dag-processor": ["dag-processor"],
        "scheduler": ["scheduler"],
    }  # fmt: skip
    processes = []
    try:
        for name, args in commands.items():
            with logs[name].open("w") as out:
                processes.append(subprocess.Popen(
                    [BIN / "airflow", *args], env=env, stdout=out, stderr=subprocess.STDOUT,
                    start_new_session=True,
                ))  # fmt: skip
        _wait(
            lambda: "socialkpi_deadline_probe" in _airflow(env, "dags", "list", "-o", "plain"),
            180, "the probe DAG to be parsed", logs.values(),
        )  # fmt: skip
        due = datetime.now(UTC) - timedelta(hours=6) + timedelta(seconds=45)
        # (A DAG's runs need distinct logical dates: the timely one is 2 s later.)
        for run_id, sleep, offset in (("late", 150, 0), ("timely", 0, 2)):
            _airflow(
                env, "dags", "trigger", "socialkpi_deadline_probe", "--run-id", run_id,
                "--logical-date", (due + timedelta(seconds=offset)).isoformat(),
                "--conf", json.dumps({"sleep": sleep}),
            )  # fmt: skip

        _wait(lambda: webhook.received, 240, "the deadline alert", logs.values())
        states = _wait(
            lambda: (s := _run_states(env)) and s.get("timely") == "success" and s,
            60, "the timely run to succeed", logs.values(),
        )  # fmt: skip
        assert states["late"] == "running"
        time.sleep(5)  # a second, wrong alert would arrive by now
    finally:
        for process in processes:
            os.killpg(process.pid, 15)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)

    [message] = webhook.received
    assert webhook.headers() == [":alarm_clock: Daily run late: socialkpi_deadline_probe"]
    assert "(run late, state running)" in message["text"]
    # The run day is the day before the run's data interval ends; for a manual run of a DAG
    # without a schedule that end is the trigger time, not the logical date (read it back).
    with sqlite3.connect(deployment.airflow_home / "airflow.db") as db:
        [(interval_end,)] = db.execute(
            "select data_interval_end from dag_run where run_id = 'late'"
        ).fetchall()
    run_day = (datetime.fromisoformat(interval_end[:19]) - timedelta(days=1)).date()
    assert f"run day {run_day}" in message["text"]
    assert "06:00 UTC" in message["text"]


def _run_states(env) -> dict[str, str]:
    out = _airflow(env, "dags", "list-runs", "socialkpi_deadline_probe", "-o", "json")
    return {run["run_id"]: run["state"] for run in _json_list(out)}


def _json_list(out: str) -> list:
    """The JSON list in the CLI's stdout, past any warning or log lines printed before it
    (those may hold brackets of their own, such as ``[2026-12-02T11:40:00] WARNING``)."""
    decoder = json.JSONDecoder()
    found: list = []
    for start in (i for i, char in enumerate(out) if char == "["):
        try:
            value, _ = decoder.raw_decode(out, start)
        except json.JSONDecodeError:
            continue
        if isinstance(value, list) and all(isinstance(item, dict) for item in value):
            found = max(found, value, key=len)
    return found
