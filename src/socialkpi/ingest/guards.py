"""One source can never stop the run: a deadline per source, and one-line reasons for the
quarantine when something unexpected breaks on one."""

from __future__ import annotations

import contextlib
import signal
import threading
import time


def first_line(exc: BaseException) -> str:
    """An error's first line: quarantine reasons are one line (DuckDB's errors run to many)."""
    return (str(exc).strip().splitlines() or [""])[0][:300]


def failure_reason(stage: str, exc: BaseException) -> str:
    """A one-line quarantine reason for an unexpected error while a source was ``stage``."""
    return f"could not be {stage}: {type(exc).__name__}: {first_line(exc)}".rstrip(": ")


class SourceTimeout(Exception):
    """A source took longer than ``Limits.max_seconds_per_source``."""


@contextlib.contextmanager
def source_deadline(seconds: int):
    """Interrupt the work on one source after ``seconds`` (a timer signal, in the main thread
    only; elsewhere the limit is not enforced and every step is kept linear in the size).

    A timer already running (Airflow's ``execution_timeout`` uses the same one) is kept: when
    it ends first, it is left to fire with its own handler; otherwise it is set again, less
    the time spent, once the source is done."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    outer_remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    if outer_remaining and outer_remaining <= seconds:
        yield
        return

    def expire(signum, frame):
        raise SourceTimeout(f"took longer than {seconds} s (SOCIALKPI_MAX_SECONDS_PER_SOURCE)")

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_remaining:
            # Never 0 (that would cancel it): an outer deadline already due fires at once.
            remaining = outer_remaining - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(remaining, 1e-6))
