"""The purge alert always logs, and posts to a Slack webhook only when one is configured."""

from __future__ import annotations

import logging
from datetime import date

from socialkpi.alerts import (
    DeadlineMiss,
    TaskFailure,
    alert_failed_warnings,
    format_warning,
    report_url,
    warning_payload,
)
from socialkpi.quality import ExpectationOutcome
from tests.utils import LoopbackWebhook

DROP = ExpectationOutcome(
    suite_name="sudden_follower_drop",
    expectation_type="expect_column_values_to_be_between",
    column_name="followers_relative_change",
    severity="warning",
    success=False,
    element_count=12,
    unexpected_count=1,
    failing_rows=[
        {
            "platform": "tiktok",
            "account_name": "acme",
            "activity_date": "2026-03-09",
            "followers_net_change": -80,
        }
    ],  # fmt: skip
    details={},
)


def bullet_sections(payload: dict) -> list[str]:
    return [
        block["text"]["text"]
        for block in payload["blocks"]
        if block["type"] == "section" and "text" in block and block["text"]["text"].startswith("•")
    ]


def links(payload: dict) -> list[str]:
    return [e["text"] for b in payload["blocks"] if b["type"] == "context" for e in b["elements"]]


def test_alert_is_logged_with_account_day_and_loss_without_webhook(caplog):
    with caplog.at_level(logging.WARNING, logger="socialkpi.alerts"):
        [message] = alert_failed_warnings([DROP], webhook_url=None)
    assert "sudden_follower_drop" in message and "account_name=acme" in message
    assert "followers_net_change=-80" in message
    assert message in caplog.text


def test_alert_is_posted_to_the_configured_slack_webhook():
    webhook = LoopbackWebhook()
    try:
        [message] = alert_failed_warnings([DROP], webhook_url=webhook.url, timeout=5)
    finally:
        webhook.close()
    [payload] = webhook.received
    assert payload["text"] == message
    assert payload["blocks"][0]["text"]["text"] == ":warning: Sudden follower drop"
    [rows] = bullet_sections(payload)
    assert rows == "• *tiktok / acme*: net change -80 followers; 2026-03-09"


def test_unreachable_webhook_does_not_fail_the_run(caplog):
    webhook = LoopbackWebhook()
    port = webhook.server.server_port
    webhook.close()  # nothing listens there any more
    with caplog.at_level(logging.ERROR, logger="socialkpi.alerts"):
        alert_failed_warnings([DROP], webhook_url=f"http://127.0.0.1:{port}/hook", timeout=2)
    assert "could not post alert" in caplog.text


PURGE = ExpectationOutcome(
    suite_name="follower_purge_events",
    expectation_type="expect_column_values_to_be_in_set",
    column_name="alert_status",
    severity="warning",
    success=False,
    element_count=12,
    unexpected_count=1,
    failing_rows=[
        {
            "alert_status": "new",
            "platform": "tiktok",
            "account_name": "Acme",
            "scope": "platform",
            "first_date": "2026-11-19",
            "last_date": "2026-11-19",
            "followers_lost": 1234,
            "loss_pct": 2.5,
            "followers_before": 49360,
            "followers_after": 48126,
        }
    ],  # fmt: skip
    details={},
)


def test_purge_alert_is_block_kit_with_account_amount_days_and_the_report_link(monkeypatch):
    monkeypatch.setenv("SOCIALKPI_REPORT_URL", "https://bi.example/report/index.html")
    payload = warning_payload(PURGE, format_warning(PURGE))
    assert payload["blocks"][0] == {
        "type": "header", "text": {"type": "plain_text", "text": ":warning: New follower purge"},
    }  # fmt: skip
    assert bullet_sections(payload) == [
        "• *tiktok / Acme*: 1,234 followers lost (2.5%); 2026-11-19 "
        "(alert_status new, scope platform, followers_before 49360, followers_after 48126)"
    ]
    assert links(payload) == ["<https://bi.example/report/index.html|KPI report>"]
    assert "account_name=Acme" in payload["text"]  # the plain fallback is the log line


def test_report_link_defaults_to_the_serving_report_file(monkeypatch, tmp_path):
    monkeypatch.delenv("SOCIALKPI_REPORT_URL", raising=False)
    monkeypatch.setenv("SOCIALKPI_WAREHOUSE_DIR", str(tmp_path))
    assert report_url() == (tmp_path / "serving" / "report" / "index.html").as_uri()


def test_many_failing_rows_are_cut_to_twenty_and_counted():
    rows = [dict(PURGE.failing_rows[0], account_name=f"a{i}") for i in range(25)]
    outcome = ExpectationOutcome(**{**PURGE.__dict__, "failing_rows": rows, "unexpected_count": 25})
    [section] = bullet_sections(warning_payload(outcome, "x", link="https://r"))
    assert section.count("•") == 21 and section.endswith("... and 5 more")


def test_task_failure_and_deadline_messages_name_what_where_and_when():
    failure = TaskFailure(
        dag_id="socialkpi_daily", task_id="dbt_build.fct_account_daily_run", run_id="scheduled__x",
        run_day=date(2026, 11, 21), data_interval="2026-11-22T00:00:00+00:00 to same",
        error="CompilationError: boom", log_url="http://af/dags/x/runs/y/tasks/z", try_number=3,
    )  # fmt: skip
    assert failure.text().startswith(
        "[socialkpi] task failed: socialkpi_daily.dbt_build.fct_account_daily_run for run day "
        "2026-11-21"
    )
    payload = failure.payload(link="https://r")
    assert "<http://af/dags/x/runs/y/tasks/z|Task log>" in links(payload)
    miss = DeadlineMiss(
        dag_id="socialkpi_daily", run_id="scheduled__x", run_day=date(2026, 11, 21),
        deadline="06:00 UTC", state="running", run_url="http://af/dags/x/runs/y",
    )  # fmt: skip
    assert "has not succeeded for run day 2026-11-21 by 06:00 UTC" in miss.text()
    assert miss.payload(link="https://r")["blocks"][0]["text"]["text"].startswith(":alarm_clock:")
