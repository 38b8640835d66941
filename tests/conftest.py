"""Suite-wide: how the tests are shared among pytest-xdist workers.

Each folder of tests (and each test file at the top level) is one xdist group, run whole by
one worker (`--dist loadgroup`, see the Makefile): the worlds a folder builds once per
session (a DAG run over the real-exports corpus, the dbt worlds, the hostile landing zone)
are then built once, not once per worker, and the folders run side by side.
"""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        relative = Path(str(item.path)).resolve().relative_to(TESTS)
        group = relative.parts[0] if len(relative.parts) > 1 else relative.stem
        item.add_marker(pytest.mark.xdist_group(group))
