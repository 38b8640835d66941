"""The per-source deadline of the ingest (socialkpi.ingest.guards.source_deadline)."""

from __future__ import annotations

import signal
import time

import pytest

from socialkpi.ingest.guards import SourceTimeout, source_deadline


@pytest.fixture
def outer_timer():
    """A timer and handler set before the deadline, as Airflow's execution_timeout sets them."""
    fired = []

    def outer_handler(signum, frame):
        fired.append(signum)

    previous = signal.signal(signal.SIGALRM, outer_handler)
    yield outer_handler, fired
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


def test_a_source_over_its_deadline_is_interrupted():
    with pytest.raises(SourceTimeout, match="took longer than 1 s"), source_deadline(1):
        time.sleep(3)
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


def test_an_outer_timer_survives_the_deadlines_of_the_sources(outer_timer):
    handler, fired = outer_timer
    signal.setitimer(signal.ITIMER_REAL, 100)
    for _ in range(3):
        with source_deadline(5):
            time.sleep(0.1)
    remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    assert 99 < remaining < 100  # set again less the time spent, not cancelled
    assert signal.getsignal(signal.SIGALRM) is handler
    assert fired == []


def test_an_outer_timer_due_first_fires_with_its_own_handler(outer_timer):
    handler, fired = outer_timer
    signal.setitimer(signal.ITIMER_REAL, 0.2)
    with source_deadline(5):
        time.sleep(1)  # the outer timer ends inside the source
    assert fired == [signal.SIGALRM]
    assert signal.getsignal(signal.SIGALRM) is handler
