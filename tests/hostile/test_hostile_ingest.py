"""Every hostile case ends as the manifest says it must, the run completes within its
memory bound, and the valid files beside the cases load exactly as in a clean run."""

from __future__ import annotations

import pytest

from tests.hostile.cases import MAX_PEAK_RSS_MB, build_cases

CASES = build_cases()


def test_there_are_at_least_sixty_cases():
    assert len(CASES) >= 60


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_case_ends_as_it_must(hostile_world, case):
    _, hostile, _ = hostile_world
    rows = hostile.rows(
        "select status, reason, rows_loaded, rows_read, rows_quarantined "
        "from raw.file_manifest where source_file = ?",
        [case.source_file],
    )
    assert len(rows) == 1, f"{case.source_file}: {rows}"
    status, reason, loaded, read, quarantined = rows[0]
    assert status == case.status, (case.name, status, reason)
    if case.reason is not None:
        assert reason is not None and case.reason in reason, (case.name, reason)
    if case.rows_loaded is not None:
        assert loaded == case.rows_loaded, (case.name, loaded, reason)
    assert read == loaded + quarantined


def test_the_run_stays_within_its_memory_bound(hostile_world):
    _, hostile, clean = hostile_world
    assert hostile.peak_rss_mb < MAX_PEAK_RSS_MB, (hostile.peak_rss_mb, clean.peak_rss_mb)


def test_valid_files_load_exactly_as_in_a_clean_run(hostile_world):
    _, hostile, clean = hostile_world
    query = (
        "select source_file, status, rows_read, rows_loaded, rows_quarantined "
        "from raw.file_manifest where source_file not like '%/h-%' order by 1"
    )
    assert hostile.rows(query) == clean.rows(query)
    follower_totals = (
        "select _account, activity_date, followers_total from raw.raw_tiktok_follower_history "
        "where _account not like 'h-%' order by all"
    )
    assert hostile.rows(follower_totals) == clean.rows(follower_totals)
    assert len(clean.rows(follower_totals)) > 0


def test_every_source_reconciles(hostile_world):
    _, hostile, _ = hostile_world
    assert (
        hostile.rows(
            "select source_file from raw.file_manifest "
            "where rows_read != rows_loaded + rows_quarantined"
        )
        == []
    )
