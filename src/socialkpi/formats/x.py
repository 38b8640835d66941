"""X (formerly Twitter) analytics exports.

* ``account_overview_analytics.csv``: one row per day, dates like
  ``"Sat, Jun 6, 2026"``, counts possibly with thousands commas. ``New follows``
  and ``Unfollows`` are the follower flows. X revises the last few days, so
  overlapping exports disagree; the newest export wins downstream.
* ``account_analytics_content_<from>_<to>.csv``: one row per post, ``Date``
  without a time of day.
* Legacy ``tweet_activity_metrics_<handle>_<from>_<to>_<lang>.csv``: every field
  quoted, counts as floats (``"1938.0"``), ``-`` for promoted metrics of
  organic tweets (the 18 ``promoted ...`` columns are not loaded), HTML-escaped
  text (decoded on load), ``time`` with a UTC offset (loaded as UTC).

Excel re-saves turn post ids into ``1.23457E+18``; the id is then recovered from
the permalink, in both per-post exports.
"""

from __future__ import annotations

from socialkpi.formats.base import Column, CsvFormat, ExportFormat, Sniff, register

OVERVIEW_SIGNATURE = frozenset({"Date", "Impressions", "New follows", "Unfollows", "Create Post"})
CONTENT_SIGNATURE = frozenset({"Post id", "Date", "Post text", "Post Link", "Impressions"})
LEGACY_LEADING_HEADERS = ("Tweet id", "Tweet permalink", "Tweet text", "time")


def _count(name: str, header: str) -> Column:
    return Column(name, "bigint", (header,), "sk_count_nonneg")


def _is_overview(sniff: Sniff) -> bool:
    header = sniff.header_cells()
    return header[:1] == ("Date",) and OVERVIEW_SIGNATURE <= set(header)


X_ACCOUNT_OVERVIEW = register(
    ExportFormat(
        name="x_account_overview",
        platforms=frozenset({"x"}),
        raw_table="raw_x_account_overview",
        detect=_is_overview,
        csv=CsvFormat(
            skip_lines=0,
            columns=(
                Column("activity_date", "date", ("Date",), "sk_date", required=True),
                _count("impressions", "Impressions"),
                _count("likes", "Likes"),
                _count("engagements", "Engagements"),
                _count("bookmarks", "Bookmarks"),
                _count("shares", "Shares"),
                _count("new_follows", "New follows"),
                _count("unfollows", "Unfollows"),
                _count("replies", "Replies"),
                _count("reposts", "Reposts"),
                _count("profile_visits", "Profile visits"),
                _count("posts_created", "Create Post"),
                _count("video_views", "Video views"),
                _count("media_views", "Media views"),
            ),
        ),
        description="Daily account activity, with follower flows (new follows, unfollows).",
    )
)

X_CONTENT = register(
    ExportFormat(
        name="x_content",
        platforms=frozenset({"x"}),
        raw_table="raw_x_content",
        detect=lambda sniff: CONTENT_SIGNATURE <= set(sniff.header_cells()),
        csv=CsvFormat(
            skip_lines=0,
            columns=(
                Column(
                    "post_id",
                    "varchar",
                    ("Post id",),
                    "sk_status_id",
                    required=True,
                    extra_headers=(("Post Link",),),
                ),
                Column("posted_date", "date", ("Date",), "sk_date", required=True),
                Column("post_text", "varchar", ("Post text",), "sk_text"),
                Column("post_url", "varchar", ("Post Link",), "sk_text"),
                _count("impressions", "Impressions"),
                _count("likes", "Likes"),
                _count("engagements", "Engagements"),
                _count("bookmarks", "Bookmarks"),
                _count("shares", "Shares"),
                _count("new_follows", "New follows"),
                _count("replies", "Replies"),
                _count("reposts", "Reposts"),
                _count("profile_visits", "Profile visits"),
                _count("detail_expands", "Detail Expands"),
                _count("url_clicks", "URL Clicks"),
                _count("hashtag_clicks", "Hashtag Clicks"),
                _count("permalink_clicks", "Permalink Clicks"),
            ),
        ),
        description="One row per post, lifetime values as of the export date.",
    )
)

X_TWEET_ACTIVITY = register(
    ExportFormat(
        name="x_tweet_activity",
        platforms=frozenset({"x"}),
        raw_table="raw_x_tweet_activity",
        detect=lambda sniff: sniff.header_cells()[:4] == LEGACY_LEADING_HEADERS,
        csv=CsvFormat(
            skip_lines=0,
            columns=(
                Column(
                    "post_id",
                    "varchar",
                    ("Tweet id",),
                    "sk_status_id",
                    required=True,
                    extra_headers=(("Tweet permalink",),),
                ),
                Column("post_url", "varchar", ("Tweet permalink",), "sk_text"),
                Column("post_text", "varchar", ("Tweet text",), "sk_html_unescape"),
                Column("posted_at", "timestamp", ("time",), "sk_offset_timestamp", required=True),
                _count("impressions", "impressions"),
                _count("engagements", "engagements"),
                Column("engagement_rate", "double", ("engagement rate",), "sk_decimal"),
                _count("retweets", "retweets"),
                _count("replies", "replies"),
                _count("likes", "likes"),
                _count("user_profile_clicks", "user profile clicks"),
                _count("url_clicks", "url clicks"),
                _count("hashtag_clicks", "hashtag clicks"),
                _count("detail_expands", "detail expands"),
                _count("permalink_clicks", "permalink clicks"),
                _count("app_opens", "app opens"),
                _count("app_installs", "app installs"),
                _count("follows", "follows"),
                _count("email_tweet", "email tweet"),
                _count("dial_phone", "dial phone"),
                _count("media_views", "media views"),
                _count("media_engagements", "media engagements"),
            ),
        ),
        description="Legacy per-tweet activity export (organic metrics only).",
    )
)
