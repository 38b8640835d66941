"""X (formerly Twitter) analytics exports.

Each format is recognised by a core set of columns (header titles matched
case-insensitively, in any order); its other columns are read when present
and NULL when a generation of the export lacks them; columns no reader knows
are kept in ``extra_columns``. Numbers are plain in real downloads (no
thousands separators), but separators are accepted.

* ``account_overview_analytics.csv``: one row per day, newest first, dates like
  ``"Sat, Jun 6, 2026"``. ``New follows`` and ``Unfollows`` are the follower
  flows. A day without any activity is absent from the file: it stays unknown
  (no row), never 0. X revises the last few days, so overlapping exports
  disagree; the newest export wins downstream.
* ``account_analytics_content_<from>_<to>.csv``: one row per post, lifetime
  values, ``Date`` without a time of day. Two header generations are one
  format: early 2025 (``Link``, ``Share``, ``Detail expands``, ``Url clicks``;
  dates ``Mon Feb 09 2025``) and late 2025 on (``Post Link``, ``Shares``,
  ``Detail Expands``, ``URL Clicks``; dates ``"Sat, Aug 15, 2026"``). Renamed
  titles are aliases in ``socialkpi.formats.locales``. Post text is
  HTML-escaped by X (``&amp;``) and decoded on load. X writes placeholder rows
  with no id, no date and no text, all counts 0 and a link ending in
  ``/status/undefined``: they name no post and no day, so they are quarantined
  (``Post id: missing; Date: missing``, the row as written in the quarantine)
  rather than loaded.
* Legacy ``daily_tweet_activity_metrics_<handle>_<from>_<to>_<lang>.csv``
  (analytics.twitter.com, until 2023): one row per **day** for the account,
  oldest first, every day of the window (the end date in the name is
  exclusive), every field quoted. ``follows`` there counts follows from the
  account's tweets, not its new followers.
* Legacy ``tweet_activity_metrics_<handle>_<from>_<to>_<lang>.csv``: one row per
  tweet, every field quoted, counts as floats (``"1938.0"``), ``time`` with a
  UTC offset (loaded as UTC), HTML-escaped text (decoded on load).

In both legacy exports ``engagement rate`` is a fraction, sometimes in
scientific notation (``8.5E-4``), and the 18 ``promoted ...`` columns hold
``-`` for organic activity (kept in ``extra_columns``, not typed). Excel
re-saves turn post ids into ``1.23457E+18``; the id is then recovered from the
permalink, in every per-post export.
"""

from __future__ import annotations

from socialkpi.formats.base import Column, CsvFormat, ExportFormat, Sniff, header_key, register

# The columns that make each file what it is, whatever else it holds (header titles in
# English, as socialkpi.formats.locales makes them; compared with header_key).
OVERVIEW_CORE = frozenset({"Date", "Impressions", "New follows", "Unfollows"})
CONTENT_CORE = frozenset({"Post id", "Date", "Post text", "Impressions"})
DAILY_TWEET_ACTIVITY_CORE = frozenset({"Date", "Tweets published", "impressions", "engagements"})
TWEET_ACTIVITY_LEADING_HEADERS = ("Tweet id", "Tweet permalink", "Tweet text", "time")


def _has_core(sniff: Sniff, core: frozenset[str]) -> bool:
    return {header_key(title) for title in core} <= {
        header_key(cell) for cell in sniff.header_cells()
    }


def _is_tweet_activity(sniff: Sniff) -> bool:
    leading = tuple(header_key(cell) for cell in sniff.header_cells()[:4])
    return leading == tuple(header_key(title) for title in TWEET_ACTIVITY_LEADING_HEADERS)


def _count(name: str, header: str) -> Column:
    return Column(name, "bigint", (header,), "sk_count_nonneg")


def _legacy_activity_columns() -> tuple[Column, ...]:
    """The metric columns both legacy exports share, after their date or tweet columns."""
    return (
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
    )


X_ACCOUNT_OVERVIEW = register(
    ExportFormat(
        name="x_account_overview",
        platforms=frozenset({"x"}),
        raw_table="raw_x_account_overview",
        detect=lambda sniff: _has_core(sniff, OVERVIEW_CORE),
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
        detect=lambda sniff: _has_core(sniff, CONTENT_CORE),
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
                Column("post_text", "varchar", ("Post text",), "sk_html_unescape"),
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

X_DAILY_TWEET_ACTIVITY = register(
    ExportFormat(
        name="x_daily_tweet_activity",
        platforms=frozenset({"x"}),
        raw_table="raw_x_daily_tweet_activity",
        detect=lambda sniff: _has_core(sniff, DAILY_TWEET_ACTIVITY_CORE),
        csv=CsvFormat(
            skip_lines=0,
            columns=(
                Column("activity_date", "date", ("Date",), "sk_date", required=True),
                _count("tweets_published", "Tweets published"),
                *_legacy_activity_columns(),
            ),
        ),
        description="Legacy daily account activity of the account's tweets (organic only).",
    )
)

X_TWEET_ACTIVITY = register(
    ExportFormat(
        name="x_tweet_activity",
        platforms=frozenset({"x"}),
        raw_table="raw_x_tweet_activity",
        detect=_is_tweet_activity,
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
                *_legacy_activity_columns(),
            ),
        ),
        description="Legacy per-tweet activity export (organic metrics only).",
    )
)
