"""Alerts for failed warning checks (sudden follower drops, purges).

Always logs one clear message per failed warning check, naming the accounts,
days and follower losses. The purge check fails only for purge events no
earlier run reported (``alert_status=new``, or ``grown`` once when a reported
purge has at least doubled), so a purge alerts once, not on every morning of
the lookback (see ``expectations/follower_purge_events.py``). Also posts each
message to a Slack incoming webhook when one is configured (an Airflow
Connection whose host or password holds the webhook URL, resolved by the caller
and passed here as ``webhook_url``).
"""

from __future__ import annotations

import json
import logging
import urllib.request

from socialkpi.quality import ExpectationOutcome

log = logging.getLogger(__name__)


def format_warning(outcome: ExpectationOutcome) -> str:
    """A human sentence for one failed warning check, with the failing rows."""
    lines = [
        f"[socialkpi] warning check {outcome.suite_name} failed: "
        f"{outcome.unexpected_count} of {outcome.element_count} row(s) unexpected "
        f"({outcome.expectation_type} on {outcome.column_name})."
    ]
    for row in outcome.failing_rows[:20]:
        lines.append("  - " + ", ".join(f"{key}={value}" for key, value in row.items()))
    if len(outcome.failing_rows) > 20:
        lines.append(f"  ... and {len(outcome.failing_rows) - 20} more")
    return "\n".join(lines)


def alert_failed_warnings(
    outcomes: list[ExpectationOutcome], webhook_url: str | None = None, timeout: float = 10.0
) -> list[str]:
    """Log (and post, when a webhook is configured) one message per failed warning check."""
    messages = [format_warning(outcome) for outcome in outcomes]
    for message in messages:
        log.warning("%s", message)
        if webhook_url:
            _post_to_slack(webhook_url, message, timeout)
    return messages


def _post_to_slack(webhook_url: str, message: str, timeout: float) -> None:
    request = urllib.request.Request(
        webhook_url,
        data=json.dumps({"text": message}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (URL from a Connection)
            log.info("posted alert to Slack webhook (HTTP %s)", response.status)
    except OSError as exc:
        # An unreachable Slack must not fail the pipeline: the log above already carries the alert.
        log.error("could not post alert to Slack webhook: %s", exc)
