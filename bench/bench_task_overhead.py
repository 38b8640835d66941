"""What an Airflow task costs under the real scheduler: N task processes vs N triggerer-ended tasks.

    python bench/bench_task_overhead.py            # N = 64 (about the daily DAG's models)
    python bench/bench_task_overhead.py --tasks 16

Why the daily DAG runs one ``dbt build`` and shows each model as a status task that the
triggerer ends (``socialkpi.dbt_status``) instead of one task per model. On its own SQLite home,
with the scheduler (LocalExecutor, the Makefile's forkserver preload), dag-processor,
api-server and triggerer, it runs two probe DAGs, each a producer that pushes N outcomes to
XCom, followed by N tasks that read their outcome:

- ``workers``: N plain ``@task`` functions (one task process each, the cost per-model dbt
  tasks paid before any dbt work);
- ``triggerer``: N ``DbtNodeStatusOperator`` (start from the trigger: no task process).

Prints each run's wall time (trigger to run end), the mean task duration, and the ratio.
Writes JSON to ``bench/results/``. Run it alone on a shared machine (it is CPU bound).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from results_file import write_result

from socialkpi.airflow_run import component_env, free_port, start_component, stop, wait_for_http
from socialkpi.orchestration import scheduler_environment

BIN = Path(sys.executable).parent

PROBE = '''
"""Task-overhead probe (airflow dag): {variant}."""
import pendulum
from airflow.sdk import dag, task

from socialkpi.dbt_status import OUTCOMES_XCOM_KEY, DbtNodeStatusOperator

N = {tasks}
OUTCOMES = {{"nodes": {{f"model.p.m{{i}}": {{"status": "success", "seconds": 0.1}}
                       for i in range(N)}}}}


@dag(dag_id="overhead_{variant}", schedule=None, catchup=False,
     start_date=pendulum.datetime(2026, 1, 1, tz="UTC"), default_args={{"retries": 0}})
def probe():
    @task
    def producer(**context):
        context["ti"].xcom_push(key=OUTCOMES_XCOM_KEY, value=OUTCOMES)

    built = producer()
    for i in range(N):
        if "{variant}" == "workers":
            @task(task_id=f"m{{i}}")
            def read(node=f"model.p.m{{i}}", **context):
                outcomes = context["ti"].xcom_pull(task_ids="producer", key=OUTCOMES_XCOM_KEY)
                assert outcomes["nodes"][node]["status"] == "success"

            built >> read()
        else:
            built >> DbtNodeStatusOperator(task_id=f"m{{i}}", dbt_unique_id=f"model.p.m{{i}}",
                                           producer_task_id="producer")


probe()
'''


def _airflow(env: dict, *args: str) -> str:
    result = subprocess.run([BIN / "airflow", *args], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"airflow {' '.join(args)}: {result.stderr[-3000:]}")
    return result.stdout


def _run(home: Path, env: dict, dag_id: str, timeout: float = 1200) -> dict:
    run_id = f"bench_{int(time.time())}"
    started = time.perf_counter()
    _airflow(env, "dags", "trigger", dag_id, "--run-id", run_id)
    db = home / "airflow.db"
    while True:
        with sqlite3.connect(db) as con:
            row = con.execute(
                "select state from dag_run where dag_id = ? and run_id = ?", (dag_id, run_id)
            ).fetchone()
        if row and row[0] in ("success", "failed"):
            break
        if time.perf_counter() - started > timeout:
            raise TimeoutError(f"{dag_id} still running after {timeout} s")
        time.sleep(0.5)
    wall = time.perf_counter() - started
    with sqlite3.connect(db) as con:
        tasks = con.execute(
            "select task_id, state, duration from task_instance where dag_id = ? and run_id = ?",
            (dag_id, run_id),
        ).fetchall()
    readers = [t for t in tasks if t[0] != "producer"]
    durations = [t[2] or 0.0 for t in readers]
    return {
        "dag_id": dag_id,
        "state": row[0],
        "wall_s": round(wall, 1),
        "tasks": len(readers),
        "states": sorted({t[1] for t in readers}),
        "mean_task_s": round(sum(durations) / max(len(durations), 1), 2),
        "max_task_s": round(max(durations, default=0.0), 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=64)
    parser.add_argument("--parallelism", type=int, default=32)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)

    root = Path(tempfile.mkdtemp(prefix="socialkpi-bench-overhead-"))
    home, dags = root / "airflow", root / "dags"
    dags.mkdir(parents=True)
    for variant in ("workers", "triggerer"):
        (dags / f"overhead_{variant}.py").write_text(
            PROBE.format(variant=variant, tasks=args.tasks)
        )
    port = free_port()
    env = component_env(port, {
        **os.environ, **scheduler_environment({"AIRFLOW_HOME": str(home)}),
        "AIRFLOW_HOME": str(home), "AIRFLOW__CORE__DAGS_FOLDER": str(dags),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__PARALLELISM": str(args.parallelism),
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
        "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
    })  # fmt: skip
    _airflow(env, "db", "migrate")
    processes = []
    runs = []
    try:
        for name in ("api-server", "scheduler", "dag-processor", "triggerer"):
            processes.append(start_component(name, env, root / "component-logs"))
        wait_for_http(f"http://127.0.0.1:{port}/api/v2/monitor/health", processes)
        deadline = time.monotonic() + 300
        while not all(
            f"overhead_{v}" in _airflow(env, "dags", "list", "-o", "plain")
            for v in ("workers", "triggerer")
        ):
            if time.monotonic() > deadline:
                raise RuntimeError(f"probe DAGs not parsed: see {root / 'component-logs'}")
            time.sleep(2)
        for variant in ("workers", "triggerer"):
            run = _run(home, env, f"overhead_{variant}")
            runs.append(run)
            print(
                f"{variant:>10}: {run['state']} in {run['wall_s']:6.1f} s for {run['tasks']} "
                f"tasks (mean {run['mean_task_s']:.2f} s, max {run['max_task_s']:.2f} s)",
                flush=True,
            )
    finally:
        stop(processes)
    ratio = round(runs[0]["wall_s"] / runs[1]["wall_s"], 1)
    print(f"task processes / triggerer-ended: {ratio}x the wall time", flush=True)
    result = {
        "benchmark": "task_overhead",
        "tasks": args.tasks,
        "parallelism": args.parallelism,
        "machine": {"cpus": os.cpu_count(), "loadavg_at_end": list(os.getloadavg())},
        "runs": runs,
        "workers_over_triggerer_wall": ratio,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    write_result(f"task_overhead_n{args.tasks}", result)
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return 0 if all(run["state"] == "success" for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
