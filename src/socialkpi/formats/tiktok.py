"""TikTok Studio exports: ``FollowerHistory.csv``, ``Overview.csv`` and ``Content.csv``.

All carry year-less dates (``December 30``, ``30 décembre``) resolved against
the export date, December to January wrap included, and may hold the literal
``undefined`` for a value TikTok does not have (loaded as NULL, not an error).
``FollowerHistory.csv`` holds the follower **total** per day and its net change:
the best purge signal of any export. ``Content.csv`` lists recent videos with
lifetime counts; its video id is taken from the video link.
"""

from __future__ import annotations

from socialkpi.formats.base import Column, CsvFormat, ExportFormat, Sniff, register

FOLLOWER_HISTORY_HEADERS = ("Date", "Followers", "Difference in followers from previous day")
OVERVIEW_HEADERS = ("Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares")
CONTENT_HEADERS = (
    "Video title", "Video link", "Post time",
    "Total likes", "Total comments", "Total shares", "Total views",
)  # fmt: skip

_date = Column(
    "activity_date", "date", ("Date",), "sk_yearless_date", required=True, needs_export_date=True
)


def _header_is(sniff: Sniff, expected: tuple[str, ...]) -> bool:
    return sniff.header_cells() == expected


TIKTOK_FOLLOWER_HISTORY = register(
    ExportFormat(
        name="tiktok_follower_history",
        platforms=frozenset({"tiktok"}),
        raw_table="raw_tiktok_follower_history",
        detect=lambda sniff: _header_is(sniff, FOLLOWER_HISTORY_HEADERS),
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
        detect=lambda sniff: _header_is(sniff, OVERVIEW_HEADERS),
        csv=CsvFormat(
            skip_lines=0,
            columns=(
                _date,
                Column("video_views", "bigint", ("Video Views",), "sk_count_nonneg"),
                Column("profile_views", "bigint", ("Profile Views",), "sk_count_nonneg"),
                Column("likes", "bigint", ("Likes",), "sk_count_nonneg"),
                Column("comments", "bigint", ("Comments",), "sk_count_nonneg"),
                Column("shares", "bigint", ("Shares",), "sk_count_nonneg"),
            ),
        ),
        description="Daily video views, profile views, likes, comments and shares.",
    )
)

TIKTOK_CONTENT = register(
    ExportFormat(
        name="tiktok_content",
        platforms=frozenset({"tiktok"}),
        raw_table="raw_tiktok_content",
        detect=lambda sniff: _header_is(sniff, CONTENT_HEADERS),
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
