"""TikTok Studio exports: ``FollowerHistory.csv``, ``Overview.csv``, ``Viewers.csv`` and
``Content.csv`` (loose, zipped, or ``Overview.xlsx`` read as its one sheet).

As downloaded they are UTF-8 with a byte-order mark, every field quoted, LF line
ends and no newline after the last row. Dates carry **no year** (``December 30``,
``30 décembre``, ``8 de marzo``, ``25 Φεβρουαρίου``); the header stays in
English whatever the language of the dates. A daily file (history, overview,
viewers) covers up to 365 days and is dated by walking its rows back from the
export date (``Column.walk_years``): a 365-day export downloaded on 2026-02-28
starts on ``February 28`` **2025**, which mapping each day to its latest past
date would put on 2026-02-28. ``Content.csv`` lists videos with their year-less
``Post time``, read as the latest such day on or before the export date (a
leading ``Time`` column, the download day, is kept in ``extra_columns``).

``undefined`` (and the business suite's ``NAN`` and ``--``) is TikTok's "no value":
NULL, not an error. ``Overview.csv`` holds negative daily ``Comments`` on days
when more comments were deleted than written: a platform fact, loaded as it is.
``FollowerHistory.csv`` holds the follower **total** per day and its net change:
the best purge signal of any export.

TikTok's business-account suite writes sibling files with years (``2025/10/31``)
and other titles (``Video views``, ``Reached audience``, ``New followers``,
``Lost followers``, ``Total followers``): they are read by the same formats, the
extra flows and reach included.

The Followers tab also downloads ``FollowerActivity.csv`` (active followers per
hour), ``FollowerGender.csv`` and ``FollowerTopTerritories.csv`` (shares of the
audience): recognised, and skipped with that reason (no daily account metric to
load; the file stays in the landing zone).
"""

from __future__ import annotations

from socialkpi.formats.base import (
    Column,
    CsvFormat,
    ExportFormat,
    Sniff,
    header_key,
    register,
    register_not_loaded,
)

TIKTOK = frozenset({"tiktok"})


def _titles(sniff: Sniff) -> set[str]:
    return {header_key(cell) for cell in sniff.header_cells()}


def _keys(*titles: str) -> frozenset[str]:
    return frozenset(header_key(title) for title in titles)


# The columns that make each file what it is (recognised by these, in any order, whatever
# else the file holds). The follower total is "Followers" (Studio) or "Total followers" beside
# "New followers" (business suite; LinkedIn's New followers sheet has a "Total followers" of
# new followers, beside "Organic followers" instead).
_STUDIO_TOTAL = _keys("Followers")
_BUSINESS_TOTAL = _keys("Total followers", "New followers")
_OVERVIEW_CORE = _keys("Date", "Video Views", "Profile Views")
_VIEWERS_CORE = _keys("Date", "Total Viewers")
_CONTENT_CORE = _keys("Video link", "Post time")


def _is_follower_history(sniff: Sniff) -> bool:
    titles = _titles(sniff)
    return (
        header_key("Date") in titles
        and (_STUDIO_TOTAL <= titles or _BUSINESS_TOTAL <= titles)
        and not titles & (_OVERVIEW_CORE - _keys("Date"))
    )


# Daily files: year-less days dated by walking the rows back from the export date; a file
# whose days carry their year (business suite) is read as such.
_date = Column(
    "activity_date",
    "date",
    ("Date",),
    "sk_yearless_date",
    required=True,
    needs_export_date=True,
    walk_years=True,
)


def _count(name: str, *headers: str, signed: bool = False) -> Column:
    return Column(name, "bigint", headers, "sk_count" if signed else "sk_count_nonneg")


TIKTOK_FOLLOWER_HISTORY = register(
    ExportFormat(
        name="tiktok_follower_history",
        platforms=TIKTOK,
        raw_table="raw_tiktok_follower_history",
        detect=_is_follower_history,
        csv=CsvFormat(
            skip_lines=0,
            columns=(
                _date,
                _count("followers_total", "Followers", "Total followers"),
                _count(
                    "followers_net_change", "Difference in followers from previous day", signed=True
                ),
                _count("new_followers", "New followers"),
                _count("lost_followers", "Lost followers"),
            ),
        ),
        description="Daily follower total and net change (TikTok Studio, up to 365 days back).",
    )
)

TIKTOK_OVERVIEW = register(
    ExportFormat(
        name="tiktok_overview",
        platforms=TIKTOK,
        raw_table="raw_tiktok_overview",
        detect=lambda sniff: _OVERVIEW_CORE <= _titles(sniff),
        csv=CsvFormat(
            skip_lines=0,
            columns=(
                _date,
                _count("video_views", "Video Views"),
                _count("profile_views", "Profile Views"),
                _count("likes", "Likes"),
                # Negative on days when more comments were deleted than written: a platform
                # fact, loaded as it is (the day's views, likes and shares stand).
                _count("comments", "Comments", signed=True),
                _count("shares", "Shares"),
                # Business suite only.
                _count("reach", "Reached audience"),
                _count("new_followers", "New followers"),
                _count("lost_followers", "Lost followers"),
            ),
        ),
        description="Daily video views, profile views, likes, comments (net of deleted "
        "ones: may be negative) and shares.",
    )
)

TIKTOK_VIEWERS = register(
    ExportFormat(
        name="tiktok_viewers",
        platforms=TIKTOK,
        raw_table="raw_tiktok_viewers",
        detect=lambda sniff: _VIEWERS_CORE <= _titles(sniff),
        csv=CsvFormat(
            skip_lines=0,
            columns=(
                _date,
                # "undefined" before the account had data and on the newest, not yet
                # computed day: NULL, never 0.
                _count("total_viewers", "Total Viewers"),
                _count("new_viewers", "New Viewers"),
                _count("returning_viewers", "Returning Viewers"),
            ),
        ),
        description="Daily unique viewers of the account's videos (total, new, returning).",
    )
)

TIKTOK_CONTENT = register(
    ExportFormat(
        name="tiktok_content",
        platforms=TIKTOK,
        raw_table="raw_tiktok_content",
        detect=lambda sniff: _CONTENT_CORE <= _titles(sniff),
        csv=CsvFormat(
            skip_lines=0,
            columns=(
                Column("video_id", "varchar", ("Video link",), "sk_tiktok_video_id", required=True),
                Column("video_title", "varchar", ("Video title",), "sk_text"),
                Column("video_url", "varchar", ("Video link",), "sk_text"),
                Column(
                    "posted_date",
                    "date",
                    ("Post time",),
                    "sk_yearless_or_dated",
                    required=True,
                    needs_export_date=True,
                ),
                _count("likes", "Total likes", "Likes"),
                _count("comments", "Total comments", "Comments"),
                _count("shares", "Total shares", "Shares"),
                _count("views", "Total views", "Video views"),
            ),
        ),
        description="Recent videos with lifetime likes, comments, shares and views.",
    )
)

_AUDIENCE_BREAKDOWNS = {
    "tiktok_follower_activity": (_keys("Date", "Hour", "Active followers"), "active followers"),
    "tiktok_follower_gender": (_keys("Gender", "Distribution"), "followers by gender"),
    "tiktok_follower_territories": (
        _keys("Top territories", "Distribution"),
        "followers by territory",
    ),
}

for _name, (_core, _what) in _AUDIENCE_BREAKDOWNS.items():
    register_not_loaded(
        _name,
        TIKTOK,
        lambda sniff, core=_core: core <= _titles(sniff),
        what=f"TikTok Studio audience breakdown ({_what})",
        why="shares or hourly activity of the audience, not a daily account metric; not loaded",
    )
