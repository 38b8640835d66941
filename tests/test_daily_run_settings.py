"""Deployment settings of the daily run: schedule, per-deployment Cosmos cache, preloaded
modules, and dbt docs regenerated only when the project or the warehouse schema changed."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import duckdb
import pytest

from socialkpi.config import Settings
from socialkpi.orchestration import (
    PRELOADED_MODULES,
    cosmos_cache_dir,
    dag_schedule,
    scheduler_environment,
)
from socialkpi.pipeline import dbt_docs_inputs_hash, dbt_docs_step


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, "@daily"), ("none", None), ("None", None), ("", None), ("0 6 * * *", "0 6 * * *")],
)
def test_dag_schedule(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("SOCIALKPI_SCHEDULE", raising=False)
    else:
        monkeypatch.setenv("SOCIALKPI_SCHEDULE", value)
    assert dag_schedule() == expected


def test_cosmos_cache_is_per_deployment(tmp_path):
    assert cosmos_cache_dir({"AIRFLOW_HOME": str(tmp_path)}) == tmp_path.resolve() / "cosmos"
    assert cosmos_cache_dir({"AIRFLOW_HOME": str(tmp_path / "a")}) != cosmos_cache_dir(
        {"AIRFLOW_HOME": str(tmp_path / "b")}
    )
    settings = scheduler_environment({"AIRFLOW_HOME": str(tmp_path)})
    assert settings["AIRFLOW__COSMOS__CACHE_DIR"] == str(tmp_path.resolve() / "cosmos")
    assert settings["AIRFLOW__SCHEDULER__MP_START_METHOD"] == "forkserver"
    assert settings["AIRFLOW__SCHEDULER__MP_FORKSERVER_PRELOAD"].split(",") == list(
        PRELOADED_MODULES
    )


def _cosmos_cache_dir_in_a_fresh_process(env: dict) -> str:
    code = (
        "import socialkpi.orchestration, cosmos.settings as s, cosmos.cache as c;"
        "print('CACHE', s.cache_dir); print('CACHE', c._obtain_cache_dir_path.__defaults__[0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return [
        line.split(" ", 1)[1] for line in result.stdout.splitlines() if line.startswith("CACHE ")
    ]


def test_cosmos_reads_the_deployment_cache(tmp_path, monkeypatch):
    """Importing the task bodies first points Cosmos at <AIRFLOW_HOME>/cosmos, not the temp dir."""
    import os

    env = {**os.environ, "AIRFLOW_HOME": str(tmp_path)}
    env.pop("AIRFLOW__COSMOS__CACHE_DIR", None)
    expected = str(tmp_path.resolve() / "cosmos")
    assert _cosmos_cache_dir_in_a_fresh_process(env) == [expected, expected]
    # An explicit setting wins (the Makefile's, or an operator's).
    env["AIRFLOW__COSMOS__CACHE_DIR"] = str(tmp_path / "elsewhere")
    assert _cosmos_cache_dir_in_a_fresh_process(env) == [str(tmp_path / "elsewhere")] * 2


@pytest.mark.parametrize("module", PRELOADED_MODULES)
def test_preloaded_modules_import(module):
    # The forkserver ignores a module that fails to import: a typo would silently cost seconds.
    importlib.import_module(module)


def test_makefile_and_compose_export_the_same_settings():
    from socialkpi.config import project_root

    makefile = (project_root() / "Makefile").read_text()
    assert f"MP_FORKSERVER_PRELOAD ?= {','.join(PRELOADED_MODULES)}\n" in makefile
    assert "export AIRFLOW__SCHEDULER__MP_START_METHOD ?= forkserver\n" in makefile
    assert "export AIRFLOW__COSMOS__CACHE_DIR ?= $(AIRFLOW_HOME)/cosmos\n" in makefile
    import yaml

    compose = yaml.safe_load((project_root() / "docker" / "docker-compose.yaml").read_text())
    env = compose["x-airflow-common"]["environment"]
    assert env["AIRFLOW__SCHEDULER__MP_FORKSERVER_PRELOAD"] == ",".join(PRELOADED_MODULES)
    assert env["AIRFLOW__SCHEDULER__MP_START_METHOD"] == "forkserver"


@pytest.fixture
def docs_project(tmp_path, monkeypatch):
    """A project root whose dbt project cannot build: running dbt there fails."""
    dbt_dir = tmp_path / "home" / "dbt_project"
    (dbt_dir / "models").mkdir(parents=True)
    (dbt_dir / "dbt_project.yml").write_text("name: broken\nversion: '1'\nprofile: nowhere\n")
    (dbt_dir / "models" / "m.sql").write_text("select 1 as a\n")
    (dbt_dir / "target").mkdir()
    (dbt_dir / "target" / "manifest.json").write_text(
        json.dumps({"nodes": {"model.broken.m": {"schema": "main"}}, "sources": {}})
    )
    monkeypatch.setenv("SOCIALKPI_HOME", str(tmp_path / "home"))
    settings = Settings.resolve(landing_root=tmp_path / "landing", warehouse_dir=tmp_path / "wh")
    settings.warehouse_dir.mkdir()
    with duckdb.connect(str(settings.warehouse_path)) as con:
        con.execute("create table t (a integer)")
    return settings


def test_docs_inputs_hash_follows_project_files_and_schema(docs_project):
    settings = docs_project
    dbt_dir = settings.dbt_project_dir
    first = dbt_docs_inputs_hash(dbt_dir, settings.warehouse_path)
    assert dbt_docs_inputs_hash(dbt_dir, settings.warehouse_path) == first
    # New rows: same site.
    with duckdb.connect(str(settings.warehouse_path)) as con:
        con.execute("insert into t values (1), (2)")
    assert dbt_docs_inputs_hash(dbt_dir, settings.warehouse_path) == first
    # Tables outside dbt's schemas (the quality results written after the docs): same site.
    with duckdb.connect(str(settings.warehouse_path)) as con:
        con.execute("create schema quality")
        con.execute("create table quality.validation_results (a integer)")
    assert dbt_docs_inputs_hash(dbt_dir, settings.warehouse_path) == first
    # A model edited: another site.
    (dbt_dir / "models" / "m.sql").write_text("select 2 as a\n")
    edited = dbt_docs_inputs_hash(dbt_dir, settings.warehouse_path)
    assert edited != first
    # A column added (a source gaining a format's column): another catalog.
    with duckdb.connect(str(settings.warehouse_path)) as con:
        con.execute("alter table t add column b varchar")
    assert dbt_docs_inputs_hash(dbt_dir, settings.warehouse_path) != edited


def test_docs_step_skips_only_when_nothing_changed(docs_project):
    settings = docs_project
    docs_dir = settings.warehouse_dir / "dbt_docs"
    docs_dir.mkdir()
    (docs_dir / "static_index.html").write_text("<html>site</html>")
    # No record of what the site was made from: dbt runs (and fails on this broken project).
    with pytest.raises(RuntimeError, match="dbt docs generate"):
        dbt_docs_step(settings)
    current = dbt_docs_inputs_hash(settings.dbt_project_dir, settings.warehouse_path)
    (docs_dir / ".project_hash").write_text(current + "\n")
    # Same project and schema: the site is kept, dbt does not run.
    assert dbt_docs_step(settings) == str(docs_dir / "static_index.html")
    # Forced, or after a model changed: dbt runs again.
    with pytest.raises(RuntimeError, match="dbt docs generate"):
        dbt_docs_step(settings, force=True)
    (docs_dir / ".project_hash").write_text(current + "\n")
    (settings.dbt_project_dir / "models" / "m.sql").write_text("select 3 as a\n")
    with pytest.raises(RuntimeError, match="dbt docs generate"):
        dbt_docs_step(settings)
    assert not (docs_dir / ".project_hash").exists(), "a failed generation leaves no record"
