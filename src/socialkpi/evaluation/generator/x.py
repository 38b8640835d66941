"""X (formerly Twitter) analytics exports.

Per export folder: ``account_overview_analytics.csv`` (UTF-8, every cell
quoted, newest day first, ``"Sat, Jun 6, 2026"`` dates, counts with thousands
commas for some accounts) and ``account_analytics_content_<from>_<to>.csv``
(one row per post of the window, newest first, plain counts, ``Date`` without
time of day).

X restates the last three days: in an export downloaded on day E, the rows
for days E-3 .. E-1 hold provisional values (a few percent low) unless that
export is the newest one covering the day. The newest export always holds
the final (truth) values.
"""

from __future__ import annotations

import numpy as np

from socialkpi.evaluation.generator.base import AccountWriter, ExportFile
from socialkpi.evaluation.generator.textfmt import csv_field, quoted, x_date

OVERVIEW_HEADER = (
    '"Date","Impressions","Likes","Engagements","Bookmarks","Shares","New follows","Unfollows",'
    '"Replies","Reposts","Profile visits","Create Post","Video views","Media views"'
)
# Truth column behind each overview column after Date.
OVERVIEW_COLUMNS = (
    "impressions",
    "likes",
    "engagements",
    "saves",
    "shares",
    "gains",
    "losses",
    "comments",
    "reposts",
    "profile_visits",
    "posts_published",
    "video_views",
    "media_views",
)
CONTENT_HEADER = (
    "Post id,Date,Post text,Post Link,Impressions,Likes,Engagements,Bookmarks,Shares,"
    "New follows,Replies,Reposts,Profile visits,Detail Expands,URL Clicks,Hashtag Clicks,"
    "Permalink Clicks"
)
ENGAGEMENT_PARTS = (
    "likes",
    "saves",
    "shares",
    "comments",
    "reposts",
    "profile_visits",
    "detail_expands",
    "link_clicks",
    "hashtag_clicks",
    "permalink_clicks",
)
RESTATED_DAYS = 3


class XWriter(AccountWriter):
    """X account exports."""

    def __init__(self, world, account, rng) -> None:
        super().__init__(world, account, rng)
        self.values = np.stack([world.daily[c][self.a] for c in OVERVIEW_COLUMNS], axis=1)
        self.dates = [quoted(x_date(d)) for d in world.dates[: world.days]]
        self.rows = [self._row(d, self.values[d].tolist()) for d in range(world.days)]

    def _row(self, day: int, values: list[int]) -> str:
        if self.account.thousands_commas:
            cells = ",".join(f'"{v:,}"' for v in values)
        else:
            cells = ",".join(f'"{v}"' for v in values)
        return f"{self.dates[day]},{cells}\n"

    def export(self, export_index: int) -> list[ExportFile]:
        lo, hi = self.window_of(export_index)
        rows = self.rows[lo:hi]
        for day in range(max(lo, hi - RESTATED_DAYS), hi):
            if self.newest[day] != export_index:
                rows[day - lo] = self._row(day, self._provisional(day, export_index - day))
        overview = (OVERVIEW_HEADER + "\n" + "".join(reversed(rows))).encode("utf-8")
        files = [
            ExportFile(
                "account_overview_analytics.csv", "x_account_overview", overview, (lo, hi - 1)
            )
        ]
        files.append(self._content(export_index, lo, hi))
        return files

    def _provisional(self, day: int, age: int) -> list[int]:
        """Values not yet final: the most recent day is the most incomplete."""
        shortfall = (
            self.rng.uniform(0.02, 0.12, len(OVERVIEW_COLUMNS)) * (RESTATED_DAYS + 1 - age) / 3
        )
        values = np.floor(self.values[day] * (1 - shortfall)).astype(np.int64)
        posts_col = OVERVIEW_COLUMNS.index("posts_published")
        values[posts_col] = self.values[day, posts_col]
        return values.tolist()

    def _content(self, export_index: int, lo: int, hi: int) -> ExportFile:
        world, posts = self.world, self.world.posts
        sl = self.post_slice(lo, hi)
        life = posts.lifetime(sl, export_index)
        life["engagements"] = sum(life[m] for m in ENGAGEMENT_PARTS)
        columns = (
            "views",
            "likes",
            "engagements",
            "saves",
            "shares",
            "follows",
            "comments",
            "reposts",
            "profile_visits",
            "detail_expands",
            "link_clicks",
            "hashtag_clicks",
            "permalink_clicks",
        )
        table = np.stack([life[c] for c in columns], axis=1).tolist()
        _, username = self.account.handle_at(export_index)
        lines = []
        for j, k in enumerate(range(sl.start, sl.stop)):
            lines.append(
                f"{posts.post_id[k]},{csv_field(x_date(world.dates[int(posts.day[k])]))},"
                f"{csv_field(posts.text[k])},https://x.com/{username}/status/{posts.post_id[k]},"
                + ",".join(map(str, table[j]))
                + "\n"
            )
        name = (
            f"account_analytics_content_{world.dates[lo].isoformat()}_"
            f"{world.dates[hi - 1].isoformat()}.csv"
        )
        data = (CONTENT_HEADER + "\n" + "".join(reversed(lines))).encode("utf-8")
        return ExportFile(name, "x_content", data, (lo, hi - 1))
