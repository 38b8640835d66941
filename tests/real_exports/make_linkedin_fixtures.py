"""Write the LinkedIn part of the corpus of real shapes (``tests/fixtures/exports/real/linkedin``).

Each fixture reproduces the structure of a genuine LinkedIn Page analytics download, as
described (with the public repositories where each was seen) in
``tests/fixtures/exports/README.md``: container, sheet names and order, title rows, exact
headers, cell types, quirks. **Every value is our own**: no file or row of anyone's data is
copied. Run it again after changing a fixture and commit the output (the bytes are
reproducible: xlwt writes no timestamp, the ``.xlsx`` parts get fixed zip times)::

    .venv/bin/python tests/real_exports/make_linkedin_fixtures.py

- ``.xls`` as LinkedIn writes them (Apache POI HSSF): BIFF8, one ``Workbook`` stream and no
  summary streams, ``WRITEACCESS`` ``app``, dates as ``MM/DD/YYYY`` text cells, every number
  a ``NUMBER`` record (a float, never RK), ``''`` text cells where LinkedIn writes them,
  header cells centred, title rows in A1 only. xlwt writes integers as RK and empty strings
  as BLANK records, so cells are inserted with the records LinkedIn uses (:func:`write_xls`).
- ``.xlsx`` (:func:`xlsx_package`): shared strings, a stylesheet, ``docProps``; Excel
  re-saves with a theme, a correct ``dimension`` and integers; Apache POI's competitor
  export without a theme and with the wrong ``<dimension ref="A1"/>``.
- CSV: as pandas (``to_csv(index=False)``) and Excel write them.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import struct
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

import xlwt
from xlwt.Cell import NumberCell, StrCell

from socialkpi.evaluation.generator.xlsx import _column_letter

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "exports" / "real" / "linkedin"


# -- values ---------------------------------------------------------------------------------


def us(day: date) -> str:
    """LinkedIn's date text: zero-padded MM/DD/YYYY."""
    return f"{day:%m/%d/%Y}"


def days(first: date, count: int) -> list[date]:
    return [first + timedelta(days=i) for i in range(count)]


def export_ms(export_date: date, hour: int, minute: int, second: int, milli: int) -> int:
    """The 13-digit export time LinkedIn puts in its file names (ms since the epoch, UTC)."""
    moment = datetime(export_date.year, export_date.month, export_date.day, hour, minute,
                      second, tzinfo=UTC)  # fmt: skip
    return int(moment.timestamp()) * 1000 + milli


def float32(value: float) -> float:
    """A rate as All posts stores it: a float32 widened to a double (0.035999998450279236)."""
    return struct.unpack("<f", struct.pack("<f", value))[0]


def excel_serial(day: date) -> float:
    """An Excel (1900 system) day number, as a date pasted into a General cell becomes."""
    return float((day - date(1899, 12, 30)).days)


def as_int(value: object) -> object:
    """A number as an Excel re-save or pandas writes it (42, not 42.0)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


# -- .xls (BIFF8) ---------------------------------------------------------------------------


class _NumberRecordCell(NumberCell):
    """A number as a BIFF ``NUMBER`` record (Apache POI never writes RK)."""

    __slots__ = ()

    def get_encoded_data(self):
        return 0, struct.pack("<5Hd", 0x0203, 14, self.rowx, self.colx, self.xf_idx, self.number)


_CENTRED = xlwt.easyxf("align: horiz center")
_PLAIN = xlwt.Style.default_style


@dataclass(frozen=True)
class Sheet:
    """A sheet: rows of cells (``str`` text, ``float``/``int`` number, ``None`` no cell);
    ``header_row``: the index of the header row (centred), title rows above it."""

    name: str
    rows: list[list[object]]
    header_row: int = 0


def write_xls(sheets: Sequence[Sheet], *, owner: str = "app", poi_records: bool = True) -> bytes:
    """A BIFF8 workbook. ``poi_records``: numbers as NUMBER records and ``''`` as text cells
    (LinkedIn); otherwise xlwt's own RK records and no cell for ``''`` (an Excel save)."""
    workbook = xlwt.Workbook(encoding="utf-8")
    workbook.owner = owner
    for spec in sheets:
        sheet = workbook.add_sheet(spec.name, cell_overwrite_ok=True)
        for r, row in enumerate(spec.rows):
            style = _CENTRED if r == spec.header_row else _PLAIN
            for c, value in enumerate(row):
                if value is None or (value == "" and not poi_records):
                    continue
                if not poi_records or value != "" and not isinstance(value, int | float):
                    sheet.write(r, c, value, style)
                    continue
                sheet.write(r, c, None, style)  # the cell's bounds and style, then its record
                xf = workbook.add_style(style)
                cell = (
                    StrCell(r, c, xf, workbook.add_str(value))
                    if isinstance(value, str)
                    else _NumberRecordCell(r, c, xf, float(value))
                )
                sheet.row(r).insert_cell(c, cell)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# -- .xlsx (OOXML) --------------------------------------------------------------------------

_FIXED_TIME = (2020, 1, 1, 0, 0, 0)
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


class Styled:
    """An empty cell that carries a style (templates whose used range outgrows their data)."""


STYLED = Styled()
# Cell styles of the stylesheet below: 0 plain, 1 bold centred header, 2 date and time.
_HEADER_STYLE, _DATETIME_STYLE = 1, 2


def _styles_xml() -> str:
    """LinkedIn's look (Arial 10, bold centred header) and a date-time format."""
    return (
        f'{_XML}<styleSheet xmlns="{_MAIN_NS}">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd h:mm:ss"/></numFmts>'
        '<fonts count="2"><font><sz val="10"/><name val="Arial"/></font>'
        '<font><b/><sz val="10"/><name val="Arial"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" '
        'applyAlignment="1"><alignment horizontal="center"/></xf>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        "</cellXfs></styleSheet>"
    )


_THEME_XML = (
    f'{_XML}<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'name="Office Theme"><a:themeElements><a:clrScheme name="Office"/>'
    '<a:fontScheme name="Office"/><a:fmtScheme name="Office"/></a:themeElements></a:theme>'
)


def _excel_datetime(moment: datetime) -> str:
    delta = moment - datetime(1899, 12, 30)
    return repr(delta.days + delta.seconds / 86400)


def xlsx_package(
    sheets: Sequence[Sheet], *, application: str, theme: bool, true_dimension: bool = True,
    first_sheet_rel: int = 1,
) -> bytes:  # fmt: skip
    """An ``.xlsx`` as Excel or Apache POI write one: shared strings, a stylesheet, docProps.
    Numbers are written as given (``153.0`` for POI's floats, ``0`` for Excel's integers);
    ``datetime`` cells are date serials with a date-time format."""
    strings: dict[str, int] = {}
    sheet_parts = []
    for spec in sheets:
        body, width = [], 1
        for r, row in enumerate(spec.rows, start=1):
            cells = []
            header = r - 1 == spec.header_row
            for c, value in enumerate(row):
                if value is None:
                    continue
                ref = f"{_column_letter(c)}{r}"
                style = f' s="{_HEADER_STYLE}"' if header else ""
                if isinstance(value, Styled):
                    cells.append(f'<c r="{ref}" s="{_HEADER_STYLE}"/>')
                elif isinstance(value, datetime):
                    cells.append(f'<c r="{ref}" s="{_DATETIME_STYLE}"><v>'
                                 f"{_excel_datetime(value)}</v></c>")  # fmt: skip
                elif isinstance(value, int | float):
                    kind = ' t="n"' if application == "Apache POI" else ""
                    cells.append(f'<c r="{ref}"{style}{kind}><v>{value!r}</v></c>')
                else:
                    index = strings.setdefault(str(value), len(strings))
                    cells.append(f'<c r="{ref}"{style} t="s"><v>{index}</v></c>')
                width = max(width, c + 1)
            body.append(f'<row r="{r}">{"".join(cells)}</row>')
        last = f"{_column_letter(width - 1)}{max(len(spec.rows), 1)}"
        dimension = f"A1:{last}" if true_dimension else "A1"
        sheet_parts.append(
            f'{_XML}<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
            f'<dimension ref="{dimension}"/><sheetData>{"".join(body)}</sheetData></worksheet>'
        )
    rel_ids = [f"rId{first_sheet_rel + i}" for i in range(len(sheets))]
    workbook_rels = [
        f'<Relationship Id="{rid}" Type="{_REL_NS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i, rid in enumerate(rel_ids, start=1)
    ]
    extra_ids = iter(f"rId{n}" for n in range(1, 100) if f"rId{n}" not in rel_ids)
    workbook_rels += [
        f'<Relationship Id="{next(extra_ids)}" Type="{_REL_NS}/sharedStrings" '
        'Target="sharedStrings.xml"/>',
        f'<Relationship Id="{next(extra_ids)}" Type="{_REL_NS}/styles" Target="styles.xml"/>',
    ]
    if theme:
        workbook_rels.append(
            f'<Relationship Id="{next(extra_ids)}" Type="{_REL_NS}/theme" '
            'Target="theme/theme1.xml"/>'
        )
    overrides = [
        ("/xl/workbook.xml",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
        ("/xl/sharedStrings.xml",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"),
        ("/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"),
        ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        *((f"/xl/worksheets/sheet{i}.xml", _SHEET_CT) for i in range(1, len(sheets) + 1)),
    ]  # fmt: skip
    if theme:
        overrides.append(
            ("/xl/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml")
        )
    shared = "".join(f'<si><t xml:space="preserve">{escape(text)}</t></si>' for text in strings)
    parts = {
        "[Content_Types].xml": (
            f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in overrides)
            + "</Types>"
        ),
        "_rels/.rels": (
            f'{_XML}<Relationships xmlns="{_PKG_REL_NS}">'
            f'<Relationship Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
            'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_REL_NS}/extended-properties" '
            'Target="docProps/app.xml"/></Relationships>'
        ),
        "docProps/app.xml": (
            f'{_XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'extended-properties"><Application>{application}</Application></Properties>'
        ),
        "docProps/core.xml": (
            f'{_XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:creator>{application}</dc:creator></cp:coreProperties>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{_XML}<Relationships xmlns="{_PKG_REL_NS}">{"".join(workbook_rels)}</Relationships>'
        ),
        "xl/sharedStrings.xml": (
            f'{_XML}<sst xmlns="{_MAIN_NS}" count="{len(strings)}" '
            f'uniqueCount="{len(strings)}">{shared}</sst>'
        ),
        "xl/styles.xml": _styles_xml(),
        "xl/workbook.xml": (
            f'{_XML}<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}"><sheets>'
            + "".join(
                f'<sheet name="{escape(spec.name)}" sheetId="{i}" r:id="{rid}"/>'
                for i, (spec, rid) in enumerate(zip(sheets, rel_ids, strict=True), start=1)
            )
            + "</sheets></workbook>"
        ),
        **{f"xl/worksheets/sheet{i}.xml": xml for i, xml in enumerate(sheet_parts, start=1)},
    }
    if theme:
        parts["xl/theme/theme1.xml"] = _THEME_XML
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def excel_resave(sheets: Sequence[Sheet]) -> bytes:
    """A LinkedIn workbook opened and saved again by Excel as ``.xlsx``: integers, a theme,
    dates still text."""
    resaved = [Sheet(s.name, [[as_int(v) for v in row] for row in s.rows], s.header_row)
               for s in sheets]  # fmt: skip
    return xlsx_package(resaved, application="Microsoft Excel", theme=True)


# -- CSV ------------------------------------------------------------------------------------


def pandas_csv(rows: Sequence[Sequence[object]]) -> bytes:
    """A sheet as pandas ``to_csv(index=False)`` writes it: UTF-8, LF, minimal quoting,
    integers without ``.0``, floats in full repr."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([as_int(v) for v in row])
    return buffer.getvalue().encode("utf-8")


# -- the sheets -----------------------------------------------------------------------------

NEW_FOLLOWERS_HEADER = [
    "Date", "Sponsored followers", "Organic followers", "Auto-invited followers", "Total followers",
]  # fmt: skip
DEMOGRAPHIC_SHEETS = ("Location", "Job function", "Seniority", "Industry", "Company size")
VISITOR_HEADER = [
    "Date",
    *(f"{section} {measure} ({device})"
      for section in ("Overview", "Life", "Jobs", "Total")
      for measure in ("page views", "unique visitors")
      for device in ("desktop", "mobile", "total")),
]  # fmt: skip
_SPLITS = ("organic", "sponsored", "total")


def metrics_header(reposts: str = "Reposts") -> list[str]:
    return [
        "Date", *(f"Impressions ({s})" for s in _SPLITS), "Unique impressions (organic)",
        *(f"{m} ({s})" for m in ("Clicks", "Reactions", "Comments", reposts) for s in _SPLITS),
        *(f"Engagement rate ({s})" for s in _SPLITS),
    ]  # fmt: skip


POSTS_HEADER = [
    "Post title", "Post link", "Post type", "Campaign name", "Posted by", "Created date",
    "Campaign start date", "Campaign end date", "Audience", "Impressions", "Views",
    "Offsite Views", "Clicks", "Click through rate (CTR)", "Likes", "Comments", "Reposts",
    "Follows", "Engagement rate", "Content Type",
]  # fmt: skip
UPDATES_2020_HEADER = [
    "Update title", "Update link", "Update type", "Campaign name", "Posted by", "Created date",
    "Campaign start date", "Campaign end date", "Audience", "Impressions", "Video views",
    "Clicks", "Click through rate (CTR)", "Likes", "Comments", "Shares", "Follows",
    "Engagement rate",
]  # fmt: skip
METRICS_TITLE = (
    "Aggregated engagement metrics for your organic and sponsored posts over time. Date "
    "indicates when your posts were viewed by LinkedIn members. Data is delayed by up to 2 "
    "days. All dates and times are in UTC."
)
POSTS_TITLE = (
    "Engagement metrics for individual posts. Created date indicates when your post was "
    "created. All dates and times are in UTC."
)
UPDATE_METRICS_TITLE = (
    "Aggregated engagement metrics for your organic and sponsored updates over time. Date "
    "indicates when your updates were viewed by LinkedIn members. Data is delayed by up to 2 "
    "days. All dates and times are in UTC."
)
UPDATE_ENGAGEMENT_TITLE = (
    "Engagement metrics for individual updates. Created date indicates when your update was "
    "created. All dates and times are in UTC."
)


def new_followers(first: date, rows: Sequence[tuple[int, int, int]], auto_invited=True):
    """New followers rows from (sponsored, organic, auto-invited): Total = their sum."""
    out = []
    for day, (sponsored, organic, auto) in zip(days(first, len(rows)), rows, strict=True):
        counts = [sponsored, organic, auto] if auto_invited else [sponsored, organic]
        out.append([us(day), *map(float, counts), float(sponsored + organic + auto)])
    return out


def demographic(name: str, measure: str, rows: Sequence[tuple[str, int]]) -> Sheet:
    return Sheet(name, [[name, measure], *([label, float(n)] for label, n in rows)])


def metrics_row(day: date, organic: Sequence[int], sponsored: Sequence[int]) -> list[object]:
    """A Metrics row from (impressions, unique impressions, clicks, reactions, comments,
    reposts) organic and (impressions, clicks, reactions, comments, reposts) sponsored;
    engagement rate = (clicks + reactions + comments + reposts) / impressions, float64."""
    impressions, unique, *engaged_o = organic
    impressions_s, *engaged_s = sponsored

    def rate(engaged: Sequence[int], shown: int) -> float:
        return sum(engaged) / shown if shown else 0.0

    cells: list[object] = [us(day), float(impressions), float(impressions_s),
                           float(impressions + impressions_s), float(unique)]  # fmt: skip
    for o, s in zip(engaged_o, engaged_s, strict=True):
        cells += [float(o), float(s), float(o + s)]
    total = [o + s for o, s in zip(engaged_o, engaged_s, strict=True)]
    cells += [rate(engaged_o, impressions), rate(engaged_s, impressions_s),
              rate(total, impressions + impressions_s)]  # fmt: skip
    return cells


def activity(activity_id: int) -> str:
    return f"https://www.linkedin.com/feed/update/urn:li:activity:{activity_id}"


# -- the shapes -----------------------------------------------------------------------------


def li1_followers_xls() -> dict[str, bytes]:
    """LI-1: followers .xls, 6 sheets, no title rows; Organic -1 on 03/10; the five
    demographic sheets sum to 412, 398, 436, 441, 377."""
    daily = new_followers(date(2026, 3, 8), [
        (0, 4, 1), (0, 2, 0), (0, -1, 0), (0, 3, 2), (2, 0, 0), (0, 1, 0), (0, 6, 1),
    ])  # fmt: skip
    sheets = [
        Sheet("New followers", [NEW_FOLLOWERS_HEADER, *daily]),
        *follower_demographics(),
    ]
    name = f"northwind-gears_followers_{export_ms(date(2026, 3, 16), 9, 14, 7, 598)}.xls"
    return {f"li-followers-xls/2026-03-16/{name}": write_xls(sheets)}


def follower_demographics() -> list[Sheet]:
    """Demographic sheets sorted by count as LinkedIn sorts them, sums differing."""
    return [
        demographic("Location", "Total followers", [
            ("Greater Lakeview Area, Freedonia", 188), ("Port Esker, Freedonia", 97),
            ("Valmont, Sylvania", 64), ("Kessel Bay, Sylvania", 41), ("Ardenne, Freedonia", 22),
        ]),  # 412
        demographic("Job function", "Total followers", [
            ("Engineering", 151), ("Operations", 92), ("Business Development", 71),
            ("Sales", 48), ("Research", 36),
        ]),  # 398
        demographic("Seniority", "Total followers", [
            ("Senior", 142), ("Entry", 118), ("Manager", 77), ("Director", 44), ("Owner", 30),
            ("VP", 14), ("CXO", 11),
        ]),  # 436
        demographic("Industry", "Total followers", [
            ("Industrial Machinery Manufacturing", 203),
            ("Automation Machinery Manufacturing", 119), ("Logistics", 68),
            ("Higher Education", 51),
        ]),  # 441
        demographic("Company size", "Total followers", [
            ("10001+", 104), ("1001-5000", 93), ("51-200", 81), ("201-500", 61), ("11-50", 38),
        ]),  # 377
    ]  # fmt: skip


def visitor_demographics(rows_per_sheet: int = 3) -> list[Sheet]:
    """Visitor demographic sheets: views (not followers), in no particular order."""
    labels = {
        "Location": ["Port Esker, Freedonia", "London Area, United Kingdom, United Kingdom",
                     "Greater Lakeview Area, Freedonia"],
        "Job function": ["Operations", "Engineering", "Sales"],
        "Seniority": ["Entry", "Director", "Senior"],
        "Industry": ["Logistics", "Higher Education", "Food Production"],
        "Company size": ["51-200", "2-10", "10001+"],
    }  # fmt: skip
    return [
        demographic(name, "Total views",
                    [(label, 3 + 5 * i) for i, label in enumerate(labels[name][:rows_per_sheet])])
        for name in DEMOGRAPHIC_SHEETS
    ]  # fmt: skip


# Visitor metrics, per day: page views then unique visitors, (desktop, mobile) of the
# Overview, Life and Jobs tabs and of the whole page (more than the three tabs together).
VISITS_MARCH_2026 = [
    # 03/08: whole page 6 + 11 = 17 page views, 3 + 7 = 10 unique visitors
    (((3, 9), (0, 1), (1, 0), (6, 11)), ((2, 6), (0, 1), (1, 0), (3, 7))),
    # 03/09: 21 page views, 12 unique visitors
    (((5, 10), (1, 0), (0, 2), (8, 13)), ((3, 6), (1, 0), (0, 1), (4, 8))),
    # 03/10: 4 page views, 3 unique visitors
    (((1, 2), (0, 0), (0, 0), (2, 2)), ((1, 2), (0, 0), (0, 0), (1, 2))),
    # 03/11: 30 page views, 19 unique visitors
    (((9, 12), (2, 1), (1, 1), (13, 17)), ((5, 8), (1, 1), (1, 1), (7, 12))),
    # 03/12: 0 page views, 0 unique visitors
    (((0, 0), (0, 0), (0, 0), (0, 0)), ((0, 0), (0, 0), (0, 0), (0, 0))),
    # 03/13: 9 page views, 6 unique visitors
    (((2, 4), (0, 1), (0, 0), (3, 6)), ((1, 3), (0, 1), (0, 0), (2, 4))),
    # 03/14: 14 page views, 9 unique visitors
    (((4, 6), (1, 0), (1, 0), (6, 8)), ((3, 4), (1, 0), (1, 0), (4, 5))),
]


def visitor_rows(first: date, visits) -> list[list[object]]:
    rows = []
    for day, (views, visitors) in zip(days(first, len(visits)), visits, strict=True):
        cells: list[object] = [us(day)]
        for (vd, vm), (ud, um) in zip(views, visitors, strict=True):
            cells += [float(vd), float(vm), float(vd + vm), float(ud), float(um), float(ud + um)]
        rows.append(cells)
    return rows


def li2_visitors_xls() -> dict[str, bytes]:
    """LI-2: visitors .xls, Visitor metrics (25 columns) + five 'Total views' sheets."""
    sheets = [
        Sheet("Visitor metrics", [VISITOR_HEADER, *visitor_rows(date(2026, 3, 8), VISITS_MARCH_2026)]),
        *visitor_demographics(),
    ]  # fmt: skip
    name = f"saltmarsh-analytics_visitors_{export_ms(date(2026, 3, 16), 9, 13, 2, 381)}.xls"
    return {f"li-visitors-xls/2026-03-16/{name}": write_xls(sheets)}


def li3_visitors_metrics_only() -> dict[str, bytes]:
    """LI-3: a new page's visitors .xls: Visitor metrics alone, nearly all zero."""
    quiet = (((0, 0),) * 4, ((0, 0),) * 4)
    visits = [quiet, quiet, quiet,
              # 12/04: 2 mobile views of the Overview tab by 1 visitor
              (((0, 2), (0, 0), (0, 0), (0, 2)), ((0, 1), (0, 0), (0, 0), (0, 1))),
              quiet, quiet, quiet]  # fmt: skip
    sheets = [Sheet("Visitor metrics", [VISITOR_HEADER, *visitor_rows(date(2025, 12, 1), visits)])]
    name = f"tidewater-labs_visitors_{export_ms(date(2025, 12, 9), 10, 2, 37, 484)}.xls"
    return {f"li-visitors-metrics-only/2025-12-09/{name}": write_xls(sheets)}


# Metrics days of orchard-robotics: organic (impressions, unique impressions, clicks,
# reactions, comments, reposts) and sponsored (impressions, clicks, reactions, comments,
# reposts). LinkedIn nets removed reactions / comments / reposts into the day: 01/03,
# 01/04 and 01/07 have a negative count.
CONTENT_JANUARY_2026 = [
    ((120, 48, 6, 3, 1, 0), (0, 0, 0, 0, 0)),
    ((310, 122, 9, 11, 2, 1), (40, 2, 1, 0, 0)),
    ((95, 40, 2, -1, 0, 0), (0, 0, 0, 0, 0)),
    ((204, 87, 5, 7, -2, 1), (0, 0, 0, 0, 0)),
    ((512, 230, 14, 19, 4, 2), (60, 3, 2, 1, 0)),
    ((188, 75, 4, 6, 1, 0), (0, 0, 0, 0, 0)),
    ((143, 61, 3, 4, 0, -1), (0, 0, 0, 0, 0)),
]


def content_metrics(first: date, rows, reposts: str = "Reposts", title: str = METRICS_TITLE):
    return [[title], metrics_header(reposts),
            *(metrics_row(day, o, s) for day, (o, s) in zip(days(first, len(rows)), rows, strict=True))]  # fmt: skip


def post_row(title: str, activity_id: int, post_type: str, campaign: str, posted_by: str,
             created: str, start: str, end: str, audience: str, impressions: int,
             views: object, clicks: int, likes: int, comments: int, reposts: int,
             follows: object, content_type: str) -> list[object]:  # fmt: skip
    """An All posts row: rates as float32 values widened to doubles; '' where a post has
    no value (the Views of a post that is not a video, the campaign of an organic post)."""
    engaged = clicks + likes + comments + reposts + (follows or 0)
    return [
        title, activity(activity_id), post_type, campaign, posted_by, created, start, end,
        audience, float(impressions), views, "", float(clicks),
        float32(clicks / impressions), float(likes), float(comments), float(reposts),
        follows, float32(engaged / impressions), content_type,
    ]  # fmt: skip


def li4_content_xls() -> dict[str, bytes]:
    """LI-4: content .xls (2024+): Metrics and All posts, each with its A1 title row."""
    posts = [
        post_row("Our new gripper in action \U0001f916\n\nWatch the full demo: "
                 "https://lnkd.in/eXmPl3d", 7414000000000000103, "Organic", "", "Ines Okafor",
                 "01/06/2026", "", "", "All followers", 410, 265.0, 12, 18, 3, 2, "", "Video"),
        # A repost without commentary (no title), posted by ' ' (a single space).
        post_row("", 7414000000000000102, "Organic", "", " ", "01/04/2026", "", "",
                 "All followers", 96, "", 1, 2, 0, 0, "", ""),
        post_row("Hiring:\xa0two field engineers in Rotterdam.\nApply: https://lnkd.in/eJobs1",
                 7414000000000000101, "Sponsored", "Hiring Q1", "Ines Okafor", "01/02/2026",
                 "01/02/2026", "01/09/2026", "Targeted", 1250, "", 31, 22, 4, 1, 6.0, ""),
    ]  # fmt: skip
    sheets = [
        Sheet("Metrics", content_metrics(date(2026, 1, 1), CONTENT_JANUARY_2026), header_row=1),
        Sheet("All posts", [[POSTS_TITLE], POSTS_HEADER, *posts], header_row=1),
    ]
    name = f"orchard-robotics_content_{export_ms(date(2026, 1, 9), 8, 41, 55, 120)}.xls"
    return {f"li-content-xls/2026-01-09/{name}": write_xls(sheets)}


def li5_content_metrics_only() -> dict[str, bytes]:
    """LI-5: content .xls without All posts (no post in the range): Metrics alone."""
    quiet = ((0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0))
    rows = [quiet, quiet, quiet, ((3, 2, 0, 0, 0, 0), (0, 0, 0, 0, 0)), quiet, quiet, quiet]
    sheets = [Sheet("Metrics", content_metrics(date(2025, 12, 2), rows), header_row=1)]
    name = f"fernhill-coop_content_{export_ms(date(2025, 12, 10), 16, 20, 3, 907)}.xls"
    return {f"li-content-metrics-only/2025-12-10/{name}": write_xls(sheets)}


def li6_competitors_xlsx() -> dict[str, bytes]:
    """LI-6: competitor analytics .xlsx by Apache POI: COMPETITORS, the range as unpadded
    M/D/YYYY text in A1:B1, the header in row 2, no theme, a wrong <dimension ref="A1"/>."""
    sheet = Sheet("COMPETITORS", [
        ["2/12/2026", "3/14/2026"],
        ["Page", "Total Followers", "New Followers", "Total post engagements", "Total posts"],
        ["Bramble & Finch Automation", 5820.0, 64.0, 731.0, 18.0],
        ["Orchard Robotics Ltd", 1288.0, 41.0, 402.0, 9.0],
        ["Keelson Motion Systems", 903.0, 7.0, 55.0, 3.0],
    ], header_row=1)  # fmt: skip
    name = f"Orchard Robotics Ltd_competitor_analytics_{export_ms(date(2026, 3, 16), 9, 15, 40, 7)}.xlsx"
    data = xlsx_package([sheet], application="Apache POI", theme=False, true_dimension=False,
                        first_sheet_rel=3)  # fmt: skip
    return {f"li-competitors/2026-03-16/{name}": data}


def li7_resaved_xlsx() -> dict[str, bytes]:
    """LI-7: followers and visitors exports re-saved by Excel as .xlsx (integers, a theme,
    dates still text), file names kept."""
    followers = [
        Sheet("New followers", [NEW_FOLLOWERS_HEADER, *new_followers(date(2026, 2, 6), [
            (0, 2, 1), (0, 0, 0), (0, 5, 0), (1, 1, 1), (0, -1, 0), (0, 3, 0), (0, 2, 2),
        ])]),
        *follower_demographics(),
    ]  # fmt: skip
    visits = [
        # 02/06: 12 page views, 7 unique visitors
        (((4, 5), (0, 0), (1, 0), (5, 7)), ((2, 3), (0, 0), (1, 0), (3, 4))),
        (((1, 1), (0, 0), (0, 0), (1, 2)), ((1, 1), (0, 0), (0, 0), (1, 1))),
        (((6, 8), (1, 1), (0, 1), (8, 12)), ((4, 5), (1, 1), (0, 1), (5, 7))),
        (((3, 3), (0, 0), (0, 0), (3, 4)), ((2, 2), (0, 0), (0, 0), (2, 3))),
        (((0, 1), (0, 0), (0, 0), (0, 1)), ((0, 1), (0, 0), (0, 0), (0, 1))),
        (((2, 2), (0, 1), (0, 0), (2, 4)), ((1, 2), (0, 1), (0, 0), (1, 3))),
        # 02/12: 25 page views, 14 unique visitors
        (((7, 9), (1, 0), (1, 1), (10, 15)), ((4, 5), (1, 0), (1, 1), (6, 8))),
    ]
    visitors = [Sheet("Visitor metrics", [VISITOR_HEADER, *visitor_rows(date(2026, 2, 6), visits)]),
                *visitor_demographics()]  # fmt: skip
    stem = "harbor-lane-studio"
    folder = "li-resaved-xlsx/2026-02-13"
    return {
        f"{folder}/{stem}_followers_{export_ms(date(2026, 2, 13), 11, 26, 14, 503)}.xlsx":
            excel_resave(followers),
        f"{folder}/{stem}_visitors_{export_ms(date(2026, 2, 13), 11, 26, 28, 681)}.xlsx":
            excel_resave(visitors),
    }  # fmt: skip


# The 2020-22 content export of brightwater-tours: Shares instead of Reposts, a negative
# reaction day (01/19).
CONTENT_JANUARY_2022 = [
    ((230, 101, 8, 9, 1, 1), (0, 0, 0, 0, 0)),
    ((175, 80, 3, 5, 0, 0), (0, 0, 0, 0, 0)),
    ((61, 30, 1, -1, 0, 0), (0, 0, 0, 0, 0)),
    ((402, 166, 12, 21, 3, 2), (0, 0, 0, 0, 0)),
    ((290, 123, 7, 12, 2, 0), (0, 0, 0, 0, 0)),
    ((88, 41, 2, 3, 0, 0), (0, 0, 0, 0, 0)),
    ((54, 25, 0, 1, 0, 0), (0, 0, 0, 0, 0)),
]


def update_row(title, activity_id, created, impressions, video_views, clicks, likes,
               comments, shares) -> list[object]:  # fmt: skip
    engaged = clicks + likes + comments + shares
    return [title, activity(activity_id), "Organic", "", "Tomas Reyes", created, "", "",
            "All followers", float(impressions), video_views, float(clicks),
            float32(clicks / impressions), float(likes), float(comments), float(shares), "",
            float32(engaged / impressions)]  # fmt: skip


def li8_updates_2022() -> dict[str, bytes]:
    """LI-8: the 2020-22 content export: Update metrics (aggregated) and Update engagement,
    Shares, Update title / link / type, Video views."""
    updates = [
        update_row("Spring sailings are open!", 6890000000000000202, "01/20/2022", 512,
                   "", 14, 23, 4, 3),
        update_row("Behind the scenes with our crew", 6890000000000000201, "01/17/2022", 344,
                   190.0, 6, 15, 2, 1),
    ]  # fmt: skip
    sheets = [
        Sheet("Update metrics (aggregated)",
              content_metrics(date(2022, 1, 17), CONTENT_JANUARY_2022, "Shares", UPDATE_METRICS_TITLE),
              header_row=1),
        Sheet("Update engagement", [[UPDATE_ENGAGEMENT_TITLE], UPDATES_2020_HEADER, *updates],
              header_row=1),
    ]  # fmt: skip
    name = f"brightwater-tours_updates_{export_ms(date(2022, 1, 25), 14, 3, 11, 266)}.xls"
    return {f"li-updates-2022/2022-01-25/{name}": write_xls(sheets)}


def li9_merged_workbook() -> dict[str, bytes]:
    """LI-9: visitors and updates sheets merged by hand in one workbook saved by Excel
    (RK numbers, empty cells absent): 'Update Engagement' with a capital E, Created date
    pasted as an Excel serial number."""
    visits = [
        (((2, 1), (0, 0), (0, 0), (3, 1)), ((1, 1), (0, 0), (0, 0), (2, 1))),
        (((4, 2), (0, 0), (1, 0), (6, 2)), ((3, 1), (0, 0), (1, 0), (4, 1))),
        (((0, 0), (0, 0), (0, 0), (1, 0)), ((0, 0), (0, 0), (0, 0), (1, 0))),
    ]
    metrics = [
        ((140, 66, 4, 6, 1, 0), (0, 0, 0, 0, 0)),
        ((95, 51, 2, 4, 0, 1), (0, 0, 0, 0, 0)),
        ((260, 120, 9, 13, 2, 2), (0, 0, 0, 0, 0)),
    ]
    created = date(2020, 3, 26)  # serial 43916
    updates = [[
        "Our spring open studio, online this year", activity(6650000000000000301), "Organic",
        None, "Ada Brook", excel_serial(created), None, None, "All followers", 388.0, None,
        11.0, float32(11 / 388), 19.0, 3.0, 2.0, None, float32(35 / 388),
    ]]  # fmt: skip
    sheets = [
        Sheet("Visitor metrics", [VISITOR_HEADER, *visitor_rows(date(2020, 3, 25), visits)]),
        *visitor_demographics(rows_per_sheet=1),
        Sheet("Update metrics (aggregated)",
              content_metrics(date(2020, 3, 25), metrics, "Shares", UPDATE_METRICS_TITLE),
              header_row=1),
        Sheet("Update Engagement", [[UPDATE_ENGAGEMENT_TITLE], UPDATES_2020_HEADER, *updates],
              header_row=1),
    ]  # fmt: skip
    data = write_xls(sheets, owner="Microsoft Office User", poi_records=False)
    return {"li-merged-workbook/2020-04-06/Kestrel Arts Trust LinkedIn Q1.xls": data}


def li10_templates() -> dict[str, bytes]:
    """LI-10: header-only templates kept by a user (.xlsx): the 2020 followers header
    without Auto-invited followers, a Date column added to the demographic sheets, and
    styled empty cells beyond the header (New followers used range A1:D45)."""
    styled_rows = [[STYLED] * 4 for _ in range(44)]
    followers = [
        Sheet("New followers", [NEW_FOLLOWERS_HEADER[:3] + ["Total followers"], *styled_rows]),
        *(Sheet(name, [[name, "Total followers", "Date"]]) for name in DEMOGRAPHIC_SHEETS),
    ]
    visitors = [
        Sheet("Visitor metrics", [VISITOR_HEADER]),
        *(Sheet(name, [[name, "Total views", "Date"]]) for name in DEMOGRAPHIC_SHEETS),
    ]
    engagement = ["Update link", "Update title", *UPDATES_2020_HEADER[2:]]
    updates = [
        Sheet("Update metrics (aggregated)", [metrics_header("Shares")]),
        Sheet("Update engagement", [engagement]),
    ]
    folder = "li-templates/2020-07-20"
    return {
        f"{folder}/Linkedin_followers.xlsx": xlsx_package(followers, application="Microsoft Excel", theme=True),
        f"{folder}/Linkedin_visitors.xlsx": xlsx_package(visitors, application="Microsoft Excel", theme=True),
        f"{folder}/Linkedin_updates.xlsx": xlsx_package(updates, application="Microsoft Excel", theme=True),
    }  # fmt: skip


def li11_pandas_csv() -> dict[str, bytes]:
    """LI-11: the first sheet of each export saved by pandas next to the .xls (header on
    line 1, the content title row dropped), browser suffix ' 1' kept."""
    followers = new_followers(date(2026, 2, 22), [
        (0, 3, 0), (0, -1, 0), (0, 2, 1), (1, 4, 0), (0, 0, 0), (0, 1, 0), (0, 5, 1),
    ])  # fmt: skip
    visits = [
        # 02/22: 8 page views, 5 unique visitors
        (((2, 3), (0, 0), (0, 1), (3, 5)), ((1, 2), (0, 0), (0, 1), (2, 3))),
        (((1, 0), (0, 0), (0, 0), (1, 1)), ((1, 0), (0, 0), (0, 0), (1, 1))),
        (((5, 4), (1, 0), (0, 0), (7, 5)), ((3, 2), (1, 0), (0, 0), (4, 3))),
        (((0, 0), (0, 0), (0, 0), (0, 0)), ((0, 0), (0, 0), (0, 0), (0, 0))),
        (((3, 6), (0, 1), (1, 0), (5, 8)), ((2, 3), (0, 1), (1, 0), (3, 5))),
        (((1, 2), (0, 0), (0, 0), (1, 3)), ((1, 1), (0, 0), (0, 0), (1, 2))),
        # 02/28: 20 page views, 11 unique visitors
        (((6, 7), (0, 1), (1, 1), (9, 11)), ((3, 4), (0, 1), (1, 1), (5, 6))),
    ]
    content = [
        ((150, 70, 5, 6, 1, 0), (0, 0, 0, 0, 0)),
        ((98, 44, 2, 3, 0, 1), (0, 0, 0, 0, 0)),
        ((0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0)),
        ((220, 95, 7, 10, 2, 1), (30, 1, 1, 0, 0)),
        ((175, 80, 3, 8, 1, 0), (0, 0, 0, 0, 0)),
        ((64, 29, 1, 2, 0, 0), (0, 0, 0, 0, 0)),
        ((301, 140, 11, 15, 3, 2), (0, 0, 0, 0, 0)),
    ]
    export = date(2026, 3, 2)
    folder = "li-pandas-csv/2026-03-02"
    metrics = content_metrics(date(2026, 2, 22), content)[1:]  # pandas header=1: no title row
    return {
        f"{folder}/lumen-ridge_followers_{export_ms(export, 7, 58, 40, 211)} 1.csv":
            pandas_csv([NEW_FOLLOWERS_HEADER, *followers]),
        f"{folder}/lumen-ridge_visitors_{export_ms(export, 7, 58, 29, 155)} 1.csv":
            pandas_csv([VISITOR_HEADER, *visitor_rows(date(2026, 2, 22), visits)]),
        f"{folder}/lumen-ridge_content_{export_ms(export, 7, 58, 19, 708)} 1.csv":
            pandas_csv(metrics),
    }  # fmt: skip


def li12_cleaned() -> dict[str, bytes]:
    """LI-12: a user's 'cleaned' Metrics table: CSV with a quoted header and ISO
    timestamps with nanoseconds (pandas), the same saved by Excel (15 significant digits),
    and an .xlsx with real date-time cells in a sheet named after the file."""
    content = [
        ((180, 77, 6, 9, 2, 0), (0, 0, 0, 0, 0)),
        ((240, 101, 8, 12, 1, 1), (0, 0, 0, 0, 0)),
        ((75, 33, 1, 2, 0, 0), (0, 0, 0, 0, 0)),
        ((360, 150, 13, 20, 4, 2), (45, 2, 1, 0, 0)),
        ((210, 90, 5, 7, 1, 0), (0, 0, 0, 0, 0)),
        ((99, 45, 3, 3, 0, 0), (0, 0, 0, 0, 0)),
        ((130, 58, 4, 5, 1, 1), (0, 0, 0, 0, 0)),
    ]
    first = date(2026, 1, 12)
    header, *rows = content_metrics(first, content)[1:]
    moments = [datetime(d.year, d.month, d.day) for d in days(first, len(rows))]
    quoted = io.StringIO()
    quoted.write(",".join(f'"{title}"' for title in header) + "\n")
    for moment, row in zip(moments, rows, strict=True):
        values = [str(as_int(v)) if isinstance(as_int(v), int) else repr(v) for v in row[1:]]
        quoted.write(f'"{moment:%Y-%m-%d %H:%M:%S}.000000000",' + ",".join(values) + "\n")
    excel = io.StringIO()
    excel.write(",".join(header) + "\n")
    for moment, row in zip(moments, rows, strict=True):
        values = [str(as_int(v)) if isinstance(as_int(v), int) else format(v, ".15g")
                  for v in row[1:]]  # fmt: skip
        excel.write(f"{moment:%Y-%m-%d %H:%M:%S}," + ",".join(values) + "\n")
    sheet = Sheet(
        "linkedin-cleaned", [header, *([m, *row[1:]] for m, row in zip(moments, rows, strict=True))]
    )
    folder = "li-cleaned/2026-01-20"
    return {
        f"{folder}/linkedin-cleaned.csv": quoted.getvalue().encode("utf-8"),
        f"{folder}/linkedin-cleaned csv version.csv": excel.getvalue().encode("utf-8"),
        f"{folder}/linkedin-cleaned.xlsx": xlsx_package([sheet], application="Microsoft Excel", theme=True),
    }  # fmt: skip


def li_api_network_size() -> dict[str, bytes]:
    """LI-API (documented, not seen committed): the networkSizes response carrying the
    follower total, pulled on two days, next to a followers .xls."""
    daily = new_followers(date(2026, 3, 4), [
        (0, 2, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1), (0, 2, 0), (0, 1, 0), (0, 3, 1),
    ])  # fmt: skip
    sheets = [Sheet("New followers", [NEW_FOLLOWERS_HEADER, *daily]), *follower_demographics()]
    folder = "li-api-network-size"
    return {
        f"{folder}/2026-03-10/networkSizes.json": json.dumps({"firstDegreeSize": 1287}).encode(),
        f"{folder}/2026-03-11/networkSizes.json": json.dumps({"firstDegreeSize": 1290}).encode(),
        f"{folder}/2026-03-11/cobalt-ferry_followers_{export_ms(date(2026, 3, 11), 6, 30, 2, 44)}.xls":
            write_xls(sheets),
    }  # fmt: skip


SHAPES = (
    li1_followers_xls, li2_visitors_xls, li3_visitors_metrics_only, li4_content_xls,
    li5_content_metrics_only, li6_competitors_xlsx, li7_resaved_xlsx, li8_updates_2022,
    li9_merged_workbook, li10_templates, li11_pandas_csv, li12_cleaned, li_api_network_size,
)  # fmt: skip


def main() -> None:
    """Write every LinkedIn fixture under ``ROOT`` (replacing what is there)."""
    shutil.rmtree(ROOT, ignore_errors=True)
    for shape in SHAPES:
        for relative, data in shape().items():
            path = ROOT / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            print(f"{len(data):7d}  {path.relative_to(ROOT.parents[1])}")


if __name__ == "__main__":
    main()
