"""The X shapes of the real-exports corpus (``tests/fixtures/exports/real/x``) in the
published marts: every value below is worked out by hand from the fixture files."""

from __future__ import annotations

from datetime import date, datetime

import pytest

OVERVIEW = "x-account-overview"
CONTENT_EARLY = "x-content-2025-early"
CONTENT_LATE = "x-content-2025-late-2026"
DAILY_TWEET_ACTIVITY = "x-daily-tweet-activity-legacy"
TWEET_ACTIVITY = "x-tweet-activity-legacy"

POST_COLUMNS = (
    "impressions, likes, comments, reposts, shares, saves, engagements, "
    "platform_reported_engagements, link_clicks, profile_visits, follows"
)


def _post(real_world, post_id: str, columns: str = POST_COLUMNS) -> tuple:
    return real_world.one(
        f"select {columns} from marts.fct_post_performance where platform = 'x' and post_id = ?",
        [post_id],
    )


def _reported_days(real_world, account: str) -> list[date]:
    """The days ``marts.fct_account_daily`` has a row for, for one X account folder."""
    rows = real_world.rows(
        "select d.activity_date from marts.fct_account_daily d "
        "join marts.dim_account_handles h on h.account_key = d.account_key "
        "where d.platform = 'x' and h.handle = ? order by 1",
        [account],
    )
    return [day for (day,) in rows]


def test_every_x_file_is_loaded_and_its_rows_accounted_for(real_world):
    loads = real_world.rows(
        "select source_file, format_name, load_status, rows_read, rows_loaded, "
        "rows_quarantined, cells_nulled from marts.ops_file_loads where platform = 'x' "
        "and source_file like 'x/x-%' order by source_file"
    )
    assert loads == [
        ("x/x-account-overview/2025-02-19/account_overview_analytics.csv",
         "x_account_overview", "loaded", 8, 8, 0, 0),
        ("x/x-account-overview/2025-02-21/account_overview_analytics (1).csv",
         "x_account_overview", "loaded", 7, 7, 0, 0),
        ("x/x-content-2025-early/2025-02-13/account_analytics_content_20241114_20250212.csv",
         "x_content", "loaded", 4, 4, 0, 0),
        ("x/x-content-2025-early/2025-02-18/account_analytics_content_2025-01-20_2025-02-17.csv",
         "x_content", "loaded", 4, 4, 0, 0),
        # The two placeholder rows (link ending in /status/undefined) are the quarantined ones.
        ("x/x-content-2025-late-2026/2026-08-17/"
         "account_analytics_content_2026-08-10_2026-08-16.csv",
         "x_content", "loaded", 6, 4, 2, 0),
        ("x/x-daily-tweet-activity-legacy/2021-07-31/"
         "daily_tweet_activity_metrics_acmeco_20210701_20210731_en.csv",
         "x_daily_tweet_activity", "loaded", 30, 30, 0, 0),
        ("x/x-tweet-activity-legacy/2021-09-01/"
         "tweet_activity_metrics_acmeco_20210801_20210901_en.csv",
         "x_tweet_activity", "loaded", 3, 3, 0, 0),
    ]  # fmt: skip


def test_overview_day_has_its_flows_and_engagements(real_world):
    assert real_world.daily(
        "x", OVERVIEW, "2025-02-17",
        "impressions", "likes", "comments", "reposts", "shares", "saves", "gains", "losses",
        "followers_flow_net_change", "engagements", "platform_reported_engagements",
        "profile_visits", "posts_published",
    ) == (
        128406, 1204, 77, 93, 18, 57, 41, 6,
        35,  # 41 new follows - 6 unfollows
        1449,  # likes 1204 + replies 77 + reposts 93 + shares 18 + bookmarks 57
        3310, 402, 2,
    )  # fmt: skip


def test_overview_day_restated_by_the_next_export_takes_the_newest_value(real_world):
    # 2025-02-18: 742 impressions, 9 likes in the 02-19 export, 811 and 10 in the 02-21 one.
    assert real_world.daily(
        "x", OVERVIEW, "2025-02-18", "impressions", "likes", "profile_visits", "engagements"
    ) == (811, 10, 7, 14)  # engagements: 10 likes + 2 replies + 1 repost + 0 shares + 1 bookmark


def test_overview_day_without_activity_has_no_row_not_zeros(real_world):
    # 02-10 .. 02-20 from the two exports; 02-15 is in neither (no activity that day).
    assert _reported_days(real_world, OVERVIEW) == [
        date(2025, 2, d) for d in (10, 11, 12, 13, 14, 16, 17, 18, 19, 20)
    ]


def test_early_2025_content_posts_have_their_newest_lifetime_values(real_world):
    assert _post(real_world, "1891200000000000103") == (
        2150, 48, 9, 12, 3, 6,
        78,  # likes 48 + replies 9 + reposts 12 + Share 3 + bookmarks 6
        131, 7, 14, 2,
    )  # fmt: skip
    # Listed by both exports (02-13: 290 impressions, 02-18: 310): two snapshots, the newest wins.
    assert _post(
        real_world,
        "1889900000000000102",
        "impressions, engagements, published_date, first_snapshot_date, latest_snapshot_date, "
        "snapshot_count",
    ) == (310, 6, date(2025, 2, 9), date(2025, 2, 12), date(2025, 2, 17), 2)  # 5 + 1 + 0 + 0 + 0


def test_late_content_posts_load_and_placeholder_rows_are_no_posts(real_world):
    assert _post(real_world, "2055800000000000203") == (
        214377, 2890, 240, 415, 122, 310,
        3977,  # likes 2890 + replies 240 + reposts 415 + shares 122 + bookmarks 310
        9120, 611, 388, 57,
    )  # fmt: skip
    [(posts,)] = real_world.rows(
        "select count(*) from marts.fct_post_performance where account_name = ?", [CONTENT_LATE]
    )
    assert posts == 4  # six data rows minus the two /status/undefined placeholders


def test_legacy_daily_tweet_activity_reaches_the_daily_mart(real_world):
    assert real_world.daily(
        "x", DAILY_TWEET_ACTIVITY, "2021-07-05",
        "impressions", "likes", "comments", "reposts", "profile_visits", "link_clicks",
        "media_views", "posts_published", "platform_reported_engagements",
    ) == (5120, 38, 4, 6, 12, 9, 210, 3, 143)  # fmt: skip


@pytest.mark.parametrize(
    "column", ["gains", "losses", "shares", "saves", "engagements", "followers_total"]
)
def test_legacy_daily_tweet_activity_invents_no_gains_and_no_engagements(real_world, column):
    # Its follows (2 that day) are follows from tweets, not new followers; it reports no
    # unfollows, shares, bookmarks or totals, so these stay unknown.
    assert real_world.daily("x", DAILY_TWEET_ACTIVITY, "2021-07-05", column) == (None,)


def test_legacy_daily_tweet_activity_covers_its_window_end_date_excluded(real_world):
    # ..._20210701_20210731_en.csv: 07-01 .. 07-30, every day written (07-18 all zeros).
    assert _reported_days(real_world, DAILY_TWEET_ACTIVITY) == [
        date(2021, 7, d) for d in range(1, 31)
    ]
    assert real_world.daily(
        "x", DAILY_TWEET_ACTIVITY, "2021-07-18", "impressions", "likes", "posts_published"
    ) == (0, 0, 0)


def test_legacy_tweet_activity_posts_have_their_lifetime_values(real_world):
    assert _post(real_world, "1432000000000000503") == (
        2210, 31, 3, 5, None, None,
        39,  # likes 31 + replies 3 + retweets 5 (the legacy export has no shares or bookmarks)
        77, 9, 7, 1,
    )  # fmt: skip
    assert _post(real_world, "1429000000000000502", "published_at, engagements") == (
        datetime(2021, 8, 21, 8, 40),
        2,  # likes 2 + replies 0 + retweets 0
    )
