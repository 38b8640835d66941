"""Fixtures of the format tests: a fresh landing zone and warehouse per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.formats.landing_zone import Landing


@pytest.fixture
def landing(tmp_path: Path) -> Landing:
    return Landing(tmp_path)
