"""A failing task logs one clear line and posts its Block Kit alert to Slack (a loopback webhook).

Fast: ``airflow dags test`` of the real DAG whose first task fails at once (the warehouse
folder is a file), so nothing else runs.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.airflow.conftest import BIN

pytestmark = pytest.mark.airflow


def test_a_failing_task_is_logged_and_alerted_with_dag_task_day_error_and_log_url(
    deployment, webhook
):
    deployment.warehouse_dir.write_text("not a folder")  # the ingest cannot create its DuckDB
    env = {**deployment.env, **webhook.connection_env}
    result = subprocess.run(
        [BIN / "airflow", "dags", "test", "socialkpi_daily", "2026-03-07"],
        env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    log = result.stdout + result.stderr
    assert "state=failed" in log or result.returncode != 0, log[-4000:]

    [line] = [
        text for text in log.splitlines() if "[socialkpi] task failed: socialkpi_daily." in text
    ]
    assert "socialkpi_daily.ingest_landed_exports for run day 2026-03-06" in line
    # The exception's type and first line (the warehouse path is a file: FileExistsError).
    assert re.search(r"try 1\): \w+Error: \S", line), line
    assert "/dags/socialkpi_daily/runs/" in line and "/tasks/ingest_landed_exports" in line

    # One alert: downstream tasks never ran (upstream_failed), so they send none.
    [message] = webhook.received
    assert webhook.headers() == [":x: Task failed: ingest_landed_exports"]
    assert message["text"] in line
    fields = {
        field["text"].split("\n")[0].strip("*"): field["text"].split("\n", 1)[1]
        for block in message["blocks"] if "fields" in block
        for field in block["fields"]
    }  # fmt: skip
    assert fields["DAG"] == "socialkpi_daily" and fields["Task"] == "ingest_landed_exports"
    assert fields["Run day"] == "2026-03-06"
    links = [e["text"] for b in message["blocks"] if b["type"] == "context" for e in b["elements"]]
    assert any("/tasks/ingest_landed_exports" in link and "|Task log>" in link for link in links)
    assert any("report/index.html|KPI report>" in link for link in links)
