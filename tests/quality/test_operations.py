"""The Airflow-facing alert glue: the error's first line, the deadline setting, the deadline
callback as the scheduler calls it (its context), all without a running Airflow."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from socialkpi.orchestration import (
    deadline_alert,
    deadline_interval,
    deadline_missed_callback,
    first_line,
)


def test_first_line_of_an_error_names_its_type():
    assert first_line(RuntimeError("dbt failed:\n  line two")) == "RuntimeError: dbt failed:"
    assert first_line(KeyError("x")) == "KeyError: 'x'"
    assert first_line(ValueError()) == "ValueError"
    assert first_line(None).startswith("unknown error")


def test_deadline_setting_is_a_utc_hour(monkeypatch):
    monkeypatch.delenv("SOCIALKPI_DEADLINE", raising=False)
    assert deadline_interval() == timedelta(hours=6)
    assert deadline_interval("07:30") == timedelta(hours=7, minutes=30)
    assert deadline_interval("30:00") == timedelta(hours=30)
    for bad in ("6h", "00:00", "06:75", "+90"):
        with pytest.raises(ValueError, match="SOCIALKPI_DEADLINE"):
            deadline_interval(bad)


def test_deadline_callback_logs_the_missed_run_from_the_scheduler_context(capfd, caplog):
    context = {
        "dag_run": {"dag_id": "socialkpi_daily", "dag_run_id": "scheduled__2026-11-22T00:00:00+00:00",
                    "data_interval_end": "2026-11-22T00:00:00Z", "state": "running",
                    "run_type": "scheduled"},
        "deadline": {"id": "d1", "deadline_time": "2026-11-22T06:00:00+00:00"},
    }  # fmt: skip
    # Once Airflow's structlog setup ran (another test imported it), the log goes to the
    # terminal, not to caplog: read both.
    with caplog.at_level(logging.ERROR, logger="socialkpi.alerts"):
        deadline_missed_callback(context=context, deadline="06:00")
    out, err = capfd.readouterr()
    out += caplog.text
    assert "deadline missed: socialkpi_daily has not succeeded for run day 2026-11-21" in out + err
    assert "(run scheduled__2026-11-22T00:00:00+00:00, state running)" in out + err


def test_the_deadline_alert_is_left_out_only_under_airflow_dags_test():
    # apache/airflow#73428: dag.test() fails a successful run of a DAG with a deadline.
    assert deadline_alert(["airflow", "dags", "test", "socialkpi_daily", "2026-03-07"]) is None
    assert deadline_alert(["airflow", "-v", "dags", "test", "socialkpi_daily"]) is None
    for argv in (["airflow", "scheduler"], ["airflow", "dag-processor"], ["pytest"]):
        alert = deadline_alert(argv)
        assert alert is not None and alert.interval == timedelta(hours=6), argv
