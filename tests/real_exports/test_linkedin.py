"""LinkedIn's real shapes in the published marts (``tests/fixtures/exports/real/linkedin``,
written by ``make_linkedin_fixtures.py``): every value below is worked out by hand from the
fixture's own values, the comment says how."""

from __future__ import annotations

from datetime import date

import pytest

from tests.real_exports.conftest import REAL_LANDING


def post(real_world, post_id: str, *columns: str) -> tuple:
    return real_world.one(
        f"select {', '.join(columns)} from marts.fct_post_performance "
        "where platform = 'linkedin' and post_id = ?",
        [post_id],
    )


def file_load(real_world, account: str, name: str, *columns: str) -> tuple:
    return real_world.one(
        f"select {', '.join(columns)} from marts.ops_file_loads "
        "where platform = 'linkedin' and account_name = ? and source_file like '%/' || ?",
        [account, name],
    )


def test_every_linkedin_file_is_accounted_for_in_ops_file_loads(real_world):
    landed = {
        path.relative_to(REAL_LANDING).as_posix()
        for path in (REAL_LANDING / "linkedin").rglob("*.*")
    }
    accounted = {
        source_file
        for (source_file,) in real_world.rows(
            "select source_file from marts.ops_file_loads where platform = 'linkedin' "
            "and (load_status = 'loaded' or reason is not null)"
        )
    }
    assert landed <= accounted


def test_a_negative_organic_day_is_a_negative_gain_and_no_total_is_invented(real_world):
    # 03/10: sponsored 0 + organic -1 + auto-invited 0.
    assert real_world.daily("linkedin", "li-followers-xls", "2026-03-10", "gains",
                            "followers_total", "followers_total_source") == (-1, None, None)  # fmt: skip
    # 03/14: 0 + 6 + 1; the five demographic sums (412, 398, 436, 441, 377) give no total.
    assert real_world.daily("linkedin", "li-followers-xls", "2026-03-14", "gains",
                            "followers_total") == (7, None)  # fmt: skip
    assert real_world.one(
        "select count(*), count(followers_total) from marts.fct_account_daily d "
        "join marts.dim_account_handles h using (account_key) where h.handle = ?",
        ["li-followers-xls"],
    ) == (7, 0)


def test_linkedin_totals_come_from_the_api_snapshot_and_gains_from_new_followers(real_world):
    # networkSizes pulled on 03-10 (firstDegreeSize 1287) is the total at the end of 03-09.
    assert real_world.daily("linkedin", "li-api-network-size", "2026-03-09", "followers_total",
                            "followers_total_source", "gains") == (1287, "api_snapshot", 1)  # fmt: skip
    # 03-11's pull: 1290, i.e. +3 over the day, while New followers says 0 + 3 + 1 = 4.
    assert real_world.daily(
        "linkedin", "li-api-network-size", "2026-03-10", "followers_total",
        "followers_total_source", "followers_net_change", "gains", "losses",
    ) == (1290, "api_snapshot", 3, 4, None)  # fmt: skip
    # No losses exported, so no day around them is reconstructed.
    assert real_world.daily("linkedin", "li-api-network-size", "2026-03-08", "followers_total",
                            "followers_total_source") == (None, None)  # fmt: skip


@pytest.mark.parametrize(
    ("account", "day", "page_views", "unique_visitors"),
    [
        # Whole page desktop + mobile: 13 + 17 views, 7 + 12 visitors.
        ("li-visitors-xls", "2026-03-11", 30, 19),
        # Only 0 + 2 views by 0 + 1 visitor that day.
        ("li-visitors-metrics-only", "2025-12-04", 2, 1),
        # Excel re-save: 10 + 15 views by 6 + 8 visitors.
        ("li-resaved-xlsx", "2026-02-12", 25, 14),
        # pandas CSV: 9 + 11 views by 5 + 6 visitors.
        ("li-pandas-csv", "2026-02-28", 20, 11),
    ],
)
def test_page_views_and_unique_visitors_are_linkedins_whole_page_totals(
    real_world, account, day, page_views, unique_visitors
):
    assert real_world.daily("linkedin", account, day, "profile_visits",
                            "profile_unique_visitors") == (page_views, unique_visitors)  # fmt: skip


def test_followers_and_visitors_of_one_export_share_the_day(real_world):
    # 02/12: New followers 0 + 2 + 2; Visitor metrics 25 views by 14 visitors.
    assert real_world.daily("linkedin", "li-resaved-xlsx", "2026-02-12", "gains",
                            "profile_visits", "profile_unique_visitors") == (4, 25, 14)  # fmt: skip


def test_content_days_are_organic_plus_sponsored_and_a_netted_day_stays_unknown(real_world):
    # 01/05: impressions 512 + 60, clicks 14 + 3, reactions 19 + 2, comments 4 + 1,
    # reposts 2 + 0; engagements 21 + 5 + 2.
    assert real_world.daily(
        "linkedin", "li-content-xls", "2026-01-05", "impressions", "link_clicks", "likes",
        "comments", "reposts", "engagements",
    ) == (572, 17, 21, 5, 2, 28)  # fmt: skip
    # 01/03: reactions -1 (removed ones netted in): unknown, and so are the engagements.
    assert real_world.daily("linkedin", "li-content-xls", "2026-01-03", "impressions",
                            "likes", "engagements") == (95, None, None)  # fmt: skip


def test_posts_keep_their_lifetime_values_video_views_and_follows(real_world):
    # Video post: 18 + 3 + 2 engagements on 410 impressions, 265 video views.
    assert post(
        real_world, "7414000000000000103", "account_name", "published_date", "impressions",
        "views", "likes", "comments", "reposts", "link_clicks", "follows", "engagements",
        "engagement_rate_by_impressions",
    ) == ("li-content-xls", date(2026, 1, 6), 410, 265, 18, 3, 2, 12, None, 23,
          pytest.approx(23 / 410))  # fmt: skip
    # Sponsored post: 6 follows; no Views ('' text) for a post that is not a video.
    assert post(real_world, "7414000000000000101", "views", "follows",
                "engagements") == (None, 6, 27)  # fmt: skip
    # A repost without commentary.
    assert post(real_world, "7414000000000000102", "published_date", "impressions",
                "engagements") == (date(2026, 1, 4), 96, 2)  # fmt: skip


def test_content_workbook_without_posts_reports_its_days(real_world):
    # The one day with 3 organic impressions; no engagement on any day.
    assert real_world.daily("linkedin", "li-content-metrics-only", "2025-12-05", "impressions",
                            "engagements", "posts_published") == (3, 0, None)  # fmt: skip


def test_2020_22_updates_export_reads_shares_as_reposts(real_world):
    # 01/20/2022: Shares (total) 2 + 0, reactions 21, comments 3.
    assert real_world.daily("linkedin", "li-updates-2022", "2022-01-20", "impressions",
                            "reposts", "engagements") == (402, 2, 26)  # fmt: skip
    # Update engagement: Video views 190, Shares 1.
    assert post(real_world, "6890000000000000201", "published_date", "views",
                "reposts") == (date(2022, 1, 17), 190, 1)  # fmt: skip


def test_merged_workbook_loads_its_content_and_says_why_its_visitor_rows_are_not(real_world):
    # 03/27/2020: impressions 260, reactions 13 + comments 2 + shares 2.
    assert real_world.daily("linkedin", "li-merged-workbook", "2020-03-27", "impressions",
                            "engagements", "profile_visits") == (260, 17, None)  # fmt: skip
    # Created date pasted as the serial number 43916.
    assert post(real_world, "6650000000000000301", "published_date") == (date(2020, 3, 26),)
    # 3 days and 1 post loaded, the 3 visitor days quarantined.
    assert file_load(real_world, "li-merged-workbook", "Kestrel Arts Trust LinkedIn Q1.xls",
                     "load_status", "rows_read", "rows_loaded", "rows_quarantined",
                     "reason") == ("loaded", 7, 4, 3, "3 row(s) quarantined")  # fmt: skip


@pytest.mark.parametrize(
    "template", ["Linkedin_followers.xlsx", "Linkedin_visitors.xlsx", "Linkedin_updates.xlsx"]
)
def test_a_template_yields_no_value_and_ops_file_loads_says_why(real_world, template):
    assert file_load(real_world, "li-templates", template, "load_status", "rows_read",
                     "reason") == ("loaded", 0, "no data rows: the file holds headers only")  # fmt: skip
    # No account, hence no day, above all no follower total of 0.
    assert (
        real_world.rows("select * from marts.dim_account_handles where handle = 'li-templates'")
        == []
    )


def test_competitor_analytics_is_skipped_with_its_reason(real_world):
    status, reason = file_load(real_world, "li-competitors",
                               "Orchard Robotics Ltd_competitor_analytics_1773652540007.xlsx",
                               "load_status", "reason")  # fmt: skip
    assert status == "skipped"
    assert reason.startswith("LinkedIn competitor analytics (sheet 'COMPETITORS': 3 pages'")
    assert (
        real_world.rows("select * from marts.dim_account_handles where handle = 'li-competitors'")
        == []
    )


def test_first_sheets_saved_as_csv_fill_the_same_day(real_world):
    # 02/23: organic -1; 1 + 1 page views by 1 + 1 visitors; 98 impressions, 3 + 0 + 1.
    assert real_world.daily(
        "linkedin", "li-pandas-csv", "2026-02-23", "gains", "profile_visits", "impressions",
        "engagements",
    ) == (-1, 2, 98, 4)  # fmt: skip


def test_cleaned_exports_with_iso_datetimes_give_their_days(real_world):
    # 01/15: impressions 360 + 45, reactions 20 + 1, comments 4, reposts 2.
    assert real_world.daily("linkedin", "li-cleaned", "2026-01-15", "impressions", "likes",
                            "engagements") == (405, 21, 27)  # fmt: skip
