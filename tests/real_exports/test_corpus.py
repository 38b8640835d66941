"""The corpus as a whole: one DAG run publishes, and every landed file is accounted for."""

from __future__ import annotations

import os

import pytest

pytestmark = pytest.mark.airflow


def landed_files(real_world) -> list[str]:
    """The files of the real-shape corpus and the contract edges (the hostile cases beside
    them have their own tests)."""
    from tests.real_exports.conftest import CONTRACT_EDGES, REAL_LANDING

    return sorted(
        path.relative_to(root).as_posix()
        for root in (REAL_LANDING, CONTRACT_EDGES)
        for path in root.rglob("*")
        if path.is_file()
    )


def test_the_whole_corpus_goes_through_one_daily_run_and_publishes(real_world):
    if os.environ.get("SOCIALKPI_REAL_EXPORTS_FAST") != "1":
        assert "state=success" in real_world.log
    (run_id,) = real_world.one("select run_id from _publication")
    assert run_id


def test_every_landed_file_is_accounted_for_in_ops_file_loads(real_world):
    loads = real_world.rows(
        "select source_file, load_status, reason, rows_read, rows_loaded, rows_quarantined "
        "from marts.ops_file_loads"
    )
    for landed in landed_files(real_world):
        # A file is one source, or its zip members (path!/member), or its sections (#section-N).
        own = [row for row in loads if row[0] == landed or row[0].startswith((f"{landed}!/",
                                                                               f"{landed}#"))]  # fmt: skip
        assert own, f"{landed} is not in ops_file_loads"
        for source_file, status, reason, read, loaded, quarantined in own:
            assert read == loaded + quarantined, source_file
            # Loaded whole, or the reason is said.
            assert status == "loaded" and quarantined == 0 or reason, (source_file, status)


def test_every_real_shape_is_recognised_as_one_format(real_world):
    # Loaded or refused, each genuine shape is known for what it is: never unrecognised,
    # never taken for two formats.
    corpus = set(landed_files(real_world))
    unknown = [
        (source_file, reason)
        for source_file, reason in real_world.rows(
            "select source_file, reason from marts.ops_file_loads "
            "where reason like 'unrecognised%' or reason like 'ambiguous format%' "
            "or reason like '%: unrecognised%' or reason like '%: ambiguous format%'"
        )
        if source_file.split("!/")[0].split("#")[0] in corpus
    ]
    assert unknown == []
