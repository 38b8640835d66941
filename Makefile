# Social KPI Warehouse: the two commands are `make demo` and `make test`.
# Both create the virtualenv and install the locked dependencies on first use.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8

# Embedded defaults: DuckDB file and SQLite Airflow metadata under the repo, no servers.
export SOCIALKPI_HOME := $(CURDIR)
export SOCIALKPI_LANDING_ROOT ?= $(CURDIR)/data/landing
export SOCIALKPI_WAREHOUSE_DIR ?= $(CURDIR)/warehouse
export SOCIALKPI_WAREHOUSE_PATH := $(SOCIALKPI_WAREHOUSE_DIR)/socialkpi.duckdb
export SOCIALKPI_TRUTH_DIR ?= $(CURDIR)/data/truth
export AIRFLOW_HOME ?= $(CURDIR)/.airflow
export AIRFLOW__CORE__DAGS_FOLDER := $(CURDIR)/dags
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export AIRFLOW__CORE__PLUGINS_FOLDER := $(CURDIR)/plugins
export AIRFLOW__COSMOS__ENABLE_TELEMETRY := False
export AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT := 120
# Per-deployment Cosmos cache (dbt's partial-parse file); the default under the system temp
# folder is shared by every checkout, whose other warehouse path makes dbt re-parse in every task.
export AIRFLOW__COSMOS__CACHE_DIR ?= $(AIRFLOW_HOME)/cosmos
# Under the scheduler, task processes are forked from workers that already imported Cosmos and
# dbt (socialkpi.orchestration.PRELOADED_MODULES): about 4 s less per task.
export AIRFLOW__SCHEDULER__MP_START_METHOD ?= forkserver
export AIRFLOW__SCHEDULER__MP_FORKSERVER_PRELOAD ?= socialkpi.orchestration,cosmos,cosmos.operators.local,dbt.cli.main,dbt.adapters.duckdb,socialkpi.pipeline
export DBT_SEND_ANONYMOUS_USAGE_STATS := False
export GX_ANALYTICS_ENABLED := False
export DO_NOT_TRACK := 1

# Demo world: accounts and days of history, ending on DEMO_END (the run's day).
DEMO_SEED ?= 7
DEMO_ACCOUNTS ?= 12
DEMO_DAYS ?= 90
DEMO_END ?= 2026-11-20
# The generator's last download day is END+1 (an export covers days up to the day before it
# is downloaded), and the daily run at midnight T loads the exports downloaded on T-1.
DEMO_RUN_AT ?= 2026-11-22
# A platform-wide TikTok purge two days before the run, for the warning check and alert to show.
DEMO_PURGES ?= --purge tiktok:2026-11-19:1 --purge instagram:2026-10-02:2
# Port of the UI (`make ui`).
UI_PORT ?= 8080

# Fail fast in the demo and the tests instead of waiting for retries.
demo test: export SOCIALKPI_TASK_RETRIES = 0

.PHONY: help setup airflow-init dbt-parse browser demo test lint ui lock clean

help:
	@echo "make demo   - set up, generate sample exports, run the real Airflow DAG, print the summary"
	@echo "make test   - set up and run the whole test suite (lint included)"
	@echo "make ui     - start the Airflow UI (airflow standalone) on the same home, UI_PORT=8080"

$(BIN)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

setup: $(BIN)/.installed

# Airflow's metadata DB (SQLite) migrated, and the one-slot pool that serialises DuckDB writers.
$(AIRFLOW_HOME)/.initialised: $(BIN)/.installed
	mkdir -p $(AIRFLOW_HOME)
	$(BIN)/airflow db migrate > $(AIRFLOW_HOME)/migrate.log 2>&1 || { cat $(AIRFLOW_HOME)/migrate.log; exit 1; }
	$(BIN)/airflow pools set duckdb_writer 1 "DuckDB allows one writing process per file" > /dev/null
	touch $@

airflow-init: $(AIRFLOW_HOME)/.initialised

# Cosmos renders the DAG from dbt's manifest (fast parsing); refresh it whenever models change.
# Same --profile/--target as Cosmos passes, so the first model task partial-parses from it too.
dbt-parse: setup
	cd dbt_project && $(BIN)/dbt parse --quiet --profiles-dir . --profile socialkpi --target duckdb

demo: airflow-init dbt-parse
	rm -rf $(SOCIALKPI_LANDING_ROOT) $(SOCIALKPI_TRUTH_DIR) $(SOCIALKPI_WAREHOUSE_DIR)
	$(BIN)/socialkpi generate --seed $(DEMO_SEED) --accounts $(DEMO_ACCOUNTS) --days $(DEMO_DAYS) \
		--end-date $(DEMO_END) $(DEMO_PURGES) --landing $(SOCIALKPI_LANDING_ROOT) --truth $(SOCIALKPI_TRUTH_DIR)
	$(BIN)/socialkpi run-dag socialkpi_daily --logical-date $(DEMO_RUN_AT) > $(AIRFLOW_HOME)/demo-run.log 2>&1 \
		|| { tail -n 40 $(AIRFLOW_HOME)/demo-run.log; echo "DAG run failed: $(AIRFLOW_HOME)/demo-run.log, task logs in $(AIRFLOW_HOME)/logs, components' in $(AIRFLOW_HOME)/logs/run-dag"; exit 1; }
	@grep -vE "^ +(queued|running):" $(AIRFLOW_HOME)/demo-run.log | tail -n 3 | sed 's/^/  /'
	@echo
	$(BIN)/socialkpi summary

lint: setup
	$(BIN)/ruff check src dags plugins tests bench expectations
	$(BIN)/ruff format --check src dags plugins tests bench expectations
	$(BIN)/sqlfluff lint dbt_project/models dbt_project/macros --disable-progress-bar --nocolor

# Test folders run side by side, one folder per worker (tests/conftest.py): 2 workers by
# default (CI's 2 cores), TEST_WORKERS=0 runs everything in this one process.
TEST_WORKERS ?= 2

# Headless Chromium from Debian's packages for the report's browser tests (tests/report) and
# screenshots; installed when missing and apt-get is at hand (as root, or through sudo).
CHROMIUM ?= /usr/bin/chromium
browser:
	@if [ -x $(CHROMIUM) ]; then exit 0; fi; \
	sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	if command -v apt-get > /dev/null; then \
		echo "installing Debian's chromium (browser tests)"; \
		$$sudo apt-get update -qq > /dev/null && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends chromium > /dev/null \
		|| echo "WARNING: could not install chromium: the browser tests will be skipped"; \
	else echo "WARNING: no $(CHROMIUM) and no apt-get: the browser tests will be skipped"; fi

test: airflow-init dbt-parse lint browser
	$(BIN)/pytest -q $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS))

# `airflow standalone` starts its components as a bare `airflow`: the venv goes first on PATH.
ui: airflow-init dbt-parse
	@echo "Airflow UI: http://localhost:$(UI_PORT)  user admin, password in"
	@echo "  $(AIRFLOW_HOME)/simple_auth_manager_passwords.json.generated (written when it starts)"
	@echo "  run report and dbt docs: menu Browse (plugin plugins/socialkpi_views.py)"
	PATH="$(BIN):$$PATH" AIRFLOW__API__PORT=$(UI_PORT) AIRFLOW__API__BASE_URL=http://localhost:$(UI_PORT) \
		$(BIN)/airflow standalone

lock: setup
	$(BIN)/uv pip compile requirements.in --python-version 3.11 -o requirements.lock

clean:
	rm -rf data warehouse .airflow dbt_project/target dbt_project/logs
