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
