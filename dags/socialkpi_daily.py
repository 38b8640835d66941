"""
### socialkpi_daily

Daily chain for the Social KPI Warehouse, one run per export day:

1. `ingest_landed_exports`: load every landed export up to the run's day that
   the manifest has not seen (idempotent; bad files and rows quarantined).
2. `source_freshness`: `dbt source freshness` on the raw tables, results in
   `quality.source_freshness`; stale tables are a warning (alerted), never a failure.
3. `dbt_build` (Cosmos `DbtBuildLocalOperator`): one `dbt build` of the whole
   project (models, seeds, their data tests; unit tests run in CI, not daily).
   `dbt_models.<layer>.<model>` show each model's outcome (its tests included);
   the triggerer ends them, no worker runs them.
4. `dbt_docs`: `dbt docs generate --static`, published with the warehouse.
5. `quality_checks`: the Great Expectations suites in `expectations/`;
   critical failures fail the run, warning failures (new follower purge events,
   accounts whose exports stopped arriving) are recorded and alerted.
6. `publish_warehouse`: atomically swap in the serving copy BI tools read, and
   publish the run report (`serving/report/index.html`) and dbt docs beside it.

Every task that writes the DuckDB warehouse runs in the one-slot pool
`duckdb_writer`, because DuckDB allows a single writing process per file.
Locations come from `SOCIALKPI_LANDING_ROOT` / `SOCIALKPI_WAREHOUSE_DIR`
(defaults under the repo). Every task's failure is logged and alerted
(`on_failure_callback`), and a deadline alert fires when the run has not
succeeded by `SOCIALKPI_DEADLINE` (UTC, default 06:00); alerts go to Slack when
the Airflow Connection `socialkpi_slack` exists.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Asset, dag, task

from socialkpi.orchestration import (
    DEFAULT_ARGS,
    WRITER_POOL,
    dag_schedule,
    dbt_build_operator,
    dbt_docs_task_body,
    dbt_status_group,
    deadline_alert,
    ingest_task_body,
    publish_task_body,
    quality_task_body,
    source_freshness_task_body,
)

RAW_EXPORTS = Asset("socialkpi://warehouse/raw")
SERVING_WAREHOUSE = Asset("socialkpi://warehouse/serving")


@dag(
    dag_id="socialkpi_daily",
    schedule=dag_schedule(),
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    deadline=deadline_alert(),
    tags=["socialkpi", "ingest", "dbt", "quality"],
    doc_md=__doc__,
)
def socialkpi_daily():
    @task(pool=WRITER_POOL, outlets=[RAW_EXPORTS])
    def ingest_landed_exports(**context) -> dict:
        return ingest_task_body(context)

    @task(pool=WRITER_POOL)
    def source_freshness(**context) -> dict:
        return source_freshness_task_body(context)

    dbt_build = dbt_build_operator("dbt_build")

    @task(pool=WRITER_POOL)
    def dbt_docs(**context) -> str:
        return dbt_docs_task_body(context)

    @task(pool=WRITER_POOL)
    def quality_checks(**context) -> dict:
        return quality_task_body(context)

    @task(pool=WRITER_POOL, outlets=[SERVING_WAREHOUSE])
    def publish_warehouse(**context) -> dict:
        return publish_task_body(context)

    (
        ingest_landed_exports()
        >> source_freshness()
        >> dbt_build
        >> dbt_docs()
        >> quality_checks()
        >> publish_warehouse()
    )
    dbt_build >> dbt_status_group("dbt_models", producer_task_id=dbt_build.task_id)


socialkpi_daily()
