"""TikTok Studio exports.

Per export folder: ``Overview.csv`` (``Date,Video Views,Profile Views,Likes,
Comments,Shares``), ``FollowerHistory.csv`` (``Date,Followers,Difference in
followers from previous day``) and ``Content.csv`` (``Video title,Video link,
Post time,Total likes,Total comments,Total shares,Total views``, one row per
video published in the window, lifetime-to-date). UTF-8 without BOM, comma
separated, English headers, ascending dates.

Dates carry no year: ``December 30`` in English exports, ``30 décembre`` in
French ones (headers stay English). Most exports arrive as one zip
``TikTok_Analytics_<username>_<YYYYMMDD>.zip`` holding the three files, the
rest as three loose files. A few cells hold the literal ``undefined``; such a
cell is never in the newest export covering its date, so the newest
non-``undefined`` value is always the truth.
"""

from __future__ import annotations

import io
import zipfile

from socialkpi.evaluation.generator.base import AccountWriter, ExportFile
from socialkpi.evaluation.generator.textfmt import csv_field, tiktok_date

OVERVIEW_HEADER = "Date,Video Views,Profile Views,Likes,Comments,Shares"
OVERVIEW_COLUMNS = (
    ("Video Views", "views"),
    ("Profile Views", "profile_visits"),
    ("Likes", "likes"),
    ("Comments", "comments"),
    ("Shares", "shares"),
)
HISTORY_HEADER = "Date,Followers,Difference in followers from previous day"
HISTORY_COLUMNS = (
    ("Followers", "followers_total"),
    ("Difference in followers from previous day", "net_change"),
)
CONTENT_HEADER = (
    "Video title,Video link,Post time,Total likes,Total comments,Total shares,Total views"
)
LANGUAGES = ("en", "fr")


def deterministic_zip(members: list[tuple[str, bytes]], year: int, month: int, day: int) -> bytes:
    """A zip whose bytes depend only on its members and date."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(year, month, day, 9, 30, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


class TikTokWriter(AccountWriter):
    """TikTok account exports."""

    def __init__(self, world, account, rng) -> None:
        super().__init__(world, account, rng)
        days = world.days
        self.labels = {
            lang: [tiktok_date(d, lang) for d in world.dates[:days]] for lang in LANGUAGES
        }
        self.overview_values = [world.daily[c][self.a].tolist() for _, c in OVERVIEW_COLUMNS]
        self.history_values = [world.daily[c][self.a].tolist() for _, c in HISTORY_COLUMNS]
        self.overview_rows = {
            lang: [self._row(lang, d, self.overview_values, {}) for d in range(days)]
            for lang in LANGUAGES
        }
        self.history_rows = {
            lang: [self._row(lang, d, self.history_values, {}) for d in range(days)]
            for lang in LANGUAGES
        }
        self.zip_share = 0.85 if rng.random() < 0.8 else 0.3

    def _row(self, lang: str, day: int, values: list[list[int]], blank: dict[int, str]) -> str:
        cells = [blank.get(c, str(col[day])) for c, col in enumerate(values)]
        return self.labels[lang][day] + "," + ",".join(cells) + "\n"

    def export(self, export_index: int) -> list[ExportFile]:
        world, account = self.world, self.account
        lo, hi = self.window_of(export_index)
        lang = account.language
        if self.rng.random() < 0.05:
            lang = "fr" if lang == "en" else "en"
        overview = self.overview_rows[lang][lo:hi]
        history = self.history_rows[lang][lo:hi]
        undefined: list[tuple[str, int, str]] = []
        not_final = [d for d in range(lo, hi) if self.newest[d] != export_index]
        if not_final and self.rng.random() < world.config.undefined_rate:
            for _ in range(int(self.rng.integers(1, 4))):
                day = not_final[int(self.rng.integers(len(not_final)))]
                if self.rng.random() < 0.6:
                    col = int(self.rng.integers(len(OVERVIEW_COLUMNS)))
                    overview[day - lo] = self._row(
                        lang, day, self.overview_values, {col: "undefined"}
                    )
                    undefined.append(("Overview.csv", day, OVERVIEW_COLUMNS[col][0]))
                else:
                    col = int(self.rng.integers(len(HISTORY_COLUMNS)))
                    history[day - lo] = self._row(
                        lang, day, self.history_values, {col: "undefined"}
                    )
                    undefined.append(("FollowerHistory.csv", day, HISTORY_COLUMNS[col][0]))
        members = [
            (
                "Overview.csv",
                "tiktok_overview",
                (OVERVIEW_HEADER + "\n" + "".join(overview)).encode(),
            ),
            (
                "FollowerHistory.csv",
                "tiktok_follower_history",
                (HISTORY_HEADER + "\n" + "".join(history)).encode(),
            ),
            ("Content.csv", "tiktok_content", self._content(export_index, lo, hi, lang)),
        ]
        covers = (lo, hi - 1)
        if self.rng.random() < self.zip_share:
            day = world.dates[export_index]
            _, username = account.handle_at(export_index)
            data = deterministic_zip([(m[0], m[2]) for m in members], day.year, day.month, day.day)
            name = f"TikTok_Analytics_{username}_{day:%Y%m%d}.zip"
            return [
                ExportFile(
                    name,
                    "tiktok_zip",
                    data,
                    covers,
                    members=tuple(m[0] for m in members),
                    undefined=undefined,
                )
            ]
        files = []
        for name, fmt, data in members:
            cells = [(d, c) for m, d, c in undefined if m == name]
            files.append(
                ExportFile(name, fmt, data, covers, undefined=[("", d, c) for d, c in cells])
            )
        return files

    def _content(self, export_index: int, lo: int, hi: int, lang: str) -> bytes:
        posts = self.world.posts
        sl = self.post_slice(lo, hi)
        life = {k: v.tolist() for k, v in posts.lifetime(sl, export_index).items()}
        _, username = self.account.handle_at(export_index)
        lines = []
        for j, k in enumerate(range(sl.start, sl.stop)):
            lines.append(
                f"{csv_field(posts.text[k])},https://www.tiktok.com/@{username}/video/{posts.post_id[k]},"
                f"{self.labels[lang][int(posts.day[k])]},{life['likes'][j]},{life['comments'][j]},"
                f"{life['shares'][j]},{life['views'][j]}\n"
            )
        return (CONTENT_HEADER + "\n" + "".join(lines)).encode()
