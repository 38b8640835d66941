"""Helpers shared by the test folders: a dbt build in the test process, and a loopback
webhook standing in for Slack."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from socialkpi.dbt_runner import run_dbt


def dbt_build(warehouse: Path, work_dir: Path, *args: str, allow_warnings: bool = False) -> str:
    """``dbt build <args>`` in this process (no interpreter start, partial parsing); fails
    the test when dbt fails or a node ends in another status than success (``warn`` too
    with ``allow_warnings``: tests of severity warn, as in the DAG). Returns dbt's output."""
    run = run_dbt(["build", *args, "--quiet"], warehouse, work_dir, in_process=True,
                  allow_warnings=allow_warnings, check=False)  # fmt: skip
    assert run.success, f"dbt build {' '.join(args)} failed: {run.output} {run.failed_nodes}"
    return run.output


class LoopbackWebhook:
    """A real local HTTP server standing in for Slack's incoming webhook; records every POST.

    ``connection_env`` points the ``socialkpi_slack`` Airflow Connection at it, the way a
    deployment sets ``AIRFLOW_CONN_SOCIALKPI_SLACK``.
    """

    def __init__(self):
        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                received.append(json.loads(body))
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/services/T000/B000/XXX"

    @property
    def connection_env(self) -> dict[str, str]:
        return {
            "AIRFLOW_CONN_SOCIALKPI_SLACK": json.dumps({"conn_type": "http", "password": self.url})
        }

    def headers(self) -> list[str]:
        """The header text of every message received (what each alert is about)."""
        return [
            block["text"]["text"]
            for message in self.received
            for block in message.get("blocks", [])
            if block["type"] == "header"
        ]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
