"""TikTok Studio exports: ``FollowerHistory.csv``, ``Overview.csv`` and ``Content.csv``.

All carry year-less dates (``December 30``, ``30 décembre``) resolved against
the export date, December to January wrap included, and may hold the literal
``undefined`` for a value TikTok does not have (loaded as NULL, not an error).
``FollowerHistory.csv`` holds the follower **total** per day and its net change:
the best purge signal of any export. ``Content.csv`` lists recent videos with
lifetime counts; its video id is taken from the video link.
"""

from __future__ import annotations

from socialkpi.formats.base import Column, CsvFormat, ExportFormat, Sniff, header_key, register

# The columns that make each file what it is (recognised by these, in any order, whatever
# else the file holds: TikTok adds columns, such as a leading "Time" in some Content.csv).
FOLLOWER_HISTORY_CORE = frozenset({"Date", "Followers"})
OVERVIEW_CORE = frozenset({"Date", "Video Views", "Profile Views"})
CONTENT_CORE = frozenset({"Video link", "Post time"})

_date = Column(
    "activity_date", "date", ("Date",), "sk_yearless_date", required=True, needs_export_date=True
)


def _has_core(sniff: Sniff, core: frozenset[str]) -> bool:
    return core <= {header_key(cell) for cell in sniff.header_cells()}


def _core(*titles: str) -> frozenset[str]:
    return frozenset(header_key(title) for title in titles)


def _is_follower_history(sniff: Sniff) -> bool:
    cells = {header_key(cell) for cell in sniff.header_cells()}
    # Overview has no Followers column; Followers.csv-style files with views are not history.
    return _FOLLOWER_HISTORY <= cells and not cells & _OVERVIEW_ONLY


_FOLLOWER_HISTORY = _core(*FOLLOWER_HISTORY_CORE)
_OVERVIEW = _core(*OVERVIEW_CORE)
_CONTENT = _core(*CONTENT_CORE)
_OVERVIEW_ONLY = _core("Video Views", "Profile Views")


TIKTOK_FOLLOWER_HISTORY = register(
    ExportFormat(
        name="tiktok_follower_history",
        platforms=frozenset({"tiktok"}),
        raw_table="raw_tiktok_follower_history",
        detect=_is_follower_history,
        csv=CsvFormat(
            skip_lines=0,
            columns=(
                _date,
                Column("followers_total", "bigint", ("Followers",), "sk_count_nonneg"),
                Column(
                    "followers_net_change",
                    "bigint",
                    ("Difference in followers from previous day",),
                    "sk_count",
                ),
            ),
        ),
        description="Daily follower total and net change (TikTok Studio, ~60 days back).",
    )
)

TIKTOK_OVERVIEW = register(
    ExportFormat(
        name="tiktok_overview",
        platforms=frozenset({"tiktok"}),
        raw_table="raw_tiktok_overview",
        detect=lambda sniff: _has_core(sniff, _OVERVIEW),
        csv=CsvFormat(
            skip_lines=0,
            columns=(
                _date,
                Column("video_views", "bigint", ("Video Views",), "sk_count_nonneg"),
                Column("profile_views", "bigint", ("Profile Views",), "sk_count_nonneg"),
                Column("likes", "bigint", ("Likes",), "sk_count_nonneg"),
                # Negative on days when more comments were deleted than written: a platform
                # fact, loaded as it is (the day's views, likes and shares stand).
                Column("comments", "bigint", ("Comments",), "sk_count"),
                Column("shares", "bigint", ("Shares",), "sk_count_nonneg"),
            ),
        ),
        description="Daily video views, profile views, likes, comments (net of deleted "
        "ones: may be negative) and shares.",
    )
)

TIKTOK_CONTENT = register(
    ExportFormat(
        name="tiktok_content",
        platforms=frozenset({"tiktok"}),
        raw_table="raw_tiktok_content",
        detect=lambda sniff: _has_core(sniff, _CONTENT),
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
                    "sk_yearless_date",
                    required=True,
                    needs_export_date=True,
                ),
                Column("likes", "bigint", ("Total likes",), "sk_count_nonneg"),
                Column("comments", "bigint", ("Total comments",), "sk_count_nonneg"),
                Column("shares", "bigint", ("Total shares",), "sk_count_nonneg"),
                Column("views", "bigint", ("Total views",), "sk_count_nonneg"),
            ),
        ),
        description="Recent videos with lifetime likes, comments, shares and views.",
    )
)
