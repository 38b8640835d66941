"""Suite-wide: how the tests are shared among pytest-xdist workers.

A folder whose tests share a world built once per session (a DAG run over the real-exports
corpus, the dbt worlds, the hostile landing zone) runs whole on one worker, so that world
is built once, not once per worker; elsewhere each test file is a unit of its own (`make
test`, TEST_WORKERS).

A scheduler of our own rather than `--dist loadgroup` with markers: xdist 3.8 writes the
group into ``item._nodeid``, which pytest 9 no longer reads, so the groups are lost.
"""

from __future__ import annotations

# Folders whose session fixtures several test files share.
SHARED_WORLD_FOLDERS = frozenset({"tests/real_exports", "tests/dbt", "tests/hostile"})
# Files that share a session fixture with another file of their folder: one unit, in this
# order (the clean DAG run of tests/airflow/conftest.py, which the scheduled runs' day by
# day must equal).
SHARED_WORLD_FILES = {
    "tests/airflow/test_daily_dag_end_to_end.py": "tests/airflow daily DAG runs",
    "tests/airflow/test_scheduled_runs.py": "tests/airflow daily DAG runs",
}


def folder_of(nodeid: str) -> str:
    """``tests/dbt/test_builds.py::test_x`` -> ``tests/dbt``; other tests: their file (or
    the unit of SHARED_WORLD_FILES)."""
    path = nodeid.split("::", 1)[0]
    folder = "/".join(path.split("/")[:2])
    if folder in SHARED_WORLD_FOLDERS:
        return folder
    return SHARED_WORLD_FILES.get(path, path)


def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class FolderScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return folder_of(nodeid)

    return FolderScheduling(config, log)
