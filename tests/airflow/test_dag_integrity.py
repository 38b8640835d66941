"""Every DAG imports cleanly, follows the team's conventions and does no I/O at parse time."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from socialkpi.config import project_root

DAGS = project_root() / "dags"


@pytest.fixture(scope="module")
def dagbag(tmp_path_factory):
    # Point the pipeline at folders that do not exist: parsing must not create or read them.
    untouched = tmp_path_factory.mktemp("untouched")
    os.environ["SOCIALKPI_LANDING_ROOT"] = str(untouched / "landing")
    os.environ["SOCIALKPI_WAREHOUSE_DIR"] = str(untouched / "warehouse")
    os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    import duckdb

    real_connect = duckdb.connect

    def no_connect(*args, **kwargs):
        raise AssertionError(f"a DAG file opened DuckDB at parse time: {args}")

    duckdb.connect = no_connect
    try:
        from airflow.dag_processing.dagbag import DagBag

        started = time.perf_counter()
        bag = DagBag(dag_folder=str(DAGS))
        bag.parse_seconds = time.perf_counter() - started
    finally:
        duckdb.connect = real_connect
    bag.untouched = untouched
    return bag


def test_dag_files_import_without_errors(dagbag):
    assert dagbag.import_errors == {}
    assert "socialkpi_daily" in dagbag.dag_ids


def test_parsing_does_no_io_on_landing_or_warehouse(dagbag):
    assert list(Path(dagbag.untouched).iterdir()) == []


@pytest.mark.parametrize("dag_id", ["socialkpi_daily"])
def test_dag_conventions(dagbag, dag_id):
    dag = dagbag.get_dag(dag_id)
    assert dag.tags, "every DAG is tagged"
    assert dag.doc_md, "every DAG documents itself"
    assert dag.start_date.tzinfo is not None
    assert dag.max_active_runs == 1, "one run at a time: DuckDB has a single writer"
    from socialkpi.orchestration import DEFAULT_ARGS

    for task in dag.tasks:
        assert task.owner == "data-engineering", task.task_id
        if task.task_id.startswith("dbt_models."):
            # A status task only reports dbt_build's outcome: retrying it changes nothing.
            assert task.retries == 0, task.task_id
            continue
        assert task.retries == DEFAULT_ARGS["retries"], task.task_id
        assert task.retry_delay.total_seconds() == 300, task.task_id


def test_production_default_is_two_retries(monkeypatch):
    import importlib

    import socialkpi.orchestration as orchestration

    monkeypatch.delenv("SOCIALKPI_TASK_RETRIES", raising=False)
    assert importlib.reload(orchestration).DEFAULT_ARGS["retries"] == 2
    monkeypatch.setenv("SOCIALKPI_TASK_RETRIES", "0")
    assert importlib.reload(orchestration).DEFAULT_ARGS["retries"] == 0


def test_every_warehouse_writer_runs_in_the_single_slot_pool(dagbag):
    dag = dagbag.get_dag("socialkpi_daily")
    writers = [t for t in dag.tasks if not t.task_id.startswith("dbt_models.")]
    assert {task.pool for task in writers} == {"duckdb_writer"}
    # The status tasks never open the warehouse (they read dbt_build's XCom), and start in the
    # triggerer: no worker, no pool slot.
    statuses = [t for t in dag.tasks if t.task_id.startswith("dbt_models.")]
    assert statuses and all(t.start_from_trigger for t in statuses)


def test_daily_chain_order(dagbag):
    dag = dagbag.get_dag("socialkpi_daily")
    ingest = dag.get_task("ingest_landed_exports")
    quality = dag.get_task("quality_checks")
    publish = dag.get_task("publish_warehouse")
    assert quality.downstream_task_ids == {"publish_warehouse"}
    freshness = dag.get_task("source_freshness")
    assert ingest.downstream_task_ids == {"source_freshness"}
    assert freshness.downstream_task_ids == {"dbt_build"}
    statuses = {t.task_id for t in dag.tasks if t.task_id.startswith("dbt_models.")}
    assert dag.get_task("dbt_build").downstream_task_ids == {"dbt_docs"} | statuses
    assert dag.get_task("dbt_docs").downstream_task_ids == {"quality_checks"}
    assert "dbt_build" in {t.task_id for t in quality.get_flat_relatives(upstream=True)}
    assert publish.outlets and ingest.outlets


def test_every_model_and_seed_of_the_project_has_its_status_task(dagbag):
    import json

    manifest = json.loads((project_root() / "dbt_project/target/manifest.json").read_text())
    expected = {
        (node["resource_type"], node["name"]): node["unique_id"]
        for node in manifest["nodes"].values()
        if node["resource_type"] in ("model", "seed")
        and node["config"]["materialized"] != "ephemeral"
    }
    dag = dagbag.get_dag("socialkpi_daily")
    statuses = [t for t in dag.tasks if t.task_id.startswith("dbt_models.")]
    shown = {t.task_id.rsplit(".", 1)[-1]: t.dbt_unique_id for t in statuses}
    assert len(statuses) == len(expected) > 50
    assert shown == {name: uid for (_, name), uid in expected.items()}
    assert dag.get_task("dbt_models.marts.fct_account_daily").trigger_rule == "all_done"


def test_dag_parse_time_is_reported(dagbag, record_property):
    # Measured, not asserted against a wall-clock budget: speed lives in bench/.
    record_property("dag_parse_seconds", round(dagbag.parse_seconds, 3))
    assert dagbag.parse_seconds > 0


def test_only_the_products_own_assets_no_machine_paths(dagbag):
    dag = dagbag.get_dag("socialkpi_daily")
    assert dag.get_task("dbt_build").emit_datasets is False
    outlets = {outlet.uri for task in dag.tasks for outlet in task.outlets}
    assert outlets == {"socialkpi://warehouse/raw", "socialkpi://warehouse/serving"}


def test_every_task_alerts_on_failure_and_the_run_has_a_deadline(dagbag):
    from datetime import timedelta

    dag = dagbag.get_dag("socialkpi_daily")
    for task in dag.tasks:
        if task.task_id.startswith("dbt_models."):
            # Ended by the triggerer (no worker to run a callback); dbt_build's alert names them.
            assert not task.on_failure_callback, task.task_id
            continue
        # By name: another test reloads socialkpi.orchestration (a new function object).
        names = [f"{c.__module__}.{c.__qualname__}" for c in task.on_failure_callback]
        assert names == ["socialkpi.orchestration.task_failure_callback"], task.task_id
    [deadline] = dag.deadline
    assert type(deadline.reference).__name__ == "DagRunLogicalDateDeadline"
    assert deadline.interval == timedelta(hours=6)  # SOCIALKPI_DEADLINE default 06:00 UTC
    assert deadline.callback.path == "socialkpi.orchestration.deadline_missed_callback"
    # The logical date of the daily run is the midnight it triggers at (CronTriggerTimetable),
    # so the deadline is 06:00 UTC of the day the run starts.
    assert type(dag.timetable).__name__ == "CronTriggerTimetable"
