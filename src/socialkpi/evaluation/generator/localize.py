"""Localized and Excel-resaved variants of the generated CSV exports (``--localized-share``).

A share S of the generated CSV files (loose files and zip members alike: every
format in :data:`LAYOUTS`) is re-encoded, on its own random stream, as one of:

- ``fr``: ``;`` separator (Meta: ``sep=;``), French column and title-line titles
  where the alias table of :mod:`socialkpi.formats.locales` knows them, thousands
  grouped with U+00A0 or U+202F (drawn per file), decimal comma, US dates as
  ``dd/mm/yyyy``, month names in French (``sam. 6 juin 2026``, ``26 sept. 2026``,
  ``30 décembre``);
- ``de``: ``;`` separator, German titles where known, thousands ``.``, decimal
  comma, dates as ``dd.mm.yyyy``, TikTok's year-less ``December 30`` as
  ``30. Dezember``. A
  German file that the ingest could not decide (``1.234`` and nothing else
  German in it) is written as an Excel re-save instead;
- ``excel``: the file opened in a US Excel and saved again as "CSV UTF-8":
  byte-order mark, ``,`` separator, two trailing empty columns and two trailing
  empty rows, the ``sep=,`` line of Meta metric files dropped (Excel consumes
  it), thousands commas dropped (the cells became numbers), US dates re-typed
  as Excel writes them (``8/1/2026``, ``8/1/2026 9:05``) and YouTube's
  ``Sep 26, 2026`` as ``2026-09-26``; dates Excel does not recognise
  (``Sat, Jun 6, 2026``, ``December 30``, ISO timestamps with ``T``) stay text.

Ids in scientific notation: Excel writes a long numeric id as ``1.93123E+18``,
losing its digits. Only ids that stay **recoverable** are written so: X post
ids, which the parser takes back from the post's permalink. Meta post, account
and page ids have no such link, so the re-save keeps them intact (as a user who
formats the id column as text would); a Meta file with ids in scientific
notation is quarantined row by row by the ingest, which is tested with
fixtures, not generated. So every variant holds exactly the same values and the
truth is unchanged.

The decisions use their own random stream, so ``localized_share = 0`` gives the
same bytes as a world without variants.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from socialkpi.evaluation.generator.textfmt import DE_MONTHS, EN_MONTHS, EN_MONTHS_SHORT, FR_MONTHS
from socialkpi.formats.base import SourceRejected
from socialkpi.formats.locales import detect_dialect, translated_title

VARIANTS = ("fr", "de", "excel")
FRENCH_SPACES = ("\u00a0", "\u202f")


@dataclass(frozen=True)
class Layout:
    """What re-encoding needs to know of one generated CSV format."""

    # Lines above the header row (Meta: the sep= line and the title; LinkedIn: the title).
    preamble: int = 0
    # English header -> how its dates are written (see _localized_date).
    dates: Mapping[str, str] = field(default_factory=dict)
    # Columns that are never numbers (ids, text, links, labels).
    text: frozenset[str] = frozenset()
    # Id columns an Excel re-save writes in scientific notation (recoverable from a link).
    recoverable_ids: frozenset[str] = frozenset()
    quote_all: bool = False
    # Whether a French / German export translates its column titles (see the alias table).
    translated: bool = True
    # Meta Business Suite metric file: UTF-16 LE, a ``sep=`` line, then a title line.
    meta_metric: bool = False


_META_METRIC = Layout(preamble=2, quote_all=True, meta_metric=True)
_META_CONTENT_TEXT = frozenset({
    "Post ID", "Account ID", "Account username", "Account name", "Description", "Permalink",
    "Post type", "Data comment", "Date", "Page ID", "Page name", "Title", "Caption type",
    "Is crosspost", "Is share",
})  # fmt: skip

# Generator format name (files.csv ``format``, or a zip member's) -> its layout.
LAYOUTS: dict[str, Layout] = {
    **{
        name: _META_METRIC
        for name in (
            "meta_follows",
            "meta_views",
            "meta_reach",
            "meta_interactions",
            "meta_visits",
            "meta_link_clicks",
        )
    },  # fmt: skip
    "instagram_content": Layout(dates={"Publish time": "us_datetime"}, text=_META_CONTENT_TEXT),
    "facebook_content": Layout(dates={"Publish time": "us_datetime"}, text=_META_CONTENT_TEXT),
    "x_account_overview": Layout(dates={"Date": "x_date"}, quote_all=True),
    "x_content": Layout(
        dates={"Date": "x_date"},
        text=frozenset({"Post id", "Post text", "Post Link"}),
        recoverable_ids=frozenset({"Post id"}),
    ),
    "tiktok_overview": Layout(dates={"Date": "yearless"}),
    "tiktok_follower_history": Layout(dates={"Date": "yearless"}),
    "tiktok_content": Layout(
        dates={"Post time": "yearless"}, text=frozenset({"Video title", "Video link"})
    ),
    # LinkedIn's translated titles are unverified: its localized CSVs keep English titles.
    "linkedin_followers_csv": Layout(preamble=1, dates={"Date": "us_date"}, translated=False),
    "linkedin_metrics_csv": Layout(preamble=1, dates={"Date": "us_date"}, translated=False),
    "linkedin_posts_csv": Layout(
        preamble=1,
        dates={"Created date": "us_date"},
        text=frozenset({"Update title", "Update link", "Update type", "Content Type"}),
        translated=False,
    ),
    "youtube_table": Layout(
        dates={"Video publish time": "month_day_year"}, text=frozenset({"Content", "Video title"})
    ),
    "youtube_chart": Layout(),
    "youtube_totals": Layout(),
}
LOCALIZABLE = frozenset(LAYOUTS)
# Zip member name -> its format, for the zipped exports.
ZIP_MEMBER_FORMATS = {
    "tiktok_zip": {
        "Overview.csv": "tiktok_overview",
        "FollowerHistory.csv": "tiktok_follower_history",
        "Content.csv": "tiktok_content",
    },
    "youtube_zip": {
        "Table data.csv": "youtube_table",
        "Chart data.csv": "youtube_chart",
        "Totals.csv": "youtube_totals",
    },
}

_INTEGER = re.compile(r"^-?\d+$")
_COMMA_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+$")
_DECIMAL = re.compile(r"^-?\d+\.\d+$")
_US_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})(?: (\d{2}):(\d{2}))?$")
_X_DATE = re.compile(r"^\w{3}, (\w{3}) (\d{1,2}), (\d{4})$")
_MONTH_DAY = re.compile(r"^([A-Za-z]+) (\d{1,2})(?:, (\d{4}))?$")
FR_WEEKDAYS_SHORT = {
    "Mon": "lun.", "Tue": "mar.", "Wed": "mer.", "Thu": "jeu.", "Fri": "ven.", "Sat": "sam.",
    "Sun": "dim.",
}  # fmt: skip
# French abbreviated months as French exports print them ("26 sept. 2026").
FR_MONTHS_SHORT = (
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
)  # fmt: skip
_MONTH_NUMBER = {name: i for i, name in enumerate(EN_MONTHS, 1)} | {
    name: i for i, name in enumerate(EN_MONTHS_SHORT, 1)
}


def _grouped(cell: str, separator: str) -> str:
    """An integer cell (plain, or with X's thousands commas) with thousands ``separator``."""
    digits = cell.replace(",", "")
    sign, digits = ("-", digits[1:]) if digits.startswith("-") else ("", digits)
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return sign + separator.join([digits, *groups])


def _localized_number(cell: str, variant: str, french_space: str) -> str:
    if _INTEGER.match(cell) or _COMMA_GROUPED.match(cell):
        if variant == "excel":
            return cell.replace(",", "")
        return _grouped(cell, french_space if variant == "fr" else ".")
    if _DECIMAL.match(cell) and variant != "excel":
        return cell.replace(".", ",")
    return cell


def _localized_date(cell: str, style: str, variant: str) -> str:
    """A date cell as a French / German export or an Excel re-save writes it; cells in
    another form (ISO, already French, ``undefined``) are kept."""
    if style in ("us_date", "us_datetime") and (m := _US_DATE.match(cell)):
        month, day, year, hour, minute = m.groups()
        time = f" {hour}:{minute}" if hour else ""
        if variant == "fr":
            return f"{day}/{month}/{year}{time}"
        if variant == "de":
            return f"{day}.{month}.{year}{time}"
        excel_time = f" {int(hour)}:{minute}" if hour else ""
        return f"{int(month)}/{int(day)}/{year}{excel_time}"
    if style == "x_date" and (m := _X_DATE.match(cell)) and variant != "excel":
        month, day, year = _MONTH_NUMBER[m.group(1)], int(m.group(2)), m.group(3)
        if variant == "fr":
            weekday = FR_WEEKDAYS_SHORT[cell[:3]]
            return f"{weekday} {day} {FR_MONTHS_SHORT[month - 1]} {year}"
        return f"{day:02d}.{month:02d}.{year}"
    if style in ("month_day_year", "yearless") and (m := _MONTH_DAY.match(cell)):
        name, day, year = m.group(1), int(m.group(2)), m.group(3)
        month = _MONTH_NUMBER.get(name)
        if month is None:
            return cell
        if style == "yearless":
            if variant == "fr":
                return f"{day} {FR_MONTHS[month - 1]}"
            return f"{day}. {DE_MONTHS[month - 1]}" if variant == "de" else cell
        if variant == "fr":
            return f"{day} {FR_MONTHS_SHORT[month - 1]} {year}"
        if variant == "de":
            return f"{day:02d}.{month:02d}.{year}"
        return f"{year}-{month:02d}-{day:02d}"
    return cell


def _scientific(cell: str) -> str:
    """A long numeric id as Excel's General format shows it: ``1.93123E+18``."""
    return f"{int(cell):.5E}" if _INTEGER.match(cell) and len(cell) > 11 else cell


def _decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name to write back: ``utf-16``, ``utf-8-sig`` or ``utf-8``)."""
    if data.startswith(codecs.BOM_UTF16_LE):
        return data[2:].decode("utf-16-le"), "utf-16"
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8"), "utf-8-sig"
    return data.decode("utf-8"), "utf-8"


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if encoding == "utf-8-sig":
        return codecs.BOM_UTF8 + text.encode("utf-8")
    return text.encode("utf-8")


def localize(
    data: bytes, platform: str, fmt: str, variant: str, french_space: str = "\u202f"
) -> tuple[bytes, str]:
    """(bytes, variant written) of the ``variant`` (``fr``, ``de`` or ``excel``) of one
    generated CSV file of format ``fmt``: the same values, written as that locale or an
    Excel re-save writes them. A German file the ingest could not tell from an English
    one is written as an Excel re-save (and reported so)."""
    layout = LAYOUTS[fmt]
    text, encoding = _decode(data)
    rows = list(csv.reader(io.StringIO(text)))
    preamble, header, records = (
        rows[: layout.preamble],
        rows[layout.preamble],
        rows[layout.preamble + 1 :],
    )
    kinds = []  # per column: ("date", style) | ("id",) | ("text",) | ("number",)
    for title in header:
        if title in layout.dates:
            kinds.append(("date", layout.dates[title]))
        elif title in layout.recoverable_ids:
            kinds.append(("id",))
        elif title in layout.text:
            kinds.append(("text",))
        else:
            kinds.append(("number",))

    def cell(value: str, kind: tuple[str, ...]) -> str:
        if kind[0] == "date":
            return _localized_date(value, kind[1], variant)
        if kind[0] == "id":
            return _scientific(value) if variant == "excel" else value
        if kind[0] == "text":
            return value
        return _localized_number(value, variant, french_space)

    body = [[cell(v, k) for v, k in zip(row, kinds, strict=False)] for row in records]
    if variant == "excel":
        return _excel(layout, preamble, header, body), "excel"
    language = variant
    titles = [
        translated_title(language, platform, title) if layout.translated else title
        for title in header
    ]
    if layout.meta_metric:
        # "sep=;" is the separator hint Meta writes; the title line names the metric.
        preamble = [[translated_title(language, platform, preamble[1][0])]]
    buffer = io.StringIO()
    quoting = csv.QUOTE_ALL if layout.quote_all else csv.QUOTE_MINIMAL
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=quoting)
    if layout.meta_metric:
        buffer.write("sep=;\r\n")
    writer.writerows([*preamble, titles, *body])
    out = buffer.getvalue()
    if variant == "de":
        try:
            detect_dialect(out, [line for line in out.splitlines()[:8] if line.strip()])
        except SourceRejected:
            return localize(data, platform, fmt, "excel")
    return _encode(out, encoding), variant


def _excel(
    layout: Layout, preamble: list[list[str]], header: list[str], body: list[list[str]]
) -> bytes:
    width = len(header) + 2
    if layout.meta_metric:
        preamble = preamble[1:]  # Excel consumed the "sep=," line
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in [*preamble, header, *body]:
        writer.writerow([*row, *[""] * (width - len(row))])
    writer.writerows([[""] * width] * 2)
    return _encode(buffer.getvalue(), "utf-8-sig")
