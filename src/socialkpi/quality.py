"""Run the Great Expectations suites kept in ``expectations/`` against the warehouse.

Each ``expectations/<name>.py`` module declares one suite as code::

    SUITE_NAME = "fct_account_daily"
    QUERY = "select ... where activity_date >= $window_start"      # $window_start, $window_end
    INDEX_COLUMNS = ["account_key", "activity_date"]             # identify failing rows in results
    def build_expectations(gxe, variables) -> list: ...           # severity "critical" or "warning"

and optionally ``SETUP_SQL`` (DDL run before the query, e.g. a table the query
reads) and ``record_results(con, frame, params, outcomes)``, called in the
transaction that stores the results (e.g. to remember what was alerted). QUERY
may use ``$window_start``, ``$window_end``, ``$run_day`` (the run's data day,
``window_end - 1`` by default) and any variable (``$max_quarantined_source_share``).

Why pandas and not GX's SQL datasource: on DuckDB, GX 1.24's SQL route errors on
every metric (it fetches after the connection closed; see the stack notes), so
the rows are computed by DuckDB and handed to GX as a DataFrame.

Every expectation result is appended to ``quality.validation_results`` in the
warehouse (for BI), which the run report's data-quality page shows
(:mod:`socialkpi.report`). GX Data Docs are not built: they load Bootstrap, jQuery
and Vega from CDNs (blank offline) and showed ``NaT`` and ``__none__``.

A failed **critical** expectation raises
:class:`CriticalChecksFailed` after the results are stored; failed **warning**
expectations are returned for the caller to alert on and never fail the run.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import ModuleType

import duckdb
import numpy as np
import pandas as pd

from socialkpi.alert_ledger import ALERT_POLICY
from socialkpi.config import duckdb_config
from socialkpi.faults import pause_point

log = logging.getLogger(__name__)

RESULTS_DDL = """
create table if not exists quality.validation_results (
    run_id varchar not null,
    validated_at timestamp not null,
    window_start date,
    window_end date,
    suite_name varchar not null,
    expectation_type varchar not null,
    column_name varchar,
    severity varchar not null,
    success boolean not null,
    element_count bigint,
    unexpected_count bigint,
    failing_rows json,
    details json
)
"""

DEFAULT_VARIABLES = {
    # Largest tolerated share of quarantined sources among all sources of the run history.
    "max_quarantined_source_share": 0.2,
    # When a purge alerts again or waits a day: socialkpi.alert_ledger owns the alert policy.
    **ALERT_POLICY,
    # expectations/account_staleness.py: an account whose newest export is this many days
    # older than the run day (or more) is stale (SOCIALKPI_STALE_ACCOUNT_DAYS).
    "stale_account_days": 3,
}


class CriticalChecksFailed(Exception):
    """At least one critical expectation failed; the message lists them."""


@dataclass
class ExpectationOutcome:
    suite_name: str
    expectation_type: str
    column_name: str | None
    severity: str
    success: bool
    element_count: int | None
    unexpected_count: int | None
    failing_rows: list
    details: dict


@dataclass
class QualityReport:
    run_id: str
    outcomes: list[ExpectationOutcome] = field(default_factory=list)

    @property
    def failed_critical(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success and o.severity == "critical"]

    @property
    def failed_warnings(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success and o.severity == "warning"]


def load_suite_modules(expectations_dir: Path) -> list[ModuleType]:
    """Import every suite module in ``expectations/`` (files not starting with ``_``)."""
    modules = []
    for path in sorted(Path(expectations_dir).glob("*.py")):
        if path.name.startswith("_"):
            continue
        spec = importlib.util.spec_from_file_location(f"socialkpi_expectations_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for required in ("SUITE_NAME", "QUERY", "build_expectations"):
            if not hasattr(module, required):
                raise ValueError(f"{path} does not define {required}")
        modules.append(module)
    return modules


def run_quality_checks(
    warehouse_path: Path,
    expectations_dir: Path,
    gx_dir: Path,
    run_id: str,
    window_start: date,
    window_end: date,
    variables: dict | None = None,
    raise_on_critical: bool = True,
    run_day: date | None = None,
) -> QualityReport:
    """Validate every suite, store the results, then enforce critical checks.

    ``run_day`` is the data day the run loads (default: the last day of the window); suites
    that remember what they reported (the purge alert ledger) key it by this day, so a
    re-run of the same day gives the same outcome.
    """
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    import great_expectations.expectations as gxe

    variables = {**DEFAULT_VARIABLES, **(variables or {})}
    modules = load_suite_modules(expectations_dir)
    run_day = run_day if run_day is not None else window_end - timedelta(days=1)
    params = {
        **variables,
        "window_start": window_start,
        "window_end": window_end,
        "run_day": run_day,
    }

    setups = [module.SETUP_SQL for module in modules if getattr(module, "SETUP_SQL", None)]
    if setups:
        with duckdb.connect(str(warehouse_path), config=duckdb_config()) as con:
            for setup in setups:
                con.execute(setup)
    frames = {}
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        for module in modules:
            frames[module.SUITE_NAME] = con.execute(
                module.QUERY, _query_parameters(module.QUERY, params)
            ).df()

    gx_dir.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(mode="file", project_root_dir=str(gx_dir))
    datasource = context.data_sources.add_or_update_pandas("warehouse")
    report = QualityReport(run_id=run_id)
    for module in modules:
        name = module.SUITE_NAME
        index_columns = list(getattr(module, "INDEX_COLUMNS", []))
        asset = _get_or_add(datasource.get_asset, datasource.add_dataframe_asset, name)
        batch = _get_or_add(
            asset.get_batch_definition, asset.add_batch_definition_whole_dataframe, "whole"
        )
        suite = context.suites.add_or_update(
            gx.ExpectationSuite(name=name, expectations=module.build_expectations(gxe, variables))
        )
        validation = context.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=f"{name}__validation", data=batch, suite=suite)
        )
        result_format = {"result_format": "COMPLETE"}
        if index_columns:
            result_format["unexpected_index_column_names"] = index_columns
        checkpoint = context.checkpoints.add_or_update(
            gx.Checkpoint(
                name=f"{name}__checkpoint",
                validation_definitions=[validation],
                actions=[],
                result_format=result_format,
            )
        )
        result = checkpoint.run(batch_parameters={"dataframe": frames[name]}, run_id=None)
        for validation_result in result.run_results.values():
            for expectation_result in validation_result.results:
                report.outcomes.append(
                    _outcome(name, expectation_result, frames[name], index_columns)
                )

    pause_point("quality.validated")
    _store_results(warehouse_path, report, window_start, window_end, modules, frames, params)
    for outcome in report.failed_warnings:
        log.warning(
            "WARNING check failed: %s.%s on %s: %s row(s)", outcome.suite_name,
            outcome.expectation_type, outcome.column_name, outcome.unexpected_count,
        )  # fmt: skip
    pause_point("quality.results_stored")
    if raise_on_critical and report.failed_critical:
        raise CriticalChecksFailed(
            "critical data-quality checks failed: "
            + "; ".join(
                f"{o.suite_name}.{o.expectation_type}({o.column_name or ''}) "
                f"unexpected={o.unexpected_count}"
                for o in report.failed_critical
            )
        )
    return report


def _query_parameters(query: str, params: dict) -> dict:
    """The named parameters (``$name``) the query uses; DuckDB rejects unused ones."""
    used = set(re.findall(r"\$([A-Za-z_]\w*)", query))
    missing = used - params.keys()
    if missing:
        raise ValueError(f"query uses unknown parameter(s): {sorted(missing)}")
    return {name: params[name] for name in used}


def _get_or_add(getter, adder, name):
    try:
        return getter(name)
    except (KeyError, LookupError, ValueError) as exc:
        log.debug("creating GX object %s (%s)", name, exc)
        return adder(name)


def _outcome(suite_name, expectation_result, frame, index_columns) -> ExpectationOutcome:
    config = expectation_result.expectation_config
    result = expectation_result.result or {}
    severity = getattr(config, "severity", None)
    severity = getattr(severity, "value", severity) or "critical"
    failing_rows = []
    if not expectation_result.success:
        for item in (result.get("unexpected_index_list") or [])[:200]:
            failing_rows.append(_jsonable(item))
    details = {
        "kwargs": _jsonable({k: v for k, v in config.kwargs.items() if k != "batch_id"}),
        "observed_value": _jsonable(result.get("observed_value")),
        "partial_unexpected_list": _jsonable((result.get("partial_unexpected_list") or [])[:20]),
        "exception": _jsonable(expectation_result.exception_info)
        if not expectation_result.success
        else None,
    }
    return ExpectationOutcome(
        suite_name=suite_name,
        expectation_type=config.type,
        column_name=config.kwargs.get("column"),
        severity=str(severity).lower(),
        success=bool(expectation_result.success),
        element_count=result.get("element_count", len(frame)),
        unexpected_count=result.get("unexpected_count"),
        failing_rows=failing_rows,
        details=details,
    )


def _jsonable(value):
    return json.loads(json.dumps(value, default=_json_value))


def _json_value(value):
    """A JSON value for what json cannot write. DuckDB DATE columns reach GX as
    midnight timestamps in the DataFrame: written back as dates ("2026-11-19");
    pandas' missing values (NaT, NA) as null and numpy numbers as numbers, so that
    alerts and quality.validation_results read like the warehouse."""
    if value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, datetime) and value.tzinfo is None:
        if value.time() == datetime.min.time():
            return value.date().isoformat()
    return str(value)


def _store_results(
    warehouse_path: Path,
    report: QualityReport,
    window_start: date,
    window_end: date,
    modules: list[ModuleType] = (),
    frames: dict | None = None,
    params: dict | None = None,
) -> None:
    validated_at = datetime.now(UTC).replace(tzinfo=None)
    with duckdb.connect(str(warehouse_path), config=duckdb_config()) as con:
        con.execute("create schema if not exists quality")
        con.execute(RESULTS_DDL)
        con.execute("begin transaction")
        # Re-running a day (the same run, or a new run of that day after a failed or killed
        # attempt) replaces that day's results instead of adding a second copy: a day's checks
        # are known by their window.
        con.execute(
            "delete from quality.validation_results where run_id = ? "
            "or (window_start = ? and window_end = ?)",
            [report.run_id, window_start, window_end],
        )
        con.executemany(
            "insert into quality.validation_results values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                [report.run_id, validated_at, window_start, window_end, o.suite_name,
                 o.expectation_type, o.column_name, o.severity, o.success, o.element_count,
                 o.unexpected_count, json.dumps(o.failing_rows), json.dumps(o.details)]
                for o in report.outcomes
            ],
        )  # fmt: skip
        for module in modules:
            if hasattr(module, "record_results"):
                module.record_results(
                    con,
                    frames[module.SUITE_NAME],
                    {**(params or {}), "run_id": report.run_id, "validated_at": validated_at},
                    [o for o in report.outcomes if o.suite_name == module.SUITE_NAME],
                )
        pause_point("quality.before_commit")
        con.execute("commit")
