"""LinkedIn Page analytics exports: the followers and updates workbooks, or their sheets
saved as CSV.

Per export folder, one of three shapes (drawn per export, the same for both files):

- ``.xlsx`` workbooks (own dependency-free writer, :mod:`socialkpi.evaluation.generator.xlsx`),
- ``.xls`` workbooks (old binary BIFF8, :mod:`socialkpi.evaluation.generator.xls`), as LinkedIn
  still delivers them,
- the data sheets saved as CSV by the user (``<workbook> - <sheet>.csv``, UTF-8,
  CRLF): each keeps its sheet's title line, padded with empty cells to the
  sheet's width as spreadsheet programs do.

``<company>_followers_<YYYYMMDD>``: sheet ``New followers`` (a title line, then
``MM/DD/YYYY`` dates, one row per day of the window; ``Organic followers`` = the
day's gross gains, sponsored and auto-invited 0, ``Total followers`` = the day's
gross new followers) and demographic sheets (``Location``, ``Seniority``) whose
``Total followers`` sum to the follower total at the end of day E-1, the same
point the API snapshot reports. The CSV shape has ``New followers`` only.

``<company>_updates_<YYYYMMDD>``: sheet ``Metrics`` (one row per day: organic,
sponsored and total impressions, clicks, reactions, comments and reposts, the
organic unique impressions and the three engagement rates, rounded to 4
decimals) and ``All posts`` (posts published in the window, lifetime-to-date at
the export: impressions, clicks, reactions, comments, reposts). Truth columns:
impressions, link_clicks (clicks), likes (reactions), comments, reposts; the
sponsored part is a per-account share of each day's total (0 for about half of
the pages), so organic + sponsored = total exactly.

The title texts of the sheets are modelled on the updates workbook fixture
(``Aggregated metrics of the page updates``); LinkedIn's exact wording is not
documented (unverified), and the parser does not depend on it.
"""

from __future__ import annotations

import csv
import io

import numpy as np

from socialkpi.evaluation.generator.base import AccountWriter, ExportFile
from socialkpi.evaluation.generator.xls import xls_bytes
from socialkpi.evaluation.generator.xlsx import xlsx_bytes

NEW_FOLLOWERS_HEADER = [
    "Date", "Sponsored followers", "Organic followers", "Auto-invited followers", "Total followers",
]  # fmt: skip
# (metric title, truth column) of the Metrics sheet, each split organic / sponsored / total.
METRICS = (
    ("Impressions", "impressions"),
    ("Clicks", "link_clicks"),
    ("Reactions", "likes"),
    ("Comments", "comments"),
    ("Reposts", "reposts"),
)
SPLITS = ("organic", "sponsored", "total")
METRICS_HEADER = [
    "Date",
    *(f"Impressions ({s})" for s in SPLITS),
    "Unique impressions (organic)",
    *(f"{title} ({s})" for title, _ in METRICS[1:] for s in SPLITS),
    *(f"Engagement rate ({s})" for s in SPLITS),
]
POSTS_HEADER = [
    "Update title", "Update link", "Update type", "Created date", "Impressions", "Clicks",
    "Reactions", "Comments", "Reposts", "Engagement rate", "Content Type",
]  # fmt: skip
# (truth post metric) behind each count column of All posts.
POST_METRICS = ("views", "link_clicks", "likes", "comments", "reposts")
NEW_FOLLOWERS_SHEET = "New followers"
FOLLOWERS_TITLE = "Follower metrics of the page"
METRICS_TITLE = "Aggregated metrics of the page updates"
POSTS_TITLE = "Update metrics (lifetime)"
LOCATIONS = ("Paris, Île-de-France", "Lyon, Auvergne-Rhône-Alpes", "Berlin", "London")
SENIORITIES = ("Entry", "Senior", "Manager", "Director")
# Share of exports delivered as .xlsx, .xls, and as sheets saved to CSV.
SHAPES = (("xlsx", 0.6), ("xls", 0.25), ("csv", 0.15))
# Generator format names (files.csv) of the CSV shape, per sheet.
CSV_FORMATS = {
    NEW_FOLLOWERS_SHEET: "linkedin_followers_csv",
    "Metrics": "linkedin_metrics_csv",
    "All posts": "linkedin_posts_csv",
}


def _split(total: int, weights: tuple[float, ...]) -> list[int]:
    parts = [int(total * w) for w in weights[:-1]]
    return [*parts, total - sum(parts)]


def _rate(engaged: int, impressions: int) -> float:
    return round(engaged / impressions, 4) if impressions else 0.0


def _titled(title: str, header: list[str], rows: list[list]) -> list[list]:
    """A sheet as LinkedIn lays it out: a title line, the header, the rows."""
    return [[title], header, *rows]


def sheet_csv(rows: list[list]) -> bytes:
    """A sheet saved as CSV: every line as wide as the sheet (the title line padded with
    empty cells), CRLF line ends, UTF-8."""
    width = max(len(row) for row in rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([*("" if v is None else v for v in row), *[""] * (width - len(row))])
    return buffer.getvalue().encode("utf-8")


class LinkedInWriter(AccountWriter):
    """LinkedIn page exports (followers and updates)."""

    def __init__(self, world, account, rng) -> None:
        super().__init__(world, account, rng)
        daily = world.daily
        paid = rng.random() < 0.5
        share = rng.uniform(0.05, 0.3) if paid else 0.0
        day_share = share * rng.uniform(0.5, 1.5, world.days)
        self.totals = {c: daily[c][self.a].astype(np.int64) for _, c in METRICS}
        self.sponsored = {
            c: np.floor(v * day_share).astype(np.int64) for c, v in self.totals.items()
        }
        self.reach = daily["reach"][self.a]

    def export(self, export_index: int) -> list[ExportFile]:
        lo, hi = self.window_of(export_index)
        shapes, weights = zip(*SHAPES, strict=True)
        shape = shapes[int(self.rng.choice(len(shapes), p=np.array(weights)))]
        _, username = self.account.handle_at(export_index)
        stamp = f"{self.world.dates[export_index]:%Y%m%d}"
        covers = (lo, hi - 1)
        followers, updates = (
            self._followers(export_index, lo, hi),
            self._updates(export_index, lo, hi),
        )
        if (
            shape in ("xlsx", "xls")
            and self.world.glitched_total(self.a, export_index - 1) is not None
        ):
            # The demographic sheets state the true total of the glitched snapshot's day.
            self.world.note_other_source(self.a, export_index - 1, "linkedin_demographics")
        files = []
        for stem, sheets, fmt in (
            (f"{username}_followers_{stamp}", followers, "linkedin_followers"),
            (f"{username}_updates_{stamp}", updates, "linkedin_updates"),
        ):
            if shape == "xlsx":
                files.append(ExportFile(f"{stem}.xlsx", fmt, xlsx_bytes(sheets), covers))
            elif shape == "xls":
                files.append(ExportFile(f"{stem}.xls", fmt, xls_bytes(sheets), covers))
            else:
                files += [
                    ExportFile(f"{stem} - {name}.csv", CSV_FORMATS[name], sheet_csv(rows), covers)
                    for name, rows in sheets.items()
                    if name in CSV_FORMATS
                ]
        return files

    def _followers(self, export_index: int, lo: int, hi: int) -> dict[str, list[list]]:
        world = self.world
        gains = world.daily["gains"][self.a]
        rows = []
        for d in range(lo, hi):
            g = int(gains[d])
            rows.append([f"{world.dates[d]:%m/%d/%Y}", 0, g, 0, g])
        total = int(world.daily["followers_total"][self.a, export_index - 1])
        return {
            NEW_FOLLOWERS_SHEET: _titled(FOLLOWERS_TITLE, NEW_FOLLOWERS_HEADER, rows),
            "Location": [["Location", "Total followers"],
                         *zip(LOCATIONS, _split(total, (0.4, 0.3, 0.2, 0.1)), strict=True)],
            "Seniority": [["Seniority", "Total followers"],
                          *zip(SENIORITIES, _split(total, (0.25, 0.25, 0.25, 0.25)), strict=True)],
        }  # fmt: skip

    def _updates(self, export_index: int, lo: int, hi: int) -> dict[str, list[list]]:
        world = self.world
        metrics = []
        for d in range(lo, hi):
            split = {}
            for _, column in METRICS:
                total, sponsored = int(self.totals[column][d]), int(self.sponsored[column][d])
                split[column] = (total - sponsored, sponsored, total)
            impressions = split["impressions"]
            engaged = [sum(split[c][k] for _, c in METRICS[1:]) for k in range(3)]
            metrics.append([
                f"{world.dates[d]:%m/%d/%Y}", *impressions,
                min(int(self.reach[d]), impressions[0]),
                *(v for _, c in METRICS[1:] for v in split[c]),
                *(_rate(engaged[k], impressions[k]) for k in range(3)),
            ])  # fmt: skip
        posts = world.posts
        sl = self.post_slice(lo, hi)
        life = {m: v.tolist() for m, v in posts.lifetime(sl, export_index).items()}
        all_posts = []
        for j, k in enumerate(range(sl.start, sl.stop)):
            counts = [life[m][j] for m in POST_METRICS]
            all_posts.append([
                posts.text[k], f"https://www.linkedin.com/feed/update/urn:li:activity:{posts.post_id[k]}",
                "Organic", f"{world.dates[int(posts.day[k])]:%m/%d/%Y}", *counts,
                _rate(sum(counts[1:]), counts[0]), posts.post_type[k],
            ])  # fmt: skip
        return {
            "Metrics": _titled(METRICS_TITLE, METRICS_HEADER, metrics),
            "All posts": _titled(POSTS_TITLE, POSTS_HEADER, all_posts),
        }
