"""TikTok shapes of the corpus, in the published marts (values by hand from the fixtures
written by make_fixtures.py)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.airflow


@pytest.mark.parametrize(
    ("account", "days"),
    [
        ("tt-overview-365d", ("2025-02-28", "2026-02-27", 365)),  # not 2026-02-28
        ("tt-overview-custom", ("2025-12-31", "2026-04-11", 102)),
        ("tt-overview-es", ("2025-11-04", "2026-01-02", 60)),
        ("tt-overview-el", ("2026-02-25", "2026-03-24", 28)),
        ("tt-overview-noBOM", ("2026-04-14", "2026-04-20", 7)),
        ("tt-overview-resaved", ("2024-09-09", "2024-09-13", 5)),  # 09-09-24: day-first
        ("tt-overview-xlsx", ("2026-04-16", "2026-04-22", 7)),
        ("tt-zip", ("2026-04-16", "2026-04-22", 7)),
    ],
)
def test_every_overview_day_is_dated_right(real_world, account, days):
    assert real_world.days_of("tiktok", account) == days


def test_a_365_day_overview_with_negative_comments_keeps_its_days(real_world):
    daily = real_world.daily
    # Views 100 + index after three all-zero days; comments -3 on 12-31 (index 306) and 01-01.
    assert daily("tiktok", "tt-overview-365d", "2025-02-28", "video_views") == (0,)
    assert daily("tiktok", "tt-overview-365d", "2025-12-31", "video_views", "comments") == (406, -3)
    # Engagements as exported: likes 10 + comments -3 + shares 1.
    assert daily("tiktok", "tt-overview-365d", "2026-01-01", "engagements") == (8,)
    assert daily("tiktok", "tt-overview-365d", "2026-02-27", "video_views") == (464,)


@pytest.mark.parametrize(
    ("account", "day", "views"),
    [
        ("tt-overview-custom", "2026-01-01", 201),  # 200 + index 1
        ("tt-overview-es", "2026-01-01", 358),  # "1 de enero": 300 + index 58
        ("tt-overview-el", "2026-03-01", 404),  # "1 Μαρτίου": 400 + index 4
        ("tt-overview-xlsx", "2026-04-22", 806),  # text cells: 800 + index 6
        ("tt-zip", "2026-04-16", 700),
    ],
)
def test_overview_values(real_world, account, day, views):
    assert real_world.daily("tiktok", account, day, "video_views") == (views,)


def test_follower_history_from_the_followers_zip(real_world):
    daily = real_world.daily
    # undefined for the first four days: no total, no change.
    assert daily("tiktok", "tt-followers-zip", "2026-02-01", "followers_total") == (None,)
    # 5000 + 5 on 02-02 (index 4), + 5 on 02-03, - 2 on 02-04 (index 6).
    assert daily("tiktok", "tt-followers-zip", "2026-02-03", "followers_total") == (5010,)
    assert daily(
        "tiktok", "tt-followers-zip", "2026-02-04", "followers_total", "followers_net_change"
    ) == (5008, -2)


def test_viewers_give_reach_and_undefined_days_stay_unknown(real_world):
    # undefined on the first three days and the last (not computed yet): those days have no
    # value at all, so no row; 02-01..02-26 have theirs.
    assert real_world.days_of("tiktok", "tt-viewers") == ("2026-02-01", "2026-02-26", 26)
    assert real_world.daily("tiktok", "tt-viewers", "2026-02-05", "reach") == (1007,)  # 1000 + 7


def test_business_suite_files(real_world):
    daily = real_world.daily
    assert daily("tiktok", "tt-business", "2025-11-01", "video_views", "reach", "gains",
                 "losses") == (7500, 7400, 10, 2)  # fmt: skip
    # NAN is no value; "--" follower totals create none.
    assert daily("tiktok", "tt-business", "2025-10-31", "reach", "followers_total") == (None, None)
    assert real_world.post("7000000000000001201", "views", "likes", "published_date::varchar") == (
        17000, 170, "2025-10-31",
    )  # fmt: skip


def test_content_with_a_time_column_dates_last_years_posts(real_world):
    post = real_world.post
    # Downloaded 2026-02-28: "July 16" is 2025-07-16, "February 20" 2026-02-20.
    assert post("7000000000000001101", "published_date::varchar", "views") == ("2025-07-16", 19000)
    assert post("7000000000000001102", "published_date::varchar", "views") == ("2026-02-20", 800)


def test_audience_breakdowns_in_the_followers_zip_say_why(real_world):
    member = "tiktok/tt-followers-zip/2026-02-28/Followers_acme_tt.zip!/Followers_acme_tt/"
    for name in ("FollowerActivity.csv", "FollowerGender.csv", "FollowerTopTerritories.csv"):
        status, *_, reason = real_world.load(member + name)
        assert status == "skipped" and reason.startswith("TikTok Studio audience breakdown")
