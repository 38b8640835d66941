"""LinkedIn Page analytics exports: the followers workbook (``.xlsx``).

Per export folder ``<company>_followers_<timestamp>.xlsx``: sheet ``New
followers`` (``MM/DD/YYYY`` dates, one row per day of the window; ``Organic
followers`` = the day's gross gains, sponsored and auto-invited 0, ``Total
followers`` = the day's gross new followers) and demographic sheets
(``Location``, ``Seniority``) whose ``Total followers`` sum to the follower
total at the end of day E-1, the same point the API snapshot reports.
"""

from __future__ import annotations

from socialkpi.generator.base import AccountWriter, ExportFile
from socialkpi.generator.xlsx import xlsx_bytes

NEW_FOLLOWERS_HEADER = [
    "Date", "Sponsored followers", "Organic followers", "Auto-invited followers", "Total followers",
]  # fmt: skip
LOCATIONS = ("Paris, Île-de-France", "Lyon, Auvergne-Rhône-Alpes", "Berlin", "London")
SENIORITIES = ("Entry", "Senior", "Manager", "Director")


def _split(total: int, weights: tuple[float, ...]) -> list[int]:
    parts = [int(total * w) for w in weights[:-1]]
    return [*parts, total - sum(parts)]


class LinkedInWriter(AccountWriter):
    """LinkedIn page exports (followers workbook)."""

    def export(self, export_index: int) -> list[ExportFile]:
        world = self.world
        lo, hi = self.window_of(export_index)
        gains = world.daily["gains"][self.a]
        rows = [NEW_FOLLOWERS_HEADER]
        for d in range(lo, hi):
            g = int(gains[d])
            rows.append([f"{world.dates[d]:%m/%d/%Y}", 0, g, 0, g])
        total = int(world.daily["followers_total"][self.a, export_index - 1])
        sheets = {
            "New followers": rows,
            "Location": [["Location", "Total followers"],
                         *zip(LOCATIONS, _split(total, (0.4, 0.3, 0.2, 0.1)), strict=True)],
            "Seniority": [["Seniority", "Total followers"],
                          *zip(SENIORITIES, _split(total, (0.25, 0.25, 0.25, 0.25)), strict=True)],
        }  # fmt: skip
        _, username = self.account.handle_at(export_index)
        stamp = int(world.dates[export_index].strftime("%Y%m%d"))
        return [
            ExportFile(
                f"{username}_followers_{stamp}.xlsx",
                "linkedin_followers",
                xlsx_bytes(sheets),
                (lo, hi - 1),
            )
        ]
