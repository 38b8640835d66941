"""Localized and Excel-resaved variants of generated CSV exports (``--localized-share``).

A variant is a pure re-encoding of the same values, so the truth is unchanged:

- ``fr``: ``;`` separator, French column titles (the alias table of
  :mod:`socialkpi.formats.locales`, reversed), thousands grouped with U+202F;
- ``de``: ``;`` separator, thousands grouped with ``.`` (English titles); a
  German file whose only dotted numbers are ambiguous (``1.234`` and nothing
  else deciding) would be quarantined by the ingest, so such a file is written
  as an Excel re-save instead;
- ``excel``: UTF-8 byte-order mark, two trailing empty columns and two
  trailing empty rows.

Only loose (not zipped) single-line-record files (TikTok Overview and
FollowerHistory, X account overview) of the formats in
:data:`LOCALIZABLE` are re-encoded; the decision uses its own random stream so
that a world with ``localized_share = 0`` is byte-identical to before.
"""

from __future__ import annotations

import codecs
import csv
import io
import re

from socialkpi.formats.base import SourceRejected
from socialkpi.formats.locales import HEADER_ALIASES, detect_dialect

LOCALIZABLE = frozenset({"tiktok_follower_history", "tiktok_overview", "x_account_overview"})
_INTEGER = re.compile(r"^-?\d+$")
_COMMA_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+$")


def _french_title(platform: str, title: str) -> str:
    if HEADER_ALIASES["*"].get(title) == title:  # the same word in French ("Date")
        return title
    for table in (HEADER_ALIASES.get(platform, {}), HEADER_ALIASES["*"]):
        for french, english in table.items():
            if english == title and french != english:
                return french
    return title


def _group(cell: str, separator: str = "\u202f") -> str:
    if _COMMA_GROUPED.match(cell):  # X writes "1,234"
        cell = cell.replace(",", "")
    if not _INTEGER.match(cell):
        return cell
    sign, digits = ("-", cell[1:]) if cell.startswith("-") else ("", cell)
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return sign + separator.join([digits, *groups])


def localize(data: bytes, platform: str, variant: str) -> bytes:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    buffer = io.StringIO()
    if variant == "fr":
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow([_french_title(platform, c) for c in rows[0]])
        for row in rows[1:]:
            writer.writerow([_group(c) for c in row])
        return buffer.getvalue().encode("utf-8")
    if variant == "de":
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(rows[0])
        for row in rows[1:]:
            writer.writerow([_group(c, ".") for c in row])
        text = buffer.getvalue()
        try:
            if detect_dialect(text, text.splitlines()[:8]).name == "de":
                return text.encode("utf-8")
        except SourceRejected:
            pass
        return localize(data, platform, "excel")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([*row, "", ""])
    writer.writerow(["", "", ""])
    writer.writerow(["", "", ""])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
