"""The Airflow components ``socialkpi.airflow_run`` starts die with the process that started
them, even when that process is SIGKILLed and its ``finally: stop(...)`` never runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from socialkpi.airflow_run import die_with_parent

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")

# A parent that starts a long-lived child in its own session, as start_component does, prints
# the child's pid and then waits to be killed.
PARENT = textwrap.dedent(
    """
    import os, subprocess, sys, time
    from socialkpi.airflow_run import die_with_parent
    tie = sys.argv[1] == "tied"
    child = subprocess.Popen(
        ["sleep", "600"],
        start_new_session=True,
        preexec_fn=die_with_parent(os.getpid()) if tie else None,
    )
    print(child.pid, flush=True)
    time.sleep(600)
    """
)


def _alive(pid: int) -> bool:
    """Running, as opposed to gone or a zombie nobody reaped yet."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def _orphan_after_parent_killed(mode: str, wait: float) -> tuple[int, bool]:
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, mode], stdout=subprocess.PIPE, text=True
    )
    child_pid = int(parent.stdout.readline())
    assert _alive(child_pid)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + wait
    while _alive(child_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return child_pid, _alive(child_pid)


def test_component_dies_when_its_starter_is_killed():
    _, still_alive = _orphan_after_parent_killed("tied", wait=10)
    assert not still_alive


def test_untied_child_outlives_a_killed_parent():
    # The control: without die_with_parent the orphan runs on, which is the bug being fixed.
    child_pid, still_alive = _orphan_after_parent_killed("untied", wait=1)
    try:
        assert still_alive
    finally:
        if still_alive:
            os.killpg(child_pid, signal.SIGKILL)


def test_child_of_an_already_dead_parent_stops_itself():
    # The race: the parent died between fork and prctl; the child sees another parent pid.
    child = subprocess.Popen(
        ["sleep", "600"], start_new_session=True, preexec_fn=die_with_parent(os.getpid() + 10**6)
    )
    assert child.wait(timeout=10) == -signal.SIGTERM
