"""Suite-wide: how the tests are shared among pytest-xdist workers.

Each folder of tests (and each test file at the top level) runs whole on one worker: the
worlds a folder builds once per session (a DAG run over the real-exports corpus, the dbt
worlds, the hostile landing zone) are then built once, not once per worker, and the
folders run side by side (`make test`, TEST_WORKERS).

A scheduler of our own rather than `--dist loadgroup` with markers: xdist 3.8 writes the
group into ``item._nodeid``, which pytest 9 no longer reads, so the groups are lost.
"""

from __future__ import annotations


def folder_of(nodeid: str) -> str:
    """``tests/dbt/test_builds.py::test_x`` -> ``tests/dbt``; a top-level file is its own."""
    path = nodeid.split("::", 1)[0]
    parts = path.split("/")
    return "/".join(parts[:2]) if len(parts) > 2 else path


def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class FolderScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return folder_of(nodeid)

    return FolderScheduling(config, log)
