"""No input row can fail the build: rows at the edge of each BI-facing mart's contract and
tests (tests/fixtures/exports/contract_edges) are published with the real shapes, each with
its honest value."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.airflow


def test_a_day_of_net_negative_comments_is_published_as_it_is(real_world):
    # Likes 0 + comments -5 + shares 0 on a total of 100 followers.
    assert real_world.daily(
        "tiktok", "edge-negative-day", "2026-03-04", "engagements", "daily_engagement_rate"
    ) == (-5, -0.05)


def test_a_post_without_a_publish_time_is_published_without_a_date(real_world):
    assert real_world.post("18000000000099101", "published_date", "likes") == (None, 5)


def test_a_lifetime_count_that_goes_down_is_a_flagged_correction(real_world):
    # Likes 50 then 40; reach 10 throughout (engagements above reach).
    assert real_world.post("18000000000099001", "likes", "reach", "correction_count") == (40, 10, 1)
    [(delta, is_correction)] = real_world.rows(
        "select likes_delta, is_correction from marts.fct_post_daily "
        "where post_id = '18000000000099001' and snapshot_date = '2026-03-02'"
    )
    assert (delta, is_correction) == (-10, True)


def test_a_change_from_a_total_of_zero_has_no_relative_value(real_world):
    assert real_world.daily(
        "tiktok", "edge-zero-total", "2026-03-04", "followers_net_change",
        "followers_relative_change",
    ) == (10, None)  # fmt: skip


def test_a_file_of_headers_only_loads_nothing_and_says_so(real_world):
    assert real_world.load("tiktok/edge-headers-only/2026-03-05/Overview.csv") == (
        "loaded", 0, 0, 0, 0, "no data rows: the file holds headers only",
    )  # fmt: skip
    assert (
        real_world.rows(
            "select * from marts.dim_account_handles where handle = 'edge-headers-only'"
        )
        == []
    )


def test_two_copies_of_one_export_date_that_disagree_are_a_recorded_conflict(real_world):
    # "b.csv" reaches 03-04, "a (2).csv" only 03-03: b wins on 03-03 (60, not 50).
    assert real_world.daily("tiktok", "edge-conflict", "2026-03-03", "video_views") == (60,)
    folder = "tiktok/edge-conflict/2026-03-05"
    assert real_world.one(
        "select conflicting_values, conflict_note from marts.ops_file_loads where source_file = ?",
        [f"{folder}/a (2).csv"],
    ) == (
        2,  # views and video views of 03-03
        f"2 value(s) differ from {folder}/b.csv, which wins (its window ends later)",
    )
    assert real_world.one(
        "select conflicting_values, conflict_note from marts.ops_file_loads where source_file = ?",
        [f"{folder}/b.csv"],
    ) == (0, None)


def test_a_copy_under_a_renamed_folder_is_a_duplicate_and_no_rename(real_world):
    status, *_ = real_world.load("tiktok/Edge Redelivered (copy)/2026-03-06/Overview.csv")
    assert status == "duplicate"
    assert (
        real_world.rows(
            "select handle from marts.dim_account_handles where handle like 'Edge Redelivered%'"
        )
        == []
    )
