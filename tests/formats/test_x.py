"""X analytics: account overview, per-post content, and the legacy tweet activity export."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from tests.formats.landing_zone import FIXTURES

EXPORT = "2026-06-07"
LEGACY_2016 = "tweet_activity_metrics_acme_20161201_20161231_en.csv"
LEGACY_EXCEL = "tweet_activity_metrics_acme_20170101_20170131_en.csv"


def test_account_overview_parses_weekday_dates_and_thousands_commas(landing):
    source = landing.add("x", "acme", EXPORT, "x/account_overview_analytics.csv")
    report = landing.ingest()

    rows = landing.rows(
        "select _load_id, _source_file, _source_row, activity_date, impressions, likes, "
        "engagements, bookmarks, shares, new_follows, unfollows, replies, reposts, "
        "profile_visits, posts_created, video_views, media_views "
        "from raw.raw_x_account_overview order by _source_row"
    )
    lineage = (report.load_id, source)
    assert rows == [
        (*lineage, 1, date(2026, 6, 6), 1204, 33, 51, 2, 0, 4, 1, 3, 5, 12, 1, 0, 41),
        (*lineage, 2, date(2026, 6, 5), 12877, 410, 633, 17, 6, 38, 9, 41, 52, 190, 3, 1032, 2210),
        (*lineage, 3, date(2026, 6, 4), 980, 21, 30, 0, 1, 2, 3, 1, 2, 8, 0, 0, 17),
    ]


def test_content_export_parses_one_row_per_post(landing):
    name = "account_analytics_content_2026-05-08_2026-06-06.csv"
    landing.add("x", "acme", EXPORT, f"x/{name}")
    landing.ingest()

    rows = landing.rows(
        "select post_id, posted_date, post_text, post_url, impressions, likes, engagements, "
        "bookmarks, shares, new_follows, replies, reposts, profile_visits, detail_expands, "
        "url_clicks, hashtag_clicks, permalink_clicks from raw.raw_x_content order by _source_row"
    )
    assert rows == [
        ("1931234567890123456", date(2026, 6, 5), "Summer sale starts now, 20% off everything",
         "https://x.com/acme/status/1931234567890123456",
         10412, 388, 602, 15, 6, 31, 40, 50, 170, 96, 21, 2, 11),
        ("1929876543210987654", date(2026, 5, 30), "Thanks for 100k!",
         "https://x.com/acme/status/1929876543210987654",
         987, 22, 35, 1, 0, 2, 3, 4, 6, 5, 0, 0, 1),
    ]  # fmt: skip


def test_legacy_tweet_activity_unescapes_text_and_reads_float_counts(landing):
    landing.add("x", "acme", EXPORT, f"x/{LEGACY_2016}")
    landing.ingest()

    rows = landing.rows(
        "select post_id, post_url, post_text, posted_at, impressions, engagements, retweets, "
        "replies, likes, user_profile_clicks, url_clicks, hashtag_clicks, detail_expands, "
        "follows, media_views from raw.raw_x_tweet_activity order by _source_row"
    )
    assert rows == [
        ("811964539483119616", "https://twitter.com/acme/status/811964539483119616",
         "Merry Xmas & happy holidays! <3 https://t.co/AbCdEf", datetime(2016, 12, 23, 18, 50),
         1938, 41, 5, 2, 17, 3, 6, 0, 8, 1, 0),
        ("810412345678901234", "https://twitter.com/acme/status/810412345678901234",
         'Line one\nline two "quoted" \u2014 caf\u00e9', datetime(2016, 12, 18, 9, 5),
         702, 12, 1, 0, 6, 2, 0, 1, 2, 0, 0),
    ]  # fmt: skip
    rates = landing.rows("select engagement_rate from raw.raw_x_tweet_activity order by 1")
    assert [r for (r,) in rates] == pytest.approx([12 / 702, 41 / 1938])


def test_excel_mangled_ids_come_from_the_permalink_and_rows_without_one_are_quarantined(landing):
    source = landing.add("x", "acme", EXPORT, f"x/{LEGACY_EXCEL}")
    landing.ingest()

    outcome = landing.outcome(source)
    assert (outcome.rows_read, outcome.rows_loaded, outcome.rows_quarantined) == (2, 1, 1)
    assert landing.rows(
        "select post_id, post_text, posted_at, impressions, likes from raw.raw_x_tweet_activity"
    ) == [("816234567890123456", "Happy new year & thanks!", datetime(2017, 1, 3, 8, 0), 2210, 30)]
    assert landing.quarantine(source) == [(2, "Tweet id: cannot parse 8.17E+17")]


def test_legacy_time_with_an_offset_is_stored_in_utc(landing):
    header = (
        '"Tweet id","Tweet permalink","Tweet text","time","impressions","engagements",'
        '"engagement rate","retweets","replies","likes","user profile clicks","url clicks",'
        '"hashtag clicks","detail expands","permalink clicks","app opens","app installs",'
        '"follows","email tweet","dial phone","media views","media engagements"\n'
    )
    row = '"42","https://twitter.com/acme/status/42","hi","2016-12-23 18:50 +0130"' + ',"1.0"' * 18
    landing.add("x", "acme", EXPORT, name="tweets.csv", data=(header + row + "\n").encode())
    landing.ingest()

    assert landing.rows("select post_id, posted_at from raw.raw_x_tweet_activity") == [
        ("42", datetime(2016, 12, 23, 17, 20))
    ]


def test_overview_row_with_an_unreadable_date_is_quarantined_while_the_rest_loads(landing):
    text = (FIXTURES / "x" / "account_overview_analytics.csv").read_text(encoding="utf-8")
    text = text.replace('"Fri, Jun 5, 2026"', '"Fri, Jun 31, 2026"')
    source = landing.add(
        "x", "acme", EXPORT, name="account_overview_analytics.csv", data=text.encode()
    )
    landing.ingest()

    assert landing.quarantine(source) == [(2, "Date: cannot parse Fri, Jun 31, 2026")]
    assert landing.rows("select activity_date from raw.raw_x_account_overview order by 1") == [
        (date(2026, 6, 4),),
        (date(2026, 6, 6),),
    ]


def test_a_line_with_missing_cells_is_quarantined_once_with_its_line_number(landing):
    text = (FIXTURES / "x" / "account_overview_analytics.csv").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    text = "".join([*lines[:2], '"###","12"\n', *lines[2:]])
    source = landing.add(
        "x", "acme", EXPORT, name="account_overview_analytics.csv", data=text.encode()
    )
    landing.ingest()

    outcome = landing.outcome(source)
    assert (outcome.rows_read, outcome.rows_loaded, outcome.rows_quarantined) == (4, 3, 1)
    assert landing.rows(
        "select line_number, record_number, raw_text, reason from raw.quarantine"
    ) == [
        (
            3,
            None,
            '"###","12"',
            "malformed CSV row (MISSING COLUMNS): Expected Number of Columns: 14 Found: 2",
        )
    ]


# -- the real shapes (tests/fixtures/exports/real/x, see its README) ---------------------------

REAL = "real/x"
OVERVIEW_2025 = f"{REAL}/x-account-overview/2025-02-19/account_overview_analytics.csv"
CONTENT_EARLY_CRLF = (
    f"{REAL}/x-content-2025-early/2025-02-18/account_analytics_content_2025-01-20_2025-02-17.csv"
)
CONTENT_EARLY_LF = (
    f"{REAL}/x-content-2025-early/2025-02-13/account_analytics_content_20241114_20250212.csv"
)
CONTENT_LATE = (
    f"{REAL}/x-content-2025-late-2026/2026-08-17/"
    "account_analytics_content_2026-08-10_2026-08-16.csv"
)
DAILY_TWEET_ACTIVITY = (
    f"{REAL}/x-daily-tweet-activity-legacy/2021-07-31/"
    "daily_tweet_activity_metrics_acmeco_20210701_20210731_en.csv"
)
TWEET_ACTIVITY = (
    f"{REAL}/x-tweet-activity-legacy/2021-09-01/"
    "tweet_activity_metrics_acmeco_20210801_20210901_en.csv"
)
CONTENT_COLUMNS = (
    "post_id, posted_date, post_text, post_url, impressions, likes, engagements, bookmarks, "
    "shares, new_follows, replies, reposts, profile_visits, detail_expands, url_clicks, "
    "hashtag_clicks, permalink_clicks"
)


def _land_clean(landing, export_date: str, fixture: str) -> str:
    """Land and ingest one fixture that must load with no row quarantined and no cell nulled."""
    source = landing.add("x", "acme", export_date, fixture)
    landing.ingest()
    assert landing.quarantine(source) == []
    assert landing.nulled_cells(source) == []
    return source


def test_overview_without_final_newline_loads_every_day_and_skips_none_of_them(landing):
    _land_clean(landing, "2025-02-19", OVERVIEW_2025)
    rows = landing.rows(
        "select activity_date, impressions, likes, new_follows, unfollows, posts_created "
        "from raw.raw_x_account_overview order by _source_row"
    )
    # Newest first; 02-15 had no activity and has no row (unknown, not 0); the last line
    # (no newline after it) is a row like the others; six-digit counts are bare.
    assert rows == [
        (date(2025, 2, 18), 742, 9, 3, 1, 1),
        (date(2025, 2, 17), 128406, 1204, 41, 6, 2),
        (date(2025, 2, 16), 95, 1, 0, 0, 0),
        (date(2025, 2, 14), 1310, 22, 5, 2, 1),
        (date(2025, 2, 13), 56, 0, 0, 1, 0),
        (date(2025, 2, 12), 2044, 35, 7, 0, 2),
        (date(2025, 2, 11), 410, 4, 1, 0, 0),
        (date(2025, 2, 10), 880, 11, 2, 1, 1),
    ]


def test_overview_is_recognised_by_its_core_columns_whatever_else_it_has(landing):
    text = (
        "Date,Impressions,New follows,Unfollows,Likes,Quote posts\n"
        '"Tue, Feb 18, 2025",742,3,1,9,2\n'
    )
    source = landing.add("x", "acme", "2025-02-19", name="overview.csv", data=text.encode())
    landing.ingest()

    assert landing.outcome(source).format_name == "x_account_overview"
    assert landing.rows(
        "select activity_date, impressions, likes, shares, posts_created, extra_columns "
        "from raw.raw_x_account_overview"
    ) == [(date(2025, 2, 18), 742, 9, None, None, '{"Quote posts":"2"}')]


def test_overview_without_a_core_column_is_not_taken_for_one(landing):
    text = 'Date,Impressions,New follows\n"Tue, Feb 18, 2025",742,3\n'
    source = landing.add("x", "acme", "2025-02-19", name="overview.csv", data=text.encode())
    landing.ingest()

    assert landing.outcome(source).status == "quarantined"
    assert landing.quarantine(source)[0][1].startswith("unrecognised format")


def test_early_2025_content_reads_link_share_and_zero_padded_weekday_dates(landing):
    source = _land_clean(landing, "2025-02-18", CONTENT_EARLY_CRLF)

    assert landing.outcome(source).format_name == "x_content"
    link = "https://x.com/acmeco/status/"
    # CRLF line ends; "Link" is the post link, "Share" the shares, "Detail expands" and
    # "Url clicks" differ from today's titles in case only; text HTML-unescaped.
    rows = landing.rows(f"select {CONTENT_COLUMNS} from raw.raw_x_content order by _source_row")
    assert rows == [
        ("1891200000000000103", date(2025, 2, 17),
         "Spring catalogue is out & it's big, see https://t.co/Sp1ngC4t",
         f"{link}1891200000000000103", 2150, 48, 131, 6, 3, 2, 9, 12, 14, 30, 7, 1, 0),
        ("1889900000000000102", date(2025, 2, 9), "Quiet sunday at the workshop",
         f"{link}1889900000000000102", 310, 5, 12, 0, 0, 0, 1, 0, 2, 3, 0, 0, 1),
        ("1888000000000000101", date(2025, 2, 4), "https://t.co/W0rkSh0p",
         f"{link}1888000000000000101", 95, 1, 3, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0),
        ("1885500000000000100", date(2025, 1, 28), 'Our motto: "measure twice"',
         f"{link}1885500000000000100", 480, 9, 22, 1, 1, 0, 2, 3, 1, 5, 1, 0, 0),
    ]  # fmt: skip
    assert landing.rows("select distinct extra_columns from raw.raw_x_content") == [(None,)]


def test_early_2025_content_with_lf_and_a_post_before_the_named_window_loads(landing):
    landing.add("x", "acme", "2025-02-13", CONTENT_EARLY_LF)
    landing.ingest()

    # Named from 2024-11-14 but listing a post of Nov 13 (X filters in another time zone).
    assert landing.rows(
        "select post_id, posted_date, impressions, shares from raw.raw_x_content "
        "order by _source_row"
    ) == [
        ("1889900000000000102", date(2025, 2, 9), 290, 0),
        ("1888000000000000101", date(2025, 2, 4), 90, 0),
        ("1885500000000000100", date(2025, 1, 28), 470, 1),
        ("1856900000000000099", date(2024, 11, 13), 61, 0),
    ]


def test_placeholder_content_rows_ending_in_status_undefined_are_quarantined(landing):
    source = landing.add("x", "acme", "2026-08-17", CONTENT_LATE)
    landing.ingest()

    outcome = landing.outcome(source)
    assert (outcome.rows_read, outcome.rows_loaded, outcome.rows_quarantined) == (6, 4, 2)
    # No id, no date, no text: the rows name no post and no day.
    assert landing.quarantine(source) == [
        (3, "Post id: missing; Date: missing"),
        (4, "Post id: missing; Date: missing"),
    ]
    placeholder = ",,,https://x.com/acmeco_now/status/undefined" + ",0" * 13
    raw_texts = landing.rows(
        "select raw_text from raw.quarantine where source_file = ? order by record_number",
        [source],
    )
    assert raw_texts == [(placeholder,), (placeholder,)]
    assert landing.nulled_cells(source) == []


def test_late_content_reads_minimal_quoting_multiline_text_and_quoted_dates(landing):
    landing.add("x", "acme", "2026-08-17", CONTENT_LATE)
    landing.ingest()

    link = "https://x.com/acmeco_now/status/"
    rows = landing.rows(f"select {CONTENT_COLUMNS} from raw.raw_x_content order by _source_row")
    assert rows == [
        ("2056000000000000204", date(2026, 8, 15), "@partner thanks for the shout-out \U0001f64c",
         f"{link}2056000000000000204", 88, 2, 5, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0),
        ("2055800000000000203", date(2026, 8, 14),
         "Launch day, finally: the new app is live https://t.co/L4unchD4y",
         f"{link}2055800000000000203", 214377, 2890, 9120, 310, 122, 57, 240, 415, 388, 2702,
         611, 9, 0),
        ("2055100000000000202", date(2026, 8, 12), 'She said "ship it"\nand we did',
         f"{link}2055100000000000202", 1205, 17, 44, 2, 1, 1, 3, 4, 6, 9, 2, 0, 0),
        ("2054700000000000201", date(2026, 8, 10), "Monday coffee and a roadmap review",
         f"{link}2054700000000000201", 403, 6, 15, 1, 0, 0, 2, 1, 0, 3, 0, 0, 0),
    ]  # fmt: skip


def test_content_without_optional_columns_loads_them_as_null_and_keeps_unknown_ones(landing):
    text = (
        "Post id,Date,Post text,Link,Impressions,Likes,Video views\n"
        '1891200000000000103,Mon Feb 17 2025,"hello",https://x.com/a/status/1891200000000000103,'
        "2150,48,300\n"
    )
    source = landing.add("x", "acme", "2025-02-18", name="content.csv", data=text.encode())
    landing.ingest()

    assert landing.quarantine(source) == []
    assert landing.rows(
        "select post_id, post_url, impressions, likes, shares, url_clicks, extra_columns "
        "from raw.raw_x_content"
    ) == [
        ("1891200000000000103", "https://x.com/a/status/1891200000000000103", 2150, 48, None,
         None, '{"Video views":"300"}')
    ]  # fmt: skip


def test_legacy_daily_tweet_activity_loads_one_row_per_day_of_its_window(landing):
    source = landing.add("x", "acme", "2021-07-31", DAILY_TWEET_ACTIVITY)
    landing.ingest()

    outcome = landing.outcome(source)
    assert outcome.format_name == "x_daily_tweet_activity"
    assert (outcome.rows_read, outcome.rows_loaded) == (30, 30)
    assert landing.nulled_cells(source) == []
    # The end date in the name is exclusive: 07-01 .. 07-30.
    assert landing.rows(
        "select min(activity_date), max(activity_date), count(distinct activity_date) "
        "from raw.raw_x_daily_tweet_activity"
    ) == [(date(2021, 7, 1), date(2021, 7, 30), 30)]
    rows = landing.rows(
        "select activity_date, tweets_published, impressions, engagements, engagement_rate, "
        "retweets, replies, likes, user_profile_clicks, url_clicks, hashtag_clicks, "
        "detail_expands, permalink_clicks, app_opens, app_installs, follows, email_tweet, "
        "dial_phone, media_views, media_engagements from raw.raw_x_daily_tweet_activity "
        "where activity_date in ('2021-07-05', '2021-07-11', '2021-07-18') order by 1"
    )
    assert rows == [
        (date(2021, 7, 5), 3, 5120, 143, 0.0279296875, 6, 4, 38, 12, 9, 1, 40, 0, 0, 0, 2, 0, 0,
         210, 31),
        # "7.5E-4": the engagement rate in scientific notation.
        (date(2021, 7, 11), 1, 4000, 3, 0.00075, 0, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12, 0),
        # A day without activity is written, all zeros.
        (date(2021, 7, 18), *(0,) * 3, 0.0, *(0,) * 15),
    ]  # fmt: skip
    [(extra,)] = landing.rows(
        "select distinct extra_columns->>'promoted impressions' from raw.raw_x_daily_tweet_activity"
    )
    assert extra == "-"


def test_legacy_daily_tweet_activity_bad_cells_are_nulled_and_a_bad_date_quarantines_its_row(
    landing,
):
    text = (FIXTURES / DAILY_TWEET_ACTIVITY).read_text(encoding="utf-8")
    text = text.replace('"2021-07-05","3","5120"', '"2021-07-05","3","-12"')
    text = text.replace('"2021-07-11","1","4000","3","7.5E-4"', '"2021-07-11","1","4000","3","x"')
    text = text.replace('"2021-07-18"', '"2021-07-32"')
    source = landing.add(
        "x", "acme", "2021-07-31", name=Path(DAILY_TWEET_ACTIVITY).name, data=text.encode()
    )
    landing.ingest()

    assert landing.quarantine(source) == [(18, "Date: cannot parse 2021-07-32")]
    assert landing.nulled_cells(source) == [
        (5, "impressions", "impressions: negative count -12 (cell set to NULL, the row loaded)"),
        (11, "engagement rate",
         "engagement rate: cannot parse x (cell set to NULL, the row loaded)"),
    ]  # fmt: skip
    assert landing.rows(
        "select activity_date, impressions, likes, engagement_rate "
        "from raw.raw_x_daily_tweet_activity where activity_date in ('2021-07-05', '2021-07-11') "
        "order by 1"
    ) == [(date(2021, 7, 5), None, 38, 0.0279296875), (date(2021, 7, 11), 4000, 2, None)]


def test_legacy_tweet_activity_reads_float_counts_scientific_rates_and_multiline_text(landing):
    _land_clean(landing, "2021-09-01", TWEET_ACTIVITY)
    rows = landing.rows(
        "select post_id, post_text, posted_at, impressions, engagements, engagement_rate, "
        "retweets, replies, likes, url_clicks, follows, media_views, media_engagements "
        "from raw.raw_x_tweet_activity order by _source_row"
    )
    assert rows == [
        ("1432000000000000503", "Back to school & back to work! https://t.co/B4ckT0Sch",
         datetime(2021, 8, 30, 16, 5), 2210, 77, pytest.approx(77 / 2210), 5, 3, 31, 9, 1, 48,
         12),
        ("1429000000000000502", 'Line one of the thread\nline two, "quoted"',
         datetime(2021, 8, 21, 8, 40), 4120, 3, pytest.approx(3 / 4120), 0, 0, 2, 0, 0, 0, 0),
        ("1427000000000000501", "Summer hours: open 9-5 <3", datetime(2021, 8, 16, 21, 15), 120,
         6, 0.05, 1, 0, 4, 0, 0, 0, 0),
    ]  # fmt: skip
