"""LinkedIn Page analytics workbooks (``.xlsx`` and the old binary ``.xls``).

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
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from socialkpi.formats.base import CustomFormat, ExportFormat, Sniff, SourceRejected, register

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


def _sheet_names(sniff: Sniff) -> set[str]:
    return set(sniff.sheets or {})


def _is_followers(sniff: Sniff) -> bool:
    names = _sheet_names(sniff)
    return NEW_FOLLOWERS_SHEET in names or bool(names & set(DEMOGRAPHIC_SHEETS))


def _is_updates(sniff: Sniff) -> bool:
    names = _sheet_names(sniff)
    return METRICS_SHEET in names or POSTS_SHEET in names


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
    ("_raw_text", "varchar"),
)


def followers_rows(sniff: Sniff) -> list[tuple]:
    sheets = sniff.sheets or {}
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
            cells.get("Total followers", ""), NEW_FOLLOWERS_SHEET, None, ",".join(row),
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
            name, reject, "; ".join(f"{n}={t}" for n, t in sums),
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
    case when row_kind = 'audience_total' then _export_date - 1 else sk_us_date(date_text) end
        as metric_date,
    sk_count_nonneg(sponsored_text) as sponsored_new_followers,
    sk_count_nonneg(organic_text) as organic_new_followers,
    sk_count_nonneg(auto_invited_text) as auto_invited_new_followers,
    case when row_kind = 'new_followers' then sk_count_nonneg(total_text) end
        as new_followers_total,
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
    ("extra_json", "varchar"),
    ("_raw_text", "varchar"),
)


def _update_row(kind: str, header: list[str], row: list[str], mapping: dict[str, str]) -> tuple:
    values: dict[str, str | None] = dict.fromkeys(_UPDATE_CELLS)
    extra = {}
    for name, cell in _cells(header, row).items():
        target = mapping.get(name)
        if target is not None and values[target] is None:
            values[target] = cell
        elif target is None:
            extra[name] = cell
    extra_json = json.dumps(extra, ensure_ascii=False, separators=(",", ":"))
    return (kind, *(values[n] for n in _UPDATE_CELLS), extra_json, ",".join(row))


def updates_rows(sniff: Sniff) -> list[tuple]:
    sheets = sniff.sheets or {}
    if METRICS_SHEET not in sheets:
        raise SourceRejected(
            f"LinkedIn updates workbook without a {METRICS_SHEET!r} sheet (sheets: {list(sheets)})"
        )
    header, data = _table(sheets[METRICS_SHEET], {"Date"})
    if not header:
        raise SourceRejected(f"sheet {METRICS_SHEET!r} has no header row starting with 'Date'")
    out = [_update_row("daily", header, row, METRICS_COLUMNS) for row in data]
    if POSTS_SHEET in sheets:
        header, data = _table(sheets[POSTS_SHEET], {"Update title", "Update link"})
        out += [_update_row("post", header, row, POSTS_COLUMNS) for row in data]
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
            items.append(f"sk_count_nonneg({col}) as {col}")
    return ",\n    ".join(items)


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
    sk_us_date(date_text) as metric_date,
    sk_text(post_url) as post_url,
    sk_text(post_title) as post_title,
    sk_count_nonneg(unique_impressions_organic) as unique_impressions_organic,
    {_counts_sql()},
    sk_percent(engagement_rate_organic) as engagement_rate_organic,
    sk_percent(engagement_rate_sponsored) as engagement_rate_sponsored,
    sk_percent(engagement_rate_total) as engagement_rate_total,
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
