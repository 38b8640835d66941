"""Run one DAG run through the real Airflow components, for the demo and the tests.

``airflow dags test`` runs the tasks in its own process: it writes no task log files (the UI's
log panels stay empty) and its runs start at the logical date (a duration of days in the
UI). ``run_dag`` instead starts, in the background, the components a deployment runs:

- ``airflow api-server`` on a free loopback port (the task supervisors talk to its execution
  API; the UI and REST API come with it),
- ``airflow scheduler`` (LocalExecutor, the metadata DB of ``AIRFLOW_HOME``, SQLite here),
- ``airflow dag-processor``,
- ``airflow triggerer`` (it ends the per-model status tasks of ``dbt_build``),

triggers the run for the logical date (after ``airflow dags reserialize``, so the run uses
the DAG file as it is now), unpauses the DAG with the scheduler's own schedule switched off
(``[scheduler] use_job_schedule = False``: no other run is created), waits for the run to
finish, pauses the DAG again (a later ``make ui`` does not start a daily run by itself) and
stops the components. Task logs land in ``AIRFLOW_HOME/logs`` where the UI reads them, and
the run's start and end are real times. A run of the same logical date made earlier is
deleted first (its metadata, not its log files).
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

COMPONENTS = ("api-server", "scheduler", "dag-processor", "triggerer")
FINISHED = {"success", "failed"}


@dataclass
class RunOutcome:
    dag_id: str
    run_id: str
    state: str
    seconds: float
    task_states: dict[str, int] = field(default_factory=dict)
    slowest: list[tuple[str, float]] = field(default_factory=list)
    failed_tasks: list[str] = field(default_factory=list)

    def summary(self) -> str:
        states = ", ".join(f"{count} {state}" for state, count in sorted(self.task_states.items()))
        lines = [
            f"DAG run {self.dag_id} {self.run_id}: {self.state} in {self.seconds:.0f} s "
            f"(scheduler, api-server, dag-processor, triggerer); tasks: {states}",
            "slowest tasks: " + ", ".join(f"{t} {s:.1f} s" for t, s in self.slowest),
        ]
        if self.failed_tasks:
            lines.append("failed tasks: " + ", ".join(self.failed_tasks))
        return "\n".join(lines)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def airflow_bin() -> Path:
    return Path(sys.executable).parent / "airflow"


def component_env(port: int, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of the background components: this venv first on PATH (Airflow starts
    sub-commands as a bare ``airflow``), the execution API on the chosen port, no schedule."""
    env = dict(os.environ if base is None else base)
    env["PATH"] = f"{airflow_bin().parent}{os.pathsep}{env.get('PATH', '')}"
    env["AIRFLOW__CORE__EXECUTOR"] = "LocalExecutor"
    env["AIRFLOW__API__PORT"] = str(port)
    env["AIRFLOW__API__HOST"] = "127.0.0.1"
    env["AIRFLOW__API__BASE_URL"] = f"http://127.0.0.1:{port}"
    env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] = f"http://127.0.0.1:{port}/execution/"
    env["AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE"] = "False"
    return env


_PR_SET_PDEATHSIG = 1
try:  # loaded here, not in the forked child: dlopen after fork is not async-signal-safe
    _LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None
except OSError:
    _LIBC = None


def die_with_parent(parent_pid: int):
    """A ``preexec_fn`` that has the kernel send SIGTERM to the child when the process that
    started it dies, by any death: ``stop()`` runs in a ``finally``, which a SIGKILL (a test
    runner's timeout, a cancelled CI job) skips, and a scheduler left running would go on
    writing to the metadata DB and hold the warehouse's write lock. SIGTERM rather than
    SIGKILL: the component then stops the processes it started itself. Linux only; elsewhere
    a no-op."""

    def set_parent_death_signal() -> None:
        if _LIBC is None or _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
            return
        # The parent may have died between fork and prctl: then nobody sends the signal.
        if os.getppid() != parent_pid:
            os.kill(os.getpid(), signal.SIGTERM)

    return set_parent_death_signal


def start_component(name: str, env: dict[str, str], log_dir: Path) -> subprocess.Popen:
    log_dir.mkdir(parents=True, exist_ok=True)
    args = [str(airflow_bin()), name]
    if name == "api-server":
        args += ["--host", "127.0.0.1", "--port", env["AIRFLOW__API__PORT"], "--workers", "1"]
    with open(log_dir / f"{name}.log", "ab") as log:
        # Own session: stop() ends the component and the processes it started, nothing else.
        return subprocess.Popen(
            args,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=die_with_parent(os.getpid()),
        )


def stop(processes: list[subprocess.Popen], timeout: float = 30) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for process in processes:
        try:
            process.wait(timeout=max(deadline - time.monotonic(), 1))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_for_http(url: str, processes: list[subprocess.Popen], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if any(p.poll() is not None for p in processes):
            raise RuntimeError(f"an Airflow component exited before {url} answered")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} did not answer within {timeout} s")
        time.sleep(1)


def _reserialize(dag_id: str, env: dict[str, str], log_dir: Path) -> None:
    with open(log_dir / "reserialize.log", "ab") as log:
        subprocess.run(
            [str(airflow_bin()), "dags", "reserialize"],
            env=env, stdout=log, stderr=subprocess.STDOUT, check=True,
        )  # fmt: skip


def _prepare_run(dag_id: str, logical_date: datetime, run_id: str) -> None:
    """Delete an earlier run of the logical date, then trigger the run (DAG still paused)."""
    from airflow.api.common.trigger_dag import trigger_dag
    from airflow.models import DagModel, DagRun
    from airflow.utils.session import create_session
    from airflow.utils.types import DagRunTriggeredByType
    from sqlalchemy import delete, or_, select

    with create_session() as session:
        if session.scalar(select(DagModel).where(DagModel.dag_id == dag_id)) is None:
            raise RuntimeError(f"DAG {dag_id} is not in the metadata DB (import error?)")
        session.execute(
            delete(DagRun).where(
                DagRun.dag_id == dag_id,
                or_(DagRun.logical_date == logical_date, DagRun.run_id == run_id),
            )
        )
    trigger_dag(
        dag_id,
        triggered_by=DagRunTriggeredByType.CLI,
        run_id=run_id,
        logical_date=logical_date,
        # The data interval is inferred from run_after: the logical date, as for a scheduled
        # run of that date (the default, the trigger time, would make the run load "today").
        run_after=logical_date,
        conf={},
    )


def _set_paused(dag_id: str, paused: bool) -> None:
    from airflow.models import DagModel
    from airflow.utils.session import create_session
    from sqlalchemy import update

    with create_session() as session:
        session.execute(update(DagModel).where(DagModel.dag_id == dag_id).values(is_paused=paused))


def _run_state(dag_id: str, run_id: str) -> tuple[str, list[tuple[str, str, float | None]]]:
    from airflow.models import DagRun, TaskInstance
    from airflow.utils.session import create_session
    from sqlalchemy import select

    with create_session() as session:
        state = session.scalar(
            select(DagRun.state).where(DagRun.dag_id == dag_id, DagRun.run_id == run_id)
        )
        tasks = session.execute(
            select(TaskInstance.task_id, TaskInstance.state, TaskInstance.duration).where(
                TaskInstance.dag_id == dag_id, TaskInstance.run_id == run_id
            )
        ).all()
    return str(state), [(t, str(s), d) for t, s, d in tasks]


def run_dag(
    dag_id: str,
    logical_date: datetime,
    run_id: str | None = None,
    timeout: float = 3600,
    progress=print,
) -> RunOutcome:
    """Run ``dag_id`` for ``logical_date`` through the scheduler and the other components."""
    home = Path(os.environ.get("AIRFLOW_HOME", Path.home() / "airflow"))
    log_dir = home / "logs" / "run-dag"
    log_dir.mkdir(parents=True, exist_ok=True)
    run_id = run_id or f"manual__{logical_date.isoformat()}"
    port = free_port()
    env = component_env(port)
    # This process talks to the same metadata DB as the components.
    os.environ.update({k: v for k, v in env.items() if k.startswith("AIRFLOW__")})
    _reserialize(dag_id, env, log_dir)
    _prepare_run(dag_id, logical_date, run_id)
    started = time.monotonic()
    processes: list[subprocess.Popen] = []
    try:
        for name in COMPONENTS:
            processes.append(start_component(name, env, log_dir))
        wait_for_http(f"http://127.0.0.1:{port}/api/v2/monitor/health", processes)
        _set_paused(dag_id, False)
        progress(f"{dag_id} {run_id}: triggered; components on port {port}, logs in {log_dir}")
        last_report = time.monotonic()
        while True:
            state, tasks = _run_state(dag_id, run_id)
            if state in FINISHED:
                break
            if any(p.poll() is not None for p in processes):
                raise RuntimeError(f"an Airflow component stopped: see {log_dir}")
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"{dag_id} {run_id} still {state} after {timeout} s")
            if time.monotonic() - last_report >= 30:
                done = sum(1 for _, s, _ in tasks if s in {"success", "failed", "skipped"})
                progress(f"  {state}: {done}/{len(tasks)} tasks finished")
                last_report = time.monotonic()
            time.sleep(2)
    finally:
        try:
            _set_paused(dag_id, True)
        finally:
            stop(processes)
    counts: dict[str, int] = {}
    for _, task_state, _ in tasks:
        counts[task_state] = counts.get(task_state, 0) + 1
    slowest = sorted(((t, d) for t, _, d in tasks if d is not None), key=lambda x: -x[1])[:5]
    return RunOutcome(
        dag_id=dag_id,
        run_id=run_id,
        state=state,
        seconds=time.monotonic() - started,
        task_states=counts,
        slowest=slowest,
        failed_tasks=sorted(t for t, s, _ in tasks if s in {"failed", "upstream_failed"}),
    )
