"""Alerts: failed warning checks (follower purges, unfollow waves, data glitches, stale
accounts), failed tasks, missed deadlines.

Unfollow waves read as the brand needs them (followers lost, unfollows, the posts of the
day before); data glitches as a data-quality warning naming the file.

Always logs one clear message per alert, naming what happened, which account or
task, and how much. The purge check fails only for purge events no earlier run
reported (``alert_status=new``, or ``grown`` once when a reported purge has at
least doubled), so a purge alerts once, not on every morning of the lookback
(see ``expectations/follower_purge_events.py``). Also posts each message to a
Slack incoming webhook when one is configured (an Airflow Connection whose host
or password holds the webhook URL, resolved by the caller and passed here as
``webhook_url``), as Block Kit: a header (what), one line per account (which,
how much, which days) and links (the KPI report, the Airflow log). The plain
text of the log line is the message's ``text`` (Slack's fallback for
notifications).
"""

from __future__ import annotations

import json
import logging
import os
import urllib.request
from dataclasses import dataclass
from datetime import date

from socialkpi.quality import ExpectationOutcome

log = logging.getLogger(__name__)

# Slack Block Kit limits: header text 150 characters, section text 3000, 50 blocks.
_HEADER_LIMIT = 150
_SECTION_LIMIT = 2900
_MAX_ROWS = 20

# What a failed warning suite means, for the message header.
SUITE_TITLES = {
    "follower_purge_events": "New follower purge",
    "account_staleness": "Exports stopped arriving",
    "sudden_follower_drop": "Sudden follower drop",
    "unfollow_wave_events": "Unfollow wave (bad buzz)",
    "follower_data_glitches": "Data-quality warning: a follower total is a glitch",
}


def report_url() -> str:
    """Where the KPI report is read: ``SOCIALKPI_REPORT_URL``, else the serving copy's file."""
    if url := os.environ.get("SOCIALKPI_REPORT_URL"):
        return url
    from socialkpi.config import Settings

    return (Settings.resolve().serving_dir / "report" / "index.html").as_uri()


def _unfollow_wave(row: dict) -> str:
    posts = row.get("posts_day_before") or "none published"
    return (
        f"[socialkpi] unfollow wave: {row.get('account_name')} ({row.get('platform')}) lost "
        f"{_number(row.get('followers_lost'))} followers ({row.get('loss_pct')}% of its audience) "
        f"from {row.get('first_date')} to {row.get('last_date')}"
        + (f", {_number(row['losses'])} unfollows" if row.get("losses") is not None else "")
        + f". Posts of the day before: {posts}."
    )


def _data_glitch(row: dict) -> str:
    return (
        f"[socialkpi] data-quality warning: the follower total of {row.get('account_name')} "
        f"({row.get('platform')}) for {row.get('first_date')} in {row.get('glitch_source_file')} "
        f"reads {_number(row.get('glitch_reported_total'))}, the neighbouring days about "
        f"{_number(row.get('followers_before'))} ({row.get('detector_kind')}): kept out of growth, "
        "engagement rates and purge KPIs; check or re-download the file."
    )


# Warning checks whose failing rows each get their own sentence (one per event).
EVENT_SENTENCES = {"unfollow_wave_events": _unfollow_wave, "follower_data_glitches": _data_glitch}


def format_warning(outcome: ExpectationOutcome) -> str:
    """A human sentence for one failed warning check, with the failing rows (unfollow waves
    and data glitches: one sentence per event)."""
    sentence = EVENT_SENTENCES.get(outcome.suite_name)
    if sentence is not None:
        return "\n".join(sentence(row) for row in outcome.failing_rows)
    lines = [
        f"[socialkpi] warning check {outcome.suite_name} failed: "
        f"{outcome.unexpected_count} of {outcome.element_count} row(s) unexpected "
        f"({outcome.expectation_type} on {outcome.column_name})."
    ]
    for row in outcome.failing_rows[:_MAX_ROWS]:
        lines.append("  - " + ", ".join(f"{key}={value}" for key, value in row.items()))
    if len(outcome.failing_rows) > _MAX_ROWS:
        lines.append(f"  ... and {len(outcome.failing_rows) - _MAX_ROWS} more")
    return "\n".join(lines)


def warning_payload(outcome: ExpectationOutcome, text: str, link: str | None = None) -> dict:
    """The Slack Block Kit message of one failed warning check: what, which account, how much."""
    title = SUITE_TITLES.get(outcome.suite_name, f"Warning check {outcome.suite_name} failed")
    sentence = EVENT_SENTENCES.get(outcome.suite_name)
    rows = [
        sentence(row).removeprefix("[socialkpi] ") if sentence else describe_row(row)
        for row in outcome.failing_rows[:_MAX_ROWS]
    ]
    if len(outcome.failing_rows) > _MAX_ROWS:
        rows.append(f"... and {len(outcome.failing_rows) - _MAX_ROWS} more")
    summary = (
        f"*{outcome.unexpected_count}* of {outcome.element_count} row(s) of check "
        f"`{outcome.suite_name}` need a look (warning: the run went on)."
    )
    return slack_payload(
        title=f":warning: {title}",
        summary=summary,
        lines=rows,
        links=[("KPI report", link or report_url())],
        text=text,
    )


def describe_row(row: dict) -> str:
    """One line per failing row: *platform / account*: how much, which days (status)."""
    row = dict(row)
    who = " / ".join(str(row.pop(key)) for key in ("platform", "account_name") if row.get(key))
    amounts = []
    if row.get("followers_lost") is not None:
        lost = row.pop("followers_lost")
        pct = row.pop("loss_pct", None)
        amounts.append(
            f"{_number(lost)} followers lost" + (f" ({pct}%)" if pct is not None else "")
        )
    if row.get("followers_net_change") is not None:
        amounts.append(
            f"net change {_number(row.pop('followers_net_change'), sign=True)} followers"
        )
    if row.get("days_without_export") is not None:
        amounts.append(f"no export for {_number(row.pop('days_without_export'))} day(s)")
    if row.get("last_export_date"):
        amounts.append(f"last export {row.pop('last_export_date')}")
    first, last = row.pop("first_date", None), row.pop("last_date", None)
    if first:
        amounts.append(f"{first}" if last in (None, first) else f"{first} to {last}")
    if row.get("activity_date"):
        amounts.append(str(row.pop("activity_date")))
    extras = ", ".join(
        f"{key} {value}"
        for key, value in row.items()
        if key in ("alert_status", "scope", "followers_before", "followers_after")
        and value is not None
    )
    line = f"*{who or 'all accounts'}*: " + ("; ".join(amounts) if amounts else "see the report")
    return line + (f" ({extras})" if extras else "")


@dataclass(frozen=True)
class TaskFailure:
    """What a failed task's alert says."""

    dag_id: str
    task_id: str
    run_id: str
    run_day: date | None
    data_interval: str
    error: str
    log_url: str
    try_number: int | None = None

    def text(self) -> str:
        return (
            f"[socialkpi] task failed: {self.dag_id}.{self.task_id} for run day {self.run_day} "
            f"(data interval {self.data_interval}, run {self.run_id}, try {self.try_number}): "
            f"{self.error} | log: {self.log_url}"
        )

    def payload(self, link: str | None = None) -> dict:
        return slack_payload(
            title=f":x: Task failed: {self.task_id}",
            summary=f"*{self.dag_id}* run day *{self.run_day}*: `{self.error}`",
            fields=[
                ("DAG", self.dag_id),
                ("Task", self.task_id),
                ("Run day", str(self.run_day)),
                ("Data interval", self.data_interval),
                ("Run", self.run_id),
                ("Try", str(self.try_number)),
            ],
            links=[("Task log", self.log_url), ("KPI report", link or report_url())],
            text=self.text(),
        )


@dataclass(frozen=True)
class DeadlineMiss:
    """What a missed-deadline alert says."""

    dag_id: str
    run_id: str
    run_day: date | None
    deadline: str
    state: str
    run_url: str

    def text(self) -> str:
        return (
            f"[socialkpi] deadline missed: {self.dag_id} has not succeeded for run day "
            f"{self.run_day} by {self.deadline} (run {self.run_id}, state {self.state}) "
            f"| run: {self.run_url}"
        )

    def payload(self, link: str | None = None) -> dict:
        return slack_payload(
            title=f":alarm_clock: Daily run late: {self.dag_id}",
            summary=(
                f"The run for *{self.run_day}* has not succeeded by *{self.deadline}* "
                f"(state: {self.state}). Today's KPIs are not published yet."
            ),
            fields=[
                ("DAG", self.dag_id),
                ("Run day", str(self.run_day)),
                ("Deadline", self.deadline),
                ("Run", self.run_id),
            ],  # fmt: skip
            links=[("Airflow run", self.run_url), ("KPI report", link or report_url())],
            text=self.text(),
        )


def slack_payload(
    title: str,
    summary: str,
    text: str,
    lines: list[str] = (),
    fields: list[tuple[str, str]] = (),
    links: list[tuple[str, str]] = (),
) -> dict:
    """A Slack Block Kit message; ``text`` is the notification fallback (the log line)."""
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": title[:_HEADER_LIMIT]}},
        {"type": "section", "text": {"type": "mrkdwn", "text": summary[:_SECTION_LIMIT]}},
    ]
    if fields:
        blocks.append(
            {
                "type": "section",
                "fields": [
                    {"type": "mrkdwn", "text": f"*{name}*\n{value}"[:_SECTION_LIMIT]}
                    for name, value in list(fields)[:10]
                ],
            }
        )
    chunk: list[str] = []
    for line in lines:
        if sum(len(item) + 3 for item in chunk) + len(line) > _SECTION_LIMIT:
            blocks.append(_bullets(chunk))
            chunk = []
        chunk.append(line)
    if chunk:
        blocks.append(_bullets(chunk))
    if links:
        blocks.append(
            {
                "type": "context",
                "elements": [
                    {"type": "mrkdwn", "text": f"<{url}|{label}>"} for label, url in links if url
                ],
            }
        )
    return {"text": text, "blocks": blocks}


def _bullets(lines: list[str]) -> dict:
    return {
        "type": "section",
        "text": {"type": "mrkdwn", "text": "\n".join(f"• {x}" for x in lines)},
    }


def _number(value, sign: bool = False) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if number.is_integer():
        return f"{int(number):+,}" if sign else f"{int(number):,}"
    return f"{number:+,.2f}" if sign else f"{number:,.2f}"


def alert_failed_warnings(
    outcomes: list[ExpectationOutcome], webhook_url: str | None = None, timeout: float = 10.0
) -> list[str]:
    """Log (and post, when a webhook is configured) one message per failed warning check."""
    messages = []
    for outcome in outcomes:
        message = format_warning(outcome)
        messages.append(message)
        log.warning("%s", message)
        if webhook_url:
            post_to_slack(webhook_url, warning_payload(outcome, message), timeout)
    return messages


def alert_task_failure(
    failure: TaskFailure, webhook_url: str | None = None, timeout: float = 10.0
) -> str:
    """Log one line for a failed task (always) and post it to Slack when configured."""
    message = failure.text()
    log.error("%s", message)
    if webhook_url:
        post_to_slack(webhook_url, failure.payload(), timeout)
    return message


def alert_deadline_missed(
    miss: DeadlineMiss, webhook_url: str | None = None, timeout: float = 10.0
) -> str:
    """Log one line for a missed deadline (always) and post it to Slack when configured."""
    message = miss.text()
    log.error("%s", message)
    if webhook_url:
        post_to_slack(webhook_url, miss.payload(), timeout)
    return message


def alert_message(
    title: str, summary: str, lines: list[str], webhook_url: str | None = None,
    timeout: float = 10.0,
) -> str:  # fmt: skip
    """Log and post a message of the pipeline's own (e.g. stale sources): title, summary, lines."""
    message = f"[socialkpi] {title}: {summary}" + "".join(f"\n  - {line}" for line in lines)
    log.warning("%s", message)
    if webhook_url:
        payload = slack_payload(
            title=f":warning: {title}", summary=summary, lines=lines, text=message,
            links=[("KPI report", report_url())],
        )  # fmt: skip
        post_to_slack(webhook_url, payload, timeout)
    return message


def post_to_slack(webhook_url: str, payload: dict, timeout: float = 10.0) -> bool:
    """POST a message to a Slack incoming webhook; True when Slack accepted it. Never raises."""
    request = urllib.request.Request(
        webhook_url,
        data=json.dumps(payload, default=str).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (URL from a Connection)
            log.info("posted alert to Slack webhook (HTTP %s)", response.status)
            return True
    except OSError as exc:
        # An unreachable Slack must not fail the pipeline: the log above already carries the alert.
        log.error("could not post alert to Slack webhook: %s", exc)
        return False
