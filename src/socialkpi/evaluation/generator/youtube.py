"""YouTube Studio exports: a zip of ``Table data.csv``, ``Chart data.csv``, ``Totals.csv``.

``Table data.csv``: ``Content,Video title,Video publish time,Duration,Views,
Subscribers`` with a leading ``Total`` row, one row per video published in the
window (lifetime views to date); ids starting with ``-`` written with a leading
space; publish times alternate between ``Sep 26, 2026`` and ISO. ``Chart
data.csv``: ``Date,Views,Subscribers gained,Subscribers lost`` per day (losses
are the organic ones: a purge is not in the flows). ``Totals.csv``: ``Date,Views``.
"""

from __future__ import annotations

from socialkpi.evaluation.generator.base import AccountWriter, ExportFile
from socialkpi.evaluation.generator.textfmt import csv_field
from socialkpi.evaluation.generator.tiktok import deterministic_zip

TABLE_HEADER = "Content,Video title,Video publish time,Duration,Views,Subscribers"
CHART_HEADER = "Date,Views,Subscribers gained,Subscribers lost"


class YouTubeWriter(AccountWriter):
    """YouTube channel exports."""

    def export(self, export_index: int) -> list[ExportFile]:
        world = self.world
        lo, hi = self.window_of(export_index)
        daily = world.daily
        views = daily["views"][self.a]
        gains, losses = daily["gains"][self.a], daily["losses"][self.a]
        chart = [CHART_HEADER] + [
            f"{world.dates[d].isoformat()},{int(views[d])},{int(gains[d])},{int(losses[d])}"
            for d in range(lo, hi)
        ]
        totals = ["Date,Views"] + [
            f"{world.dates[d].isoformat()},{int(views[d])}" for d in range(lo, hi)
        ]
        posts = world.posts
        sl = self.post_slice(lo, hi)
        life = posts.lifetime(sl, export_index)["views"].tolist()
        net = int(gains[lo:hi].sum() - losses[lo:hi].sum())
        table = [TABLE_HEADER, f"Total,,,,{sum(life)},{net}"]
        for j, k in enumerate(range(sl.start, sl.stop)):
            video_id = posts.post_id[k]
            shown = " " + video_id if video_id.startswith("-") else video_id
            day = world.dates[int(posts.day[k])]
            published = (
                f"{day:%b} {day.day}, {day.year}" if k % 2 else f"{day.isoformat()} 12:00:00"
            )
            table.append(
                f"{shown},{csv_field(posts.text[k])},{csv_field(published)},{60 + k % 600},"
                f"{life[j]},0"
            )
        members = [
            ("Table data.csv", ("\n".join(table) + "\n").encode()),
            ("Chart data.csv", ("\n".join(chart) + "\n").encode()),
            ("Totals.csv", ("\n".join(totals) + "\n").encode()),
        ]
        day = world.dates[export_index]
        start = world.dates[lo]
        data = deterministic_zip(members, day.year, day.month, day.day)
        return [
            ExportFile(
                f"Content {start:%Y-%m-%d}_{world.dates[hi - 1]:%Y-%m-%d} Channel.zip",
                "youtube_zip",
                data,
                (lo, hi - 1),
                members=tuple(m[0] for m in members),
            )
        ]
