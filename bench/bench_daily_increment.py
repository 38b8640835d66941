"""Benchmark the daily increment through Airflow: a backfill run, then one new export day.

    python bench/bench_daily_increment.py                     # 100 accounts x 90 days
    python bench/bench_daily_increment.py --accounts 1000 --days 365

1. Generates a synthetic world (seeded; reused when already generated), whose
   last download day is END+1.
2. **Backfill**: a fresh warehouse, the run of END+1 (loads every export up
   to END), through the real scheduler (``airflow api-server``, ``airflow
   scheduler`` with the LocalExecutor, ``airflow dag-processor`` and ``airflow
   triggerer`` on the deployment's own SQLite home; ``--backfill-via dags-test``
   to save time).
3. **Increment**: the run of END+2 (the one new export day), through the real
   scheduler, then the same day again on a copy of the backfilled warehouse
   through ``airflow dags test`` (the demo's command).

Prints, per run: wall time (trigger to run end), every step's duration (the
per-model status tasks are counted, not timed: the triggerer ends them beside the
other steps), the dbt time reported by dbt itself, peak RSS (the whole process tree, sampled),
and the ratios: increment / backfill (run wall and dbt time) and DAG overhead
/ work, where work is the non-dbt tasks' durations plus dbt's own reported
time and overhead is the rest of the run's wall time (process starts, imports,
DAG parsing, scheduling gaps, dbt's parsing). Writes the result as JSON to
``bench/results/``. Run it under the heavy lock on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from results_file import write_result

from socialkpi.orchestration import scheduler_environment

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DAG_ID = "socialkpi_daily"
# dbt's closing line: "Finished running 1 table model, 3 data tests in 0 hours ... (1.23s)."
DBT_FINISHED = re.compile(r"Finished running .*? in .*?\((\d+(?:\.\d+)?)s\)")


class TreeSampler:
    """Peak memory of a process tree: the sum of its processes' PSS (proportional set size:
    pages shared by forked workers counted once, split between them) and its largest RSS."""

    def __init__(self, roots: list[int], interval: float = 0.25):
        import psutil

        self._psutil = psutil
        self.roots = roots
        self.interval = interval
        self.peak_tree_mb = 0.0
        self.peak_process_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            total, largest = 0, 0
            for root in self.roots:
                try:
                    parent = self._psutil.Process(root)
                    processes = [parent, *parent.children(recursive=True)]
                except self._psutil.Error:
                    continue
                for process in processes:
                    try:
                        info = process.memory_full_info()
                    except self._psutil.Error:
                        continue
                    rss = info.rss
                    total += getattr(info, "pss", rss)
                    largest = max(largest, rss)
            self.peak_tree_mb = max(self.peak_tree_mb, total / 2**20)
            self.peak_process_mb = max(self.peak_process_mb, largest / 2**20)
            self._stop.wait(self.interval)


def _world(args: argparse.Namespace) -> tuple[Path, date]:
    """The world's landing folder and its last simulated day (generated unless already there)."""
    end = date.fromisoformat(args.end_date)
    name = f"socialkpi-daily-s{args.seed}-a{args.accounts}-d{args.days}-{end}"
    root = Path(args.worlds_dir) / name
    marker = root / "generated.json"
    if not marker.exists() or args.regenerate:
        shutil.rmtree(root, ignore_errors=True)
        started = time.perf_counter()
        subprocess.run(
            [BIN / "socialkpi", "generate", "--seed", str(args.seed),
             "--accounts", str(args.accounts), "--days", str(args.days),
             "--end-date", str(end), "--landing", str(root / "landing"),
             "--truth", str(root / "truth"), "--no-progress"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        marker.write_text(json.dumps({"generated_s": round(time.perf_counter() - started, 1)}))
        print(f"world: generated {root} in {time.perf_counter() - started:.0f} s", flush=True)
    else:
        print(f"world: reusing {root}", flush=True)
    return root / "landing", end


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Deployment:
    """One isolated deployment: its own Airflow home (SQLite), warehouse and Cosmos cache."""

    def __init__(self, root: Path, landing: Path, template: Path | None = None):
        self.root = root
        self.home = root / "airflow"
        self.warehouse_dir = root / "warehouse"
        self.port = _free_port()
        self.env = {
            **os.environ,
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "AIRFLOW_HOME": str(self.home),
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{self.home / 'airflow.db'}",
            "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
            "AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT": "120",
            "AIRFLOW__API__PORT": str(self.port),
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://localhost:{self.port}/execution/",
            "AIRFLOW__COSMOS__ENABLE_TELEMETRY": "False",
            "GX_ANALYTICS_ENABLED": "False",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
            "DO_NOT_TRACK": "1",
            "SOCIALKPI_HOME": str(REPO),
            "SOCIALKPI_TASK_RETRIES": "0",
            # Runs are triggered by this benchmark only (no scheduled run of "now").
            "SOCIALKPI_SCHEDULE": "none",
            "SOCIALKPI_LANDING_ROOT": str(landing),
            "SOCIALKPI_WAREHOUSE_DIR": str(self.warehouse_dir),
            "SOCIALKPI_WAREHOUSE_PATH": str(self.warehouse_dir / "socialkpi.duckdb"),
        }
        # The deployment's own settings for its Airflow components (the Makefile exports the same).
        self.env.pop("AIRFLOW__COSMOS__CACHE_DIR", None)
        self.env.update(scheduler_environment(self.env))
        if template is not None:
            shutil.copytree(template, self.home)
        else:
            self.home.mkdir(parents=True)
            for command in (["db", "migrate"], ["pools", "set", "duckdb_writer", "1", "writer"]):
                self.airflow(*command)
        self.components: list[subprocess.Popen] = []

    def airflow(self, *command: str, timeout: float = 600) -> str:
        result = subprocess.run(
            [BIN / "airflow", *command], env=self.env, capture_output=True, text=True,
            timeout=timeout,
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"airflow {' '.join(command)}:\n{result.stderr[-3000:]}")
        return result.stdout

    # -- the real scheduler ------------------------------------------------------------
    def start(self) -> None:
        logs = self.root / "component-logs"
        logs.mkdir(exist_ok=True)
        for name, command in (
            ("api-server", ["api-server", "--port", str(self.port), "--workers", "1"]),
            ("scheduler", ["scheduler"]),
            ("dag-processor", ["dag-processor"]),
            ("triggerer", ["triggerer"]),
        ):
            out = (logs / f"{name}.log").open("w")
            self.components.append(
                subprocess.Popen(
                    [BIN / "airflow", *command],
                    env=self.env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )  # fmt: skip
            )
        deadline = time.monotonic() + 300
        while not self._dag_serialized():
            if time.monotonic() > deadline:
                raise RuntimeError(f"{DAG_ID} not serialized after 300 s: see {logs}")
            for process in self.components:
                if process.poll() is not None:
                    raise RuntimeError(f"an Airflow component exited: see {logs}")
            time.sleep(2)
        self.airflow("dags", "unpause", DAG_ID)

    def stop(self) -> None:
        for process in self.components:
            if process.poll() is None:
                os.killpg(process.pid, 15)
        for process in self.components:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)
        self.components = []

    def _db(self) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{self.home / 'airflow.db'}?mode=ro", uri=True, timeout=30)

    def _dag_serialized(self) -> bool:
        try:
            with self._db() as db:
                query = "select 1 from serialized_dag where dag_id = ?"
                return bool(db.execute(query, (DAG_ID,)).fetchone())
        except sqlite3.Error:
            return False

    def run_scheduler(self, run_at: date, label: str) -> dict:
        run_id = f"bench_{label}_{run_at}"
        started = time.perf_counter()
        roots = [process.pid for process in self.components]
        with TreeSampler(roots) as sampler:
            self.airflow(
                "dags", "trigger", DAG_ID, "--run-id", run_id,
                "--logical-date", f"{run_at}T00:00:00+00:00",
            )  # fmt: skip
            while (state := self._run_state(run_id)) not in ("success", "failed"):
                if any(process.poll() is not None for process in self.components):
                    raise RuntimeError("an Airflow component exited during the run")
                time.sleep(1)
            wall = time.perf_counter() - started
        tasks = self._tasks(run_id)
        for task in tasks:
            task["dbt_s"] = self._dbt_seconds_from_log(run_id, task["task_id"])
        return _summarise(label, "scheduler", state, wall, tasks, sampler)

    def _run_state(self, run_id: str) -> str | None:
        with self._db() as db:
            row = db.execute(
                "select state from dag_run where dag_id = ? and run_id = ?", (DAG_ID, run_id)
            ).fetchone()
        return row[0] if row else None

    def _tasks(self, run_id: str) -> list[dict]:
        with self._db() as db:
            rows = db.execute(
                "select task_id, state, duration, start_date, end_date from task_instance "
                "where dag_id = ? and run_id = ? order by start_date",
                (DAG_ID, run_id),
            ).fetchall()
        return [
            {"task_id": task_id, "state": state, "duration_s": round(duration or 0.0, 2),
             "start": start, "end": end}
            for task_id, state, duration, start, end in rows
        ]  # fmt: skip

    def _dbt_seconds_from_log(self, run_id: str, task_id: str) -> float | None:
        folder = self.home / "logs" / f"dag_id={DAG_ID}" / f"run_id={run_id}" / f"task_id={task_id}"
        seconds = [
            float(match.group(1))
            for log in folder.glob("**/*.log")
            for match in DBT_FINISHED.finditer(log.read_text(errors="replace"))
        ]
        return round(sum(seconds), 2) if seconds else None

    # -- airflow dags test ---------------------------------------------------------------
    def run_dags_test(self, run_at: date, label: str) -> dict:
        started = time.perf_counter()
        process = subprocess.Popen(
            [BIN / "airflow", "dags", "test", DAG_ID, str(run_at)], env=self.env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        with TreeSampler([process.pid]) as sampler:
            output, _ = process.communicate()
            wall = time.perf_counter() - started
        (self.root / f"dags-test-{label}.log").write_text(output)
        state = "success" if process.returncode == 0 and "state=success" in output else "failed"
        with self._db() as db:
            row = db.execute(
                "select run_id from dag_run where dag_id = ? order by id desc limit 1", (DAG_ID,)
            ).fetchone()
        tasks = self._tasks(row[0]) if row else []
        # dags test logs every task to its output, in execution order: split it per task.
        for task in tasks:
            task["dbt_s"] = None
        _assign_dbt_seconds_in_order(output, tasks)
        return _summarise(label, "dags-test", state, wall, tasks, sampler)


def _assign_dbt_seconds_in_order(output: str, tasks: list[dict]) -> None:
    """Attribute each "Finished running" line of a ``dags test`` output to the task running then."""
    marker = re.compile(r"\[DAG TEST\] starting task_id=([\w.]+)")
    current = None
    by_task: dict[str, float] = {}
    for line in output.splitlines():
        if found := marker.search(line):
            current = found.group(1)
        if current and (match := DBT_FINISHED.search(line)):
            by_task[current] = by_task.get(current, 0.0) + float(match.group(1))
    for task in tasks:
        if task["task_id"] in by_task:
            task["dbt_s"] = round(by_task[task["task_id"]], 2)


def _summarise(label: str, via: str, state: str, wall: float, tasks: list[dict], sampler) -> dict:
    """One run's figures. ``dbt_build`` is the run's one dbt build; ``dbt_models.*`` are the
    per-model status tasks (ended by the triggerer, parallel to the rest: not work)."""
    status_tasks = [task for task in tasks if task["task_id"].startswith("dbt_models.")]
    steps = [task for task in tasks if not task["task_id"].startswith("dbt_models.")]
    dbt = next((task for task in steps if task["task_id"] == "dbt_build"), None)
    dbt_s = dbt["duration_s"] if dbt else 0.0
    dbt_reported = (dbt or {}).get("dbt_s") or 0.0
    # Work: what dbt itself reports for its nodes, plus the other steps' durations; the rest of
    # the wall time is overhead (process starts, imports, dbt's parsing, scheduling gaps).
    work = dbt_reported + sum(task["duration_s"] for task in steps if task is not dbt)
    ends = [task["end"] for task in status_tasks if task["end"]]
    result = {
        "run": label,
        "via": via,
        "state": state,
        "wall_s": round(wall, 1),
        "tasks": len(tasks),
        "dbt_build_s": round(dbt_s, 1),
        "dbt_reported_s": round(dbt_reported, 1),
        "status_tasks": len(status_tasks),
        "status_tasks_states": _count(task["state"] for task in status_tasks),
        "status_tasks_last_end": max(ends) if ends else None,
        "work_s": round(work, 1),
        "overhead_s": round(wall - work, 1),
        "overhead_per_work": round((wall - work) / work, 2) if work else None,
        "peak_pss_tree_mb": round(sampler.peak_tree_mb),
        "peak_rss_process_mb": round(sampler.peak_process_mb),
        "task_durations": tasks,
    }
    print(
        f"{label:>10} via {via:<9} {state:<7} wall {wall:7.1f} s | dbt_build {dbt_s:6.1f} s "
        f"(dbt itself {dbt_reported:.1f} s) | {len(status_tasks)} status tasks "
        f"{result['status_tasks_states']} | overhead/work {result['overhead_per_work']} | "
        f"peak memory tree (PSS) {result['peak_pss_tree_mb']} MB, largest process RSS "
        f"{result['peak_rss_process_mb']} MB",
        flush=True,
    )
    for task in steps:
        print(f"{'':>12}{task['task_id']:<28} {task['duration_s']:7.2f} s", flush=True)
    return result


def _count(values) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[str(value)] = counts.get(str(value), 0) + 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=100)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--end-date", default="2026-11-20", help="last simulated day")
    parser.add_argument(
        "--worlds-dir", default=os.path.join(tempfile.gettempdir(), "socialkpi-bench-worlds")
    )
    parser.add_argument("--regenerate", action="store_true", help="generate the world again")
    parser.add_argument("--workdir", help="scratch folder for the deployments (default: temp)")
    parser.add_argument(
        "--backfill-via", choices=("scheduler", "dags-test"), default="scheduler",
        help="how the backfill runs (dags-test is quicker; the increment always runs both ways)",
    )  # fmt: skip
    parser.add_argument("--no-dags-test", action="store_true", help="skip the dags-test increment")
    parser.add_argument("--keep", action="store_true", help="keep the deployments' folders")
    args = parser.parse_args(argv)

    load_at_start = list(os.getloadavg())
    # The DAG's per-model status tasks come from the manifest `make dbt-parse` writes: without
    # it the runs would have none, and be measured without their cost.
    subprocess.run(["make", "--no-print-directory", "dbt-parse"], cwd=REPO, check=True)
    landing, end = _world(args)
    # The run at midnight T loads the exports downloaded up to T-1: the run at END+1 loads all
    # but the last download day (END+1), which the run at END+2 loads alone.
    backfill_at, increment_at = end + timedelta(days=1), end + timedelta(days=2)
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="socialkpi-bench-daily-"))
    workdir.mkdir(parents=True, exist_ok=True)
    runs = []
    scheduler = Deployment(workdir / "scheduler", landing)
    try:
        if args.backfill_via == "dags-test":
            runs.append(scheduler.run_dags_test(backfill_at, "backfill"))
        scheduler.start()
        if args.backfill_via == "scheduler":
            runs.append(scheduler.run_scheduler(backfill_at, "backfill"))
        snapshot = workdir / "warehouse-after-backfill"
        shutil.copytree(scheduler.warehouse_dir, snapshot, symlinks=True)
        runs.append(scheduler.run_scheduler(increment_at, "increment"))
    finally:
        scheduler.stop()
    if not args.no_dags_test:
        dags_test = Deployment(workdir / "dags-test", landing, template=None)
        shutil.copytree(snapshot, dags_test.warehouse_dir, symlinks=True)
        runs.append(dags_test.run_dags_test(increment_at, "increment"))

    backfill = next(run for run in runs if run["run"] == "backfill")
    increment = next(run for run in runs if run["run"] == "increment" and run["via"] == "scheduler")
    ratios = {
        "increment_over_backfill_wall": round(increment["wall_s"] / backfill["wall_s"], 3),
        "increment_over_backfill_dbt": round(increment["dbt_build_s"] / backfill["dbt_build_s"], 3),
        "increment_over_backfill_dbt_reported": round(
            increment["dbt_reported_s"] / backfill["dbt_reported_s"], 3
        )
        if backfill["dbt_reported_s"]
        else None,
        "increment_overhead_per_work": increment["overhead_per_work"],
    }
    print("ratios:", json.dumps(ratios), flush=True)
    result = {
        "benchmark": "daily_increment",
        "accounts": args.accounts,
        "days": args.days,
        "seed": args.seed,
        "end_date": str(end),
        "backfill_via": args.backfill_via,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            # Other work on a shared machine shows here: read the ratios more than the seconds.
            "loadavg_at_start": load_at_start,
            "loadavg_at_end": list(os.getloadavg()),
        },
        "deployment_settings": {key: scheduler.env[key] for key in scheduler_environment({})},
        "runs": runs,
        "ratios": ratios,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    write_result(f"daily_increment_a{args.accounts}_d{args.days}_s{args.seed}", result)
    if not args.keep and not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if all(run["state"] == "success" for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
