"""One source can never stop the run: a deadline per source, and one-line reasons for the
quarantine when something unexpected breaks on one."""

from __future__ import annotations

import contextlib
import signal
import threading


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
    only; elsewhere the limit is not enforced and every step is kept linear in the size)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise SourceTimeout(f"took longer than {seconds} s (SOCIALKPI_MAX_SECONDS_PER_SOURCE)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
