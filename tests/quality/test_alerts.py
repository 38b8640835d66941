"""The purge alert always logs, and posts to a Slack webhook only when one is configured."""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from socialkpi.alerts import alert_failed_warnings
from socialkpi.quality import ExpectationOutcome

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


class _Recorder(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Recorder.received.append(json.loads(body))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def test_alert_is_logged_with_account_day_and_loss_without_webhook(caplog):
    with caplog.at_level(logging.WARNING, logger="socialkpi.alerts"):
        [message] = alert_failed_warnings([DROP], webhook_url=None)
    assert "sudden_follower_drop" in message and "account_name=acme" in message
    assert "followers_net_change=-80" in message
    assert message in caplog.text


def test_alert_is_posted_to_the_configured_slack_webhook():
    _Recorder.received = []
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/services/T000/B000/XXX"
        [message] = alert_failed_warnings([DROP], webhook_url=url, timeout=5)
        thread.join(timeout=5)
    finally:
        server.server_close()
    assert _Recorder.received == [{"text": message}]


def test_unreachable_webhook_does_not_fail_the_run(caplog):
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    port = server.server_port
    server.server_close()  # nothing listens there any more
    with caplog.at_level(logging.ERROR, logger="socialkpi.alerts"):
        alert_failed_warnings([DROP], webhook_url=f"http://127.0.0.1:{port}/hook", timeout=2)
    assert "could not post alert" in caplog.text
