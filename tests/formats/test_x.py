"""X analytics: account overview, per-post content, and the legacy tweet activity export."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from landing_zone import FIXTURES

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
