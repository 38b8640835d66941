"""Airflow-facing glue: task bodies and Cosmos settings for the DAG files.

Imports of Airflow happen inside functions, so the rest of the package stays
importable and testable without Airflow.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from datetime import timedelta
from pathlib import Path

from socialkpi.config import Settings, project_root
from socialkpi.pipeline import ingest_step, publish_step, quality_step, run_day_for_interval_end

log = logging.getLogger(__name__)

# Modules every task process of the DAG imports (Cosmos, dbt and its DuckDB adapter, the task
# bodies). Under the real scheduler the LocalExecutor's workers are started by a forkserver that
# imports them once (``[scheduler] mp_start_method = forkserver`` and ``mp_forkserver_preload``,
# see :func:`scheduler_environment`), and each task process is forked from a worker: a task then
# starts with them imported instead of paying about 4 s of imports (Cosmos 1.5 s, dbt 2 s).
# ``socialkpi.orchestration`` comes first: it sets the per-deployment Cosmos cache before Cosmos
# reads its settings.
PRELOADED_MODULES = (
    "socialkpi.orchestration",
    "cosmos",
    "cosmos.operators.local",
    "dbt.cli.main",
    "dbt.adapters.duckdb",
    "socialkpi.pipeline",
)


def cosmos_cache_dir(environ=os.environ) -> Path:
    """This deployment's Cosmos cache (dbt's partial-parse file): ``<AIRFLOW_HOME>/cosmos``.

    Cosmos' default is ``cosmos/`` under the system temp folder, shared by every checkout and
    deployment of the machine: another deployment's partial-parse file carries another warehouse
    path, dbt then logs "Unable to do partial parsing because profile has changed" and re-parses
    the whole project in every task.
    """
    home = environ.get("AIRFLOW_HOME") or os.path.join("~", "airflow")
    return Path(home).expanduser().resolve() / "cosmos"


def scheduler_environment(environ=os.environ) -> dict[str, str]:
    """Settings for the Airflow components of a deployment (the Makefile exports the same).

    A per-deployment Cosmos cache, and task processes forked with Cosmos and dbt imported.
    """
    return {
        "AIRFLOW__COSMOS__CACHE_DIR": str(cosmos_cache_dir(environ)),
        "AIRFLOW__SCHEDULER__MP_START_METHOD": "forkserver",
        "AIRFLOW__SCHEDULER__MP_FORKSERVER_PRELOAD": ",".join(PRELOADED_MODULES),
    }


# Before any import of Cosmos (it reads its cache dir once, at import): the DAG file imports
# this module first, and the forkserver preloads it first.
os.environ.setdefault("AIRFLOW__COSMOS__CACHE_DIR", str(cosmos_cache_dir()))

WRITER_POOL = "duckdb_writer"
SLACK_CONN_ID = "socialkpi_slack"

DEFAULT_DEADLINE = "06:00"


def task_failure_callback(context) -> None:
    """``on_failure_callback`` of every task (Cosmos' dbt tasks included, via ``DEFAULT_ARGS``).

    Always logs one line naming the DAG, the task, the run day (data interval), the error's
    first line and the log URL; posts it to Slack (Block Kit) when the ``socialkpi_slack``
    Connection exists. Never raises: a broken alert must not hide the task's own error.
    """
    from socialkpi.alerts import TaskFailure, alert_task_failure

    try:
        ti = context["ti"]
        start, end = context.get("data_interval_start"), context.get("data_interval_end")
        failure = TaskFailure(
            dag_id=ti.dag_id,
            task_id=ti.task_id,
            run_id=ti.run_id,
            run_day=run_day_for_interval_end(end) if end is not None else None,
            data_interval=f"{_iso(start)} to {_iso(end)}",
            error=first_line(context.get("exception")),
            log_url=ti.log_url,
            try_number=getattr(ti, "try_number", None),
        )
        alert_task_failure(failure, webhook_url=_slack_webhook_url())
    except Exception:  # the callback must never fail the failure handling itself
        log.exception("[socialkpi] could not build or send the task failure alert")


def first_line(error: object) -> str:
    """``ExceptionType: first line of its message`` (or the text given)."""
    if error is None:
        return "unknown error (no exception in the task context)"
    lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    head = lines[0] if lines else ""
    if isinstance(error, BaseException):
        return f"{type(error).__name__}: {head}" if head else type(error).__name__
    return head or "unknown error"


def _iso(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def deadline_interval(setting: str | None = None) -> timedelta:
    """How long after the run's logical date (midnight UTC of the day it runs) it must succeed.

    ``SOCIALKPI_DEADLINE`` is a UTC time of day ``HH:MM`` (default ``06:00``); a value past
    ``24:00`` (``30:00``) means the next morning.
    """
    value = (setting or os.environ.get("SOCIALKPI_DEADLINE") or DEFAULT_DEADLINE).strip()
    match = re.fullmatch(r"(\d{1,2}):([0-5]\d)", value)
    interval = timedelta(hours=int(match[1]), minutes=int(match[2])) if match else timedelta(0)
    if interval <= timedelta(0):
        raise ValueError(f"SOCIALKPI_DEADLINE must be HH:MM (UTC) after 00:00, got {value!r}")
    return interval


def running_under_dags_test(argv: list[str] | None = None) -> bool:
    """Whether this process is ``airflow dags test`` (it parses the DAG file in-process)."""
    args = [arg for arg in (sys.argv if argv is None else argv)[1:] if not arg.startswith("-")]
    return args[:2] == ["dags", "test"]


def deadline_alert(argv: list[str] | None = None):
    """The DAG's ``DeadlineAlert``: the run has not succeeded ``deadline_interval()`` after its
    logical date (the daily run at midnight T: by 06:00 UTC on T). The scheduler evaluates it
    and the executor runs :func:`deadline_missed_callback`.

    ``None`` under ``airflow dags test``: Airflow 3.3 ``dag.test()`` round-trips the DAG through
    an in-memory serialization that leaves encoded alerts in ``dag.deadline``, and the final
    ``DagRun.update_state()`` then fails with ``'dict' object has no attribute 'hex'`` for a run
    that succeeded (apache/airflow#73428, fix proposed in #73430). A test run has no deadline to
    meet anyway; the scheduler, the only thing that evaluates deadlines, still gets the alert.
    """
    if running_under_dags_test(argv):
        return None
    from airflow.sdk import DeadlineAlert, DeadlineReference, SyncCallback

    return DeadlineAlert(
        reference=DeadlineReference.DAGRUN_LOGICAL_DATE,
        interval=deadline_interval(),
        callback=SyncCallback(
            "socialkpi.orchestration.deadline_missed_callback",
            kwargs={"deadline": os.environ.get("SOCIALKPI_DEADLINE") or DEFAULT_DEADLINE},
        ),
        name="socialkpi_daily_deadline",
    )


def deadline_missed_callback(context: dict | None = None, deadline: str = DEFAULT_DEADLINE, **_):
    """Called by Airflow when the daily run missed its deadline; logs and posts to Slack.

    ``context`` is what the scheduler sends: ``{"dag_run": {...}, "deadline": {...}}``.
    A backfill run (its days are long past) is logged only, never posted.
    """
    from datetime import datetime

    from socialkpi.alerts import DeadlineMiss, alert_deadline_missed

    context = context or {}
    dag_run = context.get("dag_run") or {}
    end = dag_run.get("data_interval_end") or dag_run.get("logical_date")
    run_day = None
    if end:
        run_day = run_day_for_interval_end(datetime.fromisoformat(str(end).replace("Z", "+00:00")))
    deadline_time = (context.get("deadline") or {}).get("deadline_time")
    label = f"{_iso(deadline_time)}" if deadline_time else f"{deadline} UTC"
    # The scheduler sends the run as the REST API's DAGRunResponse: its id is "dag_run_id".
    dag_id = dag_run.get("dag_id", "socialkpi_daily")
    run_id = dag_run.get("dag_run_id") or dag_run.get("run_id", "")
    miss = DeadlineMiss(
        dag_id=dag_id,
        run_id=run_id,
        run_day=run_day,
        deadline=f"{label} ({deadline} UTC)" if deadline_time else label,
        state=str(dag_run.get("state", "unknown")),
        run_url=_run_url(dag_id, run_id),
    )
    backfill = str(dag_run.get("run_type", "")).lower() == "backfill"
    alert_deadline_missed(miss, webhook_url=None if backfill else _slack_webhook_url())


def _run_url(dag_id: str, run_id: str) -> str:
    from urllib.parse import quote

    try:
        from airflow.configuration import conf

        base_url = conf.get("api", "base_url", fallback="http://localhost:8080/")
    except Exception:  # noqa: BLE001 (outside Airflow: a sensible default)
        base_url = "http://localhost:8080/"
    return f"{base_url.rstrip('/')}/dags/{dag_id}/runs/{quote(run_id)}"


DEFAULT_ARGS = {
    "owner": "data-engineering",
    # Two retries in production; the demo and tests set 0 so that a failure shows at once.
    "retries": int(os.environ.get("SOCIALKPI_TASK_RETRIES", "2")),
    "retry_delay": timedelta(minutes=5),
    "on_failure_callback": task_failure_callback,
}


def dag_schedule() -> str | None:
    """The DAG's schedule: ``SOCIALKPI_SCHEDULE`` (a cron preset or expression), default daily.

    ``none`` leaves runs to triggers only (the benchmark triggers its own runs; a scheduled
    run of "now" would load every landed day at once).
    """
    value = os.environ.get("SOCIALKPI_SCHEDULE", "@daily").strip()
    return None if value.lower() in ("", "none") else value


def dbt_build_operator(task_id: str = "dbt_build"):
    """The run's one ``dbt build`` (Cosmos' ``DbtBuildLocalOperator``), in the writer pool.

    - One task for the whole project, not one per model: per-model tasks ran one at a time
      (one DuckDB writer), each paying a task start, dbt's start and a partial parse (~5.5 s a
      model under the scheduler for ~0.5 s of work; ``bench/bench_task_overhead.py`` measures
      what tasks cost that do nothing).
      Each model's outcome still shows as a task: :func:`dbt_status_group`.
    - In-process ``dbtRunner`` (no Python start); Cosmos keeps dbt's partial-parse file in this
      deployment's cache (``AIRFLOW__COSMOS__CACHE_DIR``), so dbt does not re-parse every run.
    - Unit tests excluded (``--exclude-resource-type unit_test``): they test the models' SQL on
      fixed inputs, so they belong to ``make test`` and CI, not to every day's run (24 of them,
      about 6 s a day).
    - Callbacks, called by Cosmos after dbt returns, failed or not: :func:`push_dbt_outcomes`
      (each node's outcome, for the status tasks), then :func:`release_dbt_duckdb_connection`.
    - No Cosmos assets: their URIs embed the machine's DuckDB path; the DAG's own assets say
      what it produces.
    """
    from cosmos import ProfileConfig
    from cosmos.constants import InvocationMode
    from cosmos.operators.local import DbtBuildLocalOperator

    settings = Settings.resolve()
    dbt_dir = project_root() / "dbt_project"
    return DbtBuildLocalOperator(
        task_id=task_id,
        project_dir=str(dbt_dir),
        profile_config=ProfileConfig(
            profile_name="socialkpi",
            target_name="duckdb",
            profiles_yml_filepath=dbt_dir / "profiles.yml",
        ),
        env={"SOCIALKPI_WAREHOUSE_PATH": str(settings.warehouse_path)},
        invocation_mode=InvocationMode.DBT_RUNNER,
        install_deps=False,
        emit_datasets=False,
        should_store_compiled_sql=False,
        # Unit tests check the SQL, not the day's data: `make test` and CI run them.
        dbt_cmd_flags=["--exclude-resource-type", "unit_test"],
        pool=WRITER_POOL,
        callback=[push_dbt_outcomes, release_dbt_duckdb_connection],
    )


def push_dbt_outcomes(project_dir: str, context=None, **_: object) -> dict:
    """Cosmos callback: each node's outcome of the build just run, from dbt's artifacts in
    Cosmos' copy of the project, pushed as XCom ``dbt_outcomes`` for the status tasks."""
    from socialkpi.dbt_build import failures, load_json, node_outcomes, summarise
    from socialkpi.dbt_status import OUTCOMES_XCOM_KEY

    target = Path(project_dir) / "target"
    manifest_path = target / "manifest.json"
    if not manifest_path.exists():
        manifest_path = project_root() / "dbt_project" / "target" / "manifest.json"
    run_results = target / "run_results.json"
    outcomes = node_outcomes(
        load_json(run_results) if run_results.exists() else None, load_json(manifest_path)
    )
    summary = {
        "statuses": summarise(outcomes),
        "nodes": {uid: outcome.as_dict() for uid, outcome in outcomes.items()},
    }
    log.info("dbt build outcomes: %s", summary["statuses"])
    for line in failures(outcomes):
        log.warning("dbt build: %s", line)
    if context is not None:
        context["ti"].xcom_push(key=OUTCOMES_XCOM_KEY, value=summary)
    return summary


def dbt_status_group(group_id: str = "dbt_models", producer_task_id: str = "dbt_build"):
    """One status task per dbt model and seed, in a task group per layer (staging,
    intermediate, marts, seeds), from the manifest ``make dbt-parse`` writes.

    Without a manifest the group is empty (logged): the run still builds everything, only the
    per-model view is missing until ``make dbt-parse``."""
    from airflow.sdk import TaskGroup

    from socialkpi.dbt_build import buildable_nodes, load_json
    from socialkpi.dbt_status import DbtNodeStatusOperator

    manifest = project_root() / "dbt_project" / "target" / "manifest.json"
    with TaskGroup(group_id=group_id, tooltip="each dbt model's outcome of dbt_build") as group:
        if not manifest.exists():
            log.warning("no %s: run `make dbt-parse` for the per-model status tasks", manifest)
            return group
        layers: dict[str, TaskGroup] = {}
        for node in buildable_nodes(load_json(manifest)):
            if node.layer not in layers:
                layers[node.layer] = TaskGroup(group_id=node.layer, parent_group=group)
            DbtNodeStatusOperator(
                task_id=node.name,
                dbt_unique_id=node.unique_id,
                producer_task_id=producer_task_id,
                task_group=layers[node.layer],
                doc_md=f"Outcome of dbt {node.resource_type} `{node.unique_id}` in `dbt_build`.",
            )
    return group


def release_dbt_duckdb_connection(project_dir: str, **_: object) -> None:
    """Close the DuckDB connection dbt-duckdb caches at class level after an in-process run.

    Without this, the worker process keeps the warehouse's write lock after dbt returns.
    """
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    environment = DuckDBConnectionManager._ENV
    if environment is not None:
        environment.close()
    DuckDBConnectionManager.close_all_connections()


def _run_context(context) -> tuple[Settings, object, str]:
    settings = Settings.resolve()
    run_day = run_day_for_interval_end(context["data_interval_end"])
    return settings, run_day, context["run_id"]


def ingest_task_body(context) -> dict:
    settings, run_day, run_id = _run_context(context)
    if isinstance(settings.landing_root, str):
        # An object-store landing zone, read with the Airflow Connection named by
        # SOCIALKPI_LANDING_CONN_ID (credentials never live in the URL).
        from dataclasses import replace

        from airflow.sdk import ObjectStoragePath

        conn_id = os.environ.get("SOCIALKPI_LANDING_CONN_ID")
        settings = replace(
            settings, landing_root=ObjectStoragePath(settings.landing_root, conn_id=conn_id)
        )
    summary = ingest_step(settings, run_day, run_id)
    log.info("ingest for %s from %s: %s", run_day, settings.landing_root, summary)
    return summary


def quality_task_body(context) -> dict:
    from socialkpi.alerts import alert_failed_warnings

    settings, run_day, run_id = _run_context(context)
    report = quality_step(settings, run_day, run_id)
    if report.failed_warnings:
        alert_failed_warnings(report.failed_warnings, webhook_url=_slack_webhook_url())
    return {
        "expectations": len(report.outcomes),
        "failed_warnings": len(report.failed_warnings),
    }


def source_freshness_task_body(context) -> dict:
    """``dbt source freshness`` into ``quality.source_freshness``; stale raw tables are a
    warning (logged, alerted), never a failure: this task does not fail the run."""
    from socialkpi.alerts import alert_message
    from socialkpi.pipeline import source_freshness_step

    settings, run_day, run_id = _run_context(context)
    try:
        summary = source_freshness_step(settings, run_day, run_id)
    except Exception as exc:  # noqa: BLE001 (freshness is a warning, whatever breaks it)
        log.exception("source freshness could not run")
        alert_message("Source freshness could not run", first_line(exc), [],
                      webhook_url=_slack_webhook_url())  # fmt: skip
        return {"error": first_line(exc)}
    log.info("source freshness for %s: %s", run_day, summary["statuses"])
    if summary["stale"]:
        lines = [
            f"*{item['table']}*: {item['status']}, last load {item['max_loaded_at']} "
            f"({item['age_hours']} h ago; warn after {item['warn_after']}, "
            f"error after {item['error_after']})"
            for item in summary["stale"]
        ]
        alert_message(
            "Raw sources not fresh",
            f"{len(lines)} raw table(s) of run day {run_day} were not loaded recently",
            lines, webhook_url=_slack_webhook_url(),
        )  # fmt: skip
    return summary


def dbt_docs_task_body(context) -> str:
    from socialkpi.pipeline import dbt_docs_step

    return dbt_docs_step(Settings.resolve())


def publish_task_body(context) -> dict:
    settings, _, run_id = _run_context(context)
    return publish_step(settings, run_id)


def _slack_webhook_url() -> str | None:
    """The webhook URL of the ``socialkpi_slack`` Connection, or None when it is not configured."""
    from airflow.sdk import Connection
    from airflow.sdk.exceptions import AirflowNotFoundException, AirflowRuntimeError

    try:
        conn = Connection.get(SLACK_CONN_ID)
    except (AirflowNotFoundException, AirflowRuntimeError, KeyError, ValueError) as exc:
        log.info("no %s connection (%s): alert logged only", SLACK_CONN_ID, exc)
        return None
    except Exception as exc:  # noqa: BLE001 (a callback outside a task: never lose the alert)
        log.warning("could not read the %s connection (%r): alert logged only", SLACK_CONN_ID, exc)
        return None
    if conn.password and conn.password.startswith("http"):
        return conn.password
    if conn.host and conn.host.startswith("http"):
        return conn.host
    return conn.get_uri().replace("slack://", "https://", 1) if conn.host else None


def dags_folder() -> Path:
    return project_root() / "dags"
