"""LinkedIn Page analytics workbooks (``.xlsx`` and the old binary ``.xls``), and their
sheets saved as CSV.

Both are read with python-calamine (see ``socialkpi.landing.read_workbook``): one
well-kept Rust reader for both workbook generations, fast, with no macro or
formula evaluation, instead of the openpyxl (xlsx) + xlrd (xls) pair. A
workbook is recognised from its **sheet names**, never from its file name:

- followers workbook (``<company>_followers_<timestamp>.xls``): sheet
  ``New followers`` (``Date, Sponsored followers, Organic followers,
  Auto-invited followers, Total followers``: that ``Total followers`` is the
  day's **gross new** followers, not the running total) and the demographic
  sheets (``Location``, ``Job function``, ``Seniority``, ``Industry``,
  ``Company size``), each ``<dimension>, Total followers`` summing to the
  audience **total when the export was downloaded**. It loads into
  ``raw_linkedin_followers``: one ``new_followers`` row per day and one
  ``audience_total`` row (the sum of the first demographic sheet present; a
  sheet whose sum disagrees quarantines that row). That total is dated the
  **export date minus one day**, as API snapshots are: the export is taken
  during day E, whose own gains are not in it, so it is the total at the end of
  day E-1 (and the generator's truth reconciles exactly on that day).
  A followers workbook without ``New followers`` is quarantined whole.
- updates workbook (``<company>_updates_<timestamp>.xls``): sheet ``Metrics``
  (daily, organic / sponsored / total) and ``All posts`` (one row per post,
  lifetime) into ``raw_linkedin_updates`` (``row_kind`` ``daily`` or ``post``).

Dates are ``MM/DD/YYYY`` text or real date cells. A header row is found by its
first cell (sheets may start with a description line). Cells are turned into
text in Python and typed by the shared SQL macros; unknown columns are kept in
``extra_metrics`` (JSON).

CSV variants: users open the workbook and save one sheet as CSV (``New
followers``, ``Metrics`` or ``All posts``), so the file keeps the sheet's title
line (``Aggregated metrics of the page updates``, padded by Excel with empty
cells to the sheet's width) above the header. Such a file is recognised by its
**header row** (line 1, or the line after one or two title lines) and read
exactly like the sheet it was saved from; being one sheet, it has no
demographic sheet and therefore no ``audience_total`` row. French, German and
Excel-resaved CSVs are read too: the dialect (``socialkpi.formats.locales``) is
detected from the file, the titles translated through the alias table, and the
cells converted by ``sk_localize_number`` / ``sk_localize_date`` in SQL
(staging column ``loc``; ``en`` for workbooks, whose numbers are real cells).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from socialkpi.formats.base import CustomFormat, ExportFormat, Sniff, SourceRejected, register
from socialkpi.formats.locales import alias, detect_dialect

NEW_FOLLOWERS_SHEET = "New followers"
DEMOGRAPHIC_SHEETS = ("Location", "Job function", "Seniority", "Industry", "Company size")
METRICS_SHEET = "Metrics"
POSTS_SHEET = "All posts"


def cell_text(value: Any) -> str:
    """A workbook cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _table(
    rows: Sequence[Sequence[Any]], first_header: set[str]
) -> tuple[list[str], list[list[str]]]:
    """(header, data rows as text) of a sheet whose header row starts with one of
    ``first_header``; rows before it (titles, notes) and empty rows are skipped."""
    text_rows = [[cell_text(v).strip() for v in row] for row in rows]
    for index, row in enumerate(text_rows):
        if row and row[0] in first_header:
            header = list(row)
            while header and not header[-1]:
                header.pop()
            data = [r for r in text_rows[index + 1 :] if any(r)]
            return header, data
    return [], []


# A sheet saved as CSV, recognised by the titles of its header row (after translation).
CSV_SHEET_SIGNATURES = (
    (NEW_FOLLOWERS_SHEET, frozenset({"Date", "Organic followers", "Total followers"})),
    (METRICS_SHEET, frozenset({"Date", "Impressions (organic)", "Impressions (total)"})),
    (POSTS_SHEET, frozenset({"Update title", "Update link", "Impressions"})),
)
# Lines a CSV header may follow: the sheet's title line, and at most one more note line.
CSV_TITLE_LINES = 2


def _csv_sheet(cells: Sequence[str]) -> str | None:
    present = {cell.strip() for cell in cells}
    return next((name for name, sig in CSV_SHEET_SIGNATURES if sig <= present), None)


def _csv_sheet_of(sniff: Sniff) -> str | None:
    """The sheet a CSV source was saved from (its head lines are already ``,``-separated
    with English titles: see ``socialkpi.ingest``), or None."""
    if sniff.sheets is not None or sniff.document is not None:
        return None
    for index in range(min(CSV_TITLE_LINES + 1, len(sniff.head_lines))):
        name = _csv_sheet(sniff.header_cells(index))
        if name is not None:
            return name
    return None


def _sheet_names(sniff: Sniff) -> set[str]:
    if sniff.sheets is not None:
        return set(sniff.sheets)
    name = _csv_sheet_of(sniff)
    return {name} if name else set()


def _is_followers(sniff: Sniff) -> bool:
    names = _sheet_names(sniff)
    return NEW_FOLLOWERS_SHEET in names or bool(names & set(DEMOGRAPHIC_SHEETS))


def _is_updates(sniff: Sniff) -> bool:
    names = _sheet_names(sniff)
    return METRICS_SHEET in names or POSTS_SHEET in names


def _csv_as_sheets(sniff: Sniff) -> tuple[dict[str, list[list[str]]], str]:
    """A CSV sheet export as (the one-sheet workbook it was saved from, dialect name):
    rows from its header on, the header's titles in English."""
    text = sniff.text or ""
    dialect = detect_dialect(text, [line for line in text.splitlines()[:8] if line.strip()])
    rows = [
        row
        for row in csv.reader(io.StringIO(text), delimiter=dialect.delimiter)
        if any(cell.strip() for cell in row)
    ]
    for index, row in enumerate(rows[: CSV_TITLE_LINES + 1]):
        header = [alias("linkedin", cell.strip()) for cell in row]
        name = _csv_sheet(header)
        if name is not None:
            return {name: [header, *rows[index + 1 :]]}, dialect.name
    raise SourceRejected("LinkedIn CSV export without a recognised header row")


def _workbook(sniff: Sniff) -> tuple[dict[str, Sequence[Sequence[Any]]], str]:
    """The sheets of a workbook, or of a CSV sheet export, and the locale of their text."""
    if sniff.sheets is not None:
        return dict(sniff.sheets), "en"
    return _csv_as_sheets(sniff)


def _cells(header: list[str], row: list[str]) -> dict[str, str]:
    return {name: (row[i] if i < len(row) else "") for i, name in enumerate(header) if name}


# -- followers ------------------------------------------------------------------------------

FOLLOWERS_STAGING = (
    ("row_kind", "varchar"),
    ("date_text", "varchar"),
    ("sponsored_text", "varchar"),
    ("organic_text", "varchar"),
    ("auto_invited_text", "varchar"),
    ("total_text", "varchar"),
    ("source_sheet", "varchar"),
    ("reject", "varchar"),
    ("loc", "varchar"),
    ("_raw_text", "varchar"),
)


def followers_rows(sniff: Sniff) -> list[tuple]:
    sheets, loc = _workbook(sniff)
    if NEW_FOLLOWERS_SHEET not in sheets:
        raise SourceRejected(
            f"LinkedIn followers workbook without a {NEW_FOLLOWERS_SHEET!r} sheet "
            f"(sheets: {list(sheets)})"
        )
    header, data = _table(sheets[NEW_FOLLOWERS_SHEET], {"Date"})
    if "Total followers" not in header:
        raise SourceRejected(
            f"sheet {NEW_FOLLOWERS_SHEET!r} has no 'Date ... Total followers' header"
        )
    out = []
    for row in data:
        cells = _cells(header, row)
        out.append((
            "new_followers", cells.get("Date", ""), cells.get("Sponsored followers"),
            cells.get("Organic followers"), cells.get("Auto-invited followers"),
            cells.get("Total followers", ""), NEW_FOLLOWERS_SHEET, None, loc, ",".join(row),
        ))  # fmt: skip
    sums: list[tuple[str, int | None]] = []
    for name in DEMOGRAPHIC_SHEETS:
        if name not in sheets:
            continue
        dim_header, dim_rows = _table(sheets[name], {name, *DEMOGRAPHIC_SHEETS})
        if "Total followers" not in dim_header:
            sums.append((name, None))
            continue
        column = dim_header.index("Total followers")
        total = 0
        for row in dim_rows:
            value = row[column] if column < len(row) else ""
            try:
                total += int(float(value.replace(",", ""))) if value else 0
            except ValueError:
                total = None
                break
        sums.append((name, total))
    if sums:
        name, total = sums[0]
        reject = None
        disagree = [f"{n}={t}" for n, t in sums if t != total]
        if total is None:
            reject = f"sheet {name!r}: Total followers column missing or not numeric"
        elif disagree:
            reject = f"demographic sheets disagree on the audience total: {name}={total}, " + (
                ", ".join(disagree)
            )
        out.append((
            "audience_total", None, None, None, None, None if total is None else str(total),
            name, reject, "en", "; ".join(f"{n}={t}" for n, t in sums),
        ))  # fmt: skip
    return out


FOLLOWERS_COLUMNS_DDL = """
    row_kind varchar,
    metric_date date,
    sponsored_new_followers bigint,
    organic_new_followers bigint,
    auto_invited_new_followers bigint,
    new_followers_total bigint,
    followers_total bigint,
    source_sheet varchar
"""

FOLLOWERS_SELECT_SQL = """
    row_kind,
    case when row_kind = 'audience_total' then _export_date - 1
         else sk_us_date(sk_localize_date(date_text, loc)) end as metric_date,
    sk_count_nonneg(sk_localize_number(sponsored_text, loc)) as sponsored_new_followers,
    sk_count_nonneg(sk_localize_number(organic_text, loc)) as organic_new_followers,
    sk_count_nonneg(sk_localize_number(auto_invited_text, loc)) as auto_invited_new_followers,
    case when row_kind = 'new_followers' then sk_count_nonneg(sk_localize_number(total_text, loc))
    end as new_followers_total,
    case when row_kind = 'audience_total' then sk_count_nonneg(total_text) end
        as followers_total,
    source_sheet,
    reject, date_text, sponsored_text, organic_text, auto_invited_text, total_text
"""

FOLLOWERS_ERROR_SQL = """
    nullif(concat_ws('; ',
        reject,
        case when row_kind = 'new_followers' and metric_date is null
             then 'Date: ' || case when sk_is_blank(date_text) then 'missing'
                                   else 'cannot parse ' || date_text end end,
        case when not sk_is_blank(sponsored_text) and sponsored_new_followers is null
             then 'Sponsored followers: cannot parse ' || sponsored_text end,
        case when not sk_is_blank(organic_text) and organic_new_followers is null
             then 'Organic followers: cannot parse ' || organic_text end,
        case when not sk_is_blank(auto_invited_text) and auto_invited_new_followers is null
             then 'Auto-invited followers: cannot parse ' || auto_invited_text end,
        case when reject is null and coalesce(new_followers_total, followers_total) is null
             then 'Total followers: ' || case when sk_is_blank(total_text) then 'missing'
                                              else 'cannot parse ' || total_text end end
    ), '')
"""

LINKEDIN_FOLLOWERS = register(
    ExportFormat(
        name="linkedin_followers",
        platforms=frozenset({"linkedin"}),
        raw_table="raw_linkedin_followers",
        detect=_is_followers,
        columns_ddl=FOLLOWERS_COLUMNS_DDL,
        custom=CustomFormat(
            staging_columns=FOLLOWERS_STAGING,
            rows=followers_rows,
            select_sql=FOLLOWERS_SELECT_SQL,
            error_sql=FOLLOWERS_ERROR_SQL,
        ),
        description="LinkedIn followers workbook: daily gross new followers and the "
        "audience total on the export date.",
    )
)

# -- updates --------------------------------------------------------------------------------

_METRICS = ("Impressions", "Clicks", "Reactions", "Comments", "Reposts")
_SPLITS = ("organic", "sponsored", "total")
# Header -> staging column for the Metrics sheet.
METRICS_COLUMNS = {
    "Date": "date_text",
    "Unique impressions (organic)": "unique_impressions_organic",
    **{f"{m} ({s})": f"{m.lower()}_{s}" for m in _METRICS for s in _SPLITS},
    **{f"Engagement rate ({s})": f"engagement_rate_{s}" for s in _SPLITS},
}
# Header -> staging column for the All posts sheet (lifetime, organic + sponsored).
POSTS_COLUMNS = {
    "Update title": "post_title",
    "Update link": "post_url",
    "Created date": "date_text",
    "Impressions": "impressions_total",
    "Clicks": "clicks_total",
    "Likes": "reactions_total",
    "Reactions": "reactions_total",
    "Comments": "comments_total",
    "Reposts": "reposts_total",
    "Engagement rate": "engagement_rate_total",
}
_UPDATE_CELLS = sorted(set(METRICS_COLUMNS.values()) | set(POSTS_COLUMNS.values()))
UPDATES_STAGING = (
    ("row_kind", "varchar"),
    *((name, "varchar") for name in _UPDATE_CELLS),
    ("loc", "varchar"),
    ("extra_json", "varchar"),
    ("_raw_text", "varchar"),
)


def _update_row(
    kind: str, header: list[str], row: list[str], mapping: dict[str, str], loc: str
) -> tuple:
    values: dict[str, str | None] = dict.fromkeys(_UPDATE_CELLS)
    extra = {}
    for name, cell in _cells(header, row).items():
        target = mapping.get(name)
        if target is not None and values[target] is None:
            values[target] = cell
        elif target is None:
            extra[name] = cell
    extra_json = json.dumps(extra, ensure_ascii=False, separators=(",", ":"))
    return (kind, *(values[n] for n in _UPDATE_CELLS), loc, extra_json, ",".join(row))


def updates_rows(sniff: Sniff) -> list[tuple]:
    sheets, loc = _workbook(sniff)
    # A workbook must hold its daily Metrics; a CSV is one sheet, Metrics or All posts.
    if METRICS_SHEET not in sheets and sniff.sheets is not None:
        raise SourceRejected(
            f"LinkedIn updates workbook without a {METRICS_SHEET!r} sheet (sheets: {list(sheets)})"
        )
    out = []
    if METRICS_SHEET in sheets:
        header, data = _table(sheets[METRICS_SHEET], {"Date"})
        if not header:
            raise SourceRejected(f"sheet {METRICS_SHEET!r} has no header row starting with 'Date'")
        out += [_update_row("daily", header, row, METRICS_COLUMNS, loc) for row in data]
    if POSTS_SHEET in sheets:
        header, data = _table(sheets[POSTS_SHEET], {"Update title", "Update link"})
        out += [_update_row("post", header, row, POSTS_COLUMNS, loc) for row in data]
    return out


_UPDATE_NUMBER_CELLS = [
    "unique_impressions_organic",
    *(f"{m.lower()}_{s}" for m in _METRICS for s in _SPLITS),
    *(f"engagement_rate_{s}" for s in _SPLITS),
]


def _counts_sql() -> str:
    items = []
    for metric in _METRICS:
        for split in _SPLITS:
            col = f"{metric.lower()}_{split}"
            items.append(f"sk_count_nonneg(sk_localize_number({col}, loc)) as {col}")
    return ",\n    ".join(items)


def _rates_sql() -> str:
    return ",\n    ".join(
        f"sk_percent(sk_localize_number(engagement_rate_{s}, loc)) as engagement_rate_{s}"
        for s in _SPLITS
    )


UPDATES_COLUMNS_DDL = (
    """
    row_kind varchar,
    metric_date date,
    post_url varchar,
    post_title varchar,
    unique_impressions_organic bigint,
"""
    + "".join(f"    {m.lower()}_{s} bigint,\n" for m in _METRICS for s in _SPLITS)
    + "".join(f"    engagement_rate_{s} double,\n" for s in _SPLITS)
    + "    extra_metrics json\n"
)

UPDATES_SELECT_SQL = f"""
    row_kind,
    sk_us_date(sk_localize_date(date_text, loc)) as metric_date,
    sk_text(post_url) as post_url,
    sk_text(post_title) as post_title,
    sk_count_nonneg(sk_localize_number(unique_impressions_organic, loc))
        as unique_impressions_organic,
    {_counts_sql()},
    {_rates_sql()},
    extra_json::json as extra_metrics,
    date_text,
    {", ".join(f"{c} as {c}__cell" for c in _UPDATE_NUMBER_CELLS)}
"""

UPDATES_ERROR_SQL = (
    """
    nullif(concat_ws('; ',
        case when row_kind = 'daily' and metric_date is null
             then 'Date: ' || case when sk_is_blank(date_text) then 'missing'
                                   else 'cannot parse ' || date_text end end,
        case when row_kind = 'post' and not sk_is_blank(date_text) and metric_date is null
             then 'Created date: cannot parse ' || date_text end,
"""
    + "".join(
        f"        case when not sk_is_blank({c}__cell) and {c} is null "
        f"then '{c}: cannot parse ' || {c}__cell end,\n"
        for c in _UPDATE_NUMBER_CELLS
    )
    + """        null
    ), '')
"""
)

LINKEDIN_UPDATES = register(
    ExportFormat(
        name="linkedin_updates",
        platforms=frozenset({"linkedin"}),
        raw_table="raw_linkedin_updates",
        detect=_is_updates,
        columns_ddl=UPDATES_COLUMNS_DDL,
        custom=CustomFormat(
            staging_columns=UPDATES_STAGING,
            rows=updates_rows,
            select_sql=UPDATES_SELECT_SQL,
            error_sql=UPDATES_ERROR_SQL,
        ),
        description="LinkedIn updates workbook: daily Metrics and lifetime All posts.",
    )
)
