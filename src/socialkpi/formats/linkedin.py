"""LinkedIn Page analytics exports: the followers, visitors and content workbooks, and their
first sheet saved as CSV.

LinkedIn delivers ``.xls`` workbooks (BIFF8 written by Apache POI: dates as ``MM/DD/YYYY``
text cells, every number a float); users re-save them as ``.xlsx``, merge them, keep
header-only copies as templates, or save one sheet as CSV. Both workbook generations are
read with python-calamine (see ``socialkpi.landing.read_workbook``): one well-kept Rust
reader, no macro or formula evaluation.

**Every table is recognised by its header, never by the file name or the sheet name**: a
header is the first row (of the first three: title rows come before it) holding a kind's
core columns, after the one alias table (``socialkpi.formats.locales``, which also maps
LinkedIn's 2020-22 English header generation to today's: ``Update title`` -> ``Post title``,
``Shares (total)`` -> ``Reposts (total)``, ``Video views`` -> ``Views``), matched
case-insensitively. Other columns are optional (NULL when absent); columns no typed column
reads are kept in ``extra_metrics`` (JSON, as the file titles them), never a rejection.

- **New followers** (``Date``, ``Organic followers``, ``Total followers``; optional
  ``Sponsored followers``, ``Auto-invited followers``, absent before 2021): one
  ``new_followers`` row per day into ``raw_linkedin_followers``. ``Total followers`` there
  is the day's new followers (sponsored + organic + auto-invited), not a running total.
  ``Organic followers``, hence ``Total followers``, **can be negative** (-1 on days when
  more members unfollowed than followed organically): a platform fact, loaded as stated,
  so LinkedIn's gains are new followers net of those unfollows, not purely gross gains.
- **Demographic sheets** (``Location``, ``Job function``, ``Seniority``, ``Industry``,
  ``Company size``, each ``<dimension>, Total followers``) are breakdowns of the current
  followers by an attribute members may leave blank: in genuine workbooks the five sums
  always differ (24.5k, 24.6k, 26.1k, 26.7k, 28.9k) and none is the audience total. A
  workbook gives an ``audience_total`` row only when at least two demographic sheets with
  rows all sum to the same number (every member counted in each breakdown); otherwise it
  gives none, and that is no error. The total is dated the export date minus one day, as
  API snapshots are. The breakdown rows themselves are not loaded. **LinkedIn's followers
  series** is therefore: the total from the API snapshot (``firstDegreeSize``,
  ``socialkpi.formats.api_snapshots``), or from such agreeing sheets; the daily gains from
  ``New followers``; no losses (LinkedIn exports none), so no total is reconstructed.
- **Visitor metrics** (``Date`` and 24 counts: page views and unique visitors, desktop /
  mobile / total, of the Overview, Life and Jobs tabs and of the whole page) into
  ``raw_linkedin_visitors``, one row per day. ``Total page views (total)`` counts tabs the
  three sections do not (it is more than their sum) and unique visitors are not additive:
  every figure is loaded as stated, none rebuilt. Its demographic sheets (``<dimension>,
  Total views``: views, never followers) are not loaded; a workbook may have none.
- **Metrics** (daily, organic / sponsored / total impressions, clicks, reactions, comments,
  reposts, three engagement rates) and **All posts** (one row per post, lifetime values;
  ``''`` text in the cells a post does not have) into ``raw_linkedin_updates``
  (``row_kind`` ``daily`` or ``post``); the 2020-22 sheets ``Update metrics (aggregated)``
  and ``Update engagement`` are the same tables. A workbook without ``All posts`` (no post
  in the range) loads its days. LinkedIn nets removed reactions, comments and reposts into
  the day they were removed, so a daily count can be negative: that cell is NULL (it is
  not a count of the day's engagements) with its reason in quarantine, and the rest of the
  day loads; negative engagement rates are kept as stated.
- **Competitor analytics** (sheet ``COMPETITORS``: several pages' total and new followers
  over a range) compares pages, and its rows do not say which one is this account: it is
  quarantined whole with that reason.

A workbook merged by hand (visitors and content sheets in one file) loads its content
tables; the rows of its other tables are quarantined one by one with the reason (a source
loads into one raw table). Dates are ``MM/DD/YYYY`` text, ISO text or real date cells
(re-saves), or an Excel serial number (a date pasted as a number). A row's grain (a day's
``Date``; a post's ``Post link`` and ``Created date``) quarantines the row when missing or
unreadable; any other cell that does not parse is NULL with a ``cell`` record in
quarantine, and the row loads. A file with headers and no rows loads nothing.

CSV: a sheet saved as CSV (by pandas: header on line 1; by a spreadsheet: the sheet's
title line, padded with empty cells, above it) is read exactly like the sheet, in any
dialect (``socialkpi.formats.locales``: the cells are converted by ``sk_localize_number`` /
``sk_localize_date`` in SQL, staging column ``loc``; ``en`` for workbooks, whose numbers
are real cells); being one sheet, it has no demographic sheet and no audience total.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from socialkpi.formats.base import (
    CustomFormat,
    ExportFormat,
    Sniff,
    SourceRejected,
    SourceSkipped,
    cell_errors_list_sql,
    cell_problem_sql,
    header_key,
    register,
    sql_literal,
    workbook_cell_text,
)
from socialkpi.formats.locales import alias, detect_dialect

PLATFORM = "linkedin"


# -- tables, recognised by their header ------------------------------------------------------


@dataclass(frozen=True)
class TableKind:
    """A LinkedIn table: its sheet name in today's exports, the export it belongs to and
    the header keys it must have."""

    name: str
    export: str
    core: frozenset[str]


def _kind(name: str, export: str, *core: str) -> TableKind:
    return TableKind(name, export, frozenset(header_key(title) for title in core))


NEW_FOLLOWERS = _kind("New followers", "followers", "Date", "Organic followers", "Total followers")
VISITOR_METRICS = _kind("Visitor metrics", "visitors", "Date", "Total page views (total)")
METRICS = _kind("Metrics", "content", "Date", "Impressions (organic)", "Impressions (total)")
# "Created date" sets it apart from X's content export (Post Link, Impressions, Date).
POSTS = _kind("All posts", "content", "Post link", "Created date", "Impressions")
COMPETITORS = _kind(
    "COMPETITORS", "competitor analytics", "Page", "Total Followers", "New Followers"
)
# Demographic sheets: <dimension> first, then the count (followers, or a visitors file's views).
DEMOGRAPHIC_SHEETS = ("Location", "Job function", "Seniority", "Industry", "Company size")
FOLLOWER_DEMOGRAPHICS = _kind("follower demographics", "followers", "Total followers")
VISITOR_DEMOGRAPHICS = _kind("visitor demographics", "visitors", "Total views")
_DATA_KINDS = (NEW_FOLLOWERS, VISITOR_METRICS, METRICS, POSTS, COMPETITORS)
_DEMOGRAPHIC_KINDS = (FOLLOWER_DEMOGRAPHICS, VISITOR_DEMOGRAPHICS)
_DIMENSIONS = frozenset(header_key(name) for name in DEMOGRAPHIC_SHEETS)
# Rows a header may follow: a one-cell title row (content sheets, CSV saved by a spreadsheet),
# and at most one more note row.
HEADER_SEARCH_ROWS = 3


@dataclass(frozen=True)
class Table:
    """One recognised table of a source: header titles as written and in English (alias
    table applied), the rows above the header, and the data rows as text (empty rows left out)."""

    kind: TableKind
    sheet: str
    titles: list[str]
    header: list[str]
    preamble: list[list[str]]
    rows: list[list[str]]

    def cells(self, row: Sequence[str]) -> dict[str, str]:
        """Header key -> cell text of a data row (a missing trailing cell is '')."""
        return {
            header_key(name): (row[i] if i < len(row) else "")
            for i, name in enumerate(self.header)
            if name
        }

    def extra_json(self, row: Sequence[str], known: Mapping[str, str]) -> str:
        """The row's cells in columns ``known`` does not map, as JSON titled as in the file."""
        extra = {
            title: (row[i] if i < len(row) else "")
            for i, (title, name) in enumerate(zip(self.titles, self.header, strict=True))
            if title and header_key(name) not in known
        }
        return json.dumps(extra, ensure_ascii=False, separators=(",", ":"))


def _text_row(row: Sequence[Any]) -> list[str]:
    return [workbook_cell_text(value) for value in row]


def _classify(rows: Sequence[Sequence[Any]]) -> tuple[TableKind, int] | None:
    """The kind of a sheet and the index of its header row, from its first rows."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        titles = [workbook_cell_text(value).strip() for value in row]
        keys = {header_key(alias(PLATFORM, title)) for title in titles if title}
        kind = next((k for k in _DATA_KINDS if k.core <= keys), None)
        if kind is None and titles and header_key(titles[0]) in _DIMENSIONS:
            kind = next((k for k in _DEMOGRAPHIC_KINDS if k.core <= keys), None)
        if kind is not None:
            return kind, index
    return None


def _read_table(sheet: str, rows: Sequence[Sequence[Any]]) -> Table | None:
    found = _classify(rows)
    if found is None:
        return None
    kind, index = found
    titles = [title.strip() for title in _text_row(rows[index])]
    while titles and not titles[-1]:
        titles.pop()
    data = [_text_row(row) for row in rows[index + 1 :]]
    return Table(
        kind=kind,
        sheet=sheet,
        titles=titles,
        header=[alias(PLATFORM, title) for title in titles],
        preamble=[_text_row(row) for row in rows[:index]],
        rows=[row for row in data if any(cell.strip() for cell in row)],
    )


def _csv_rows(sniff: Sniff) -> tuple[list[list[str]], str]:
    """The non-empty rows of a CSV sheet export and its dialect name."""
    text = sniff.text or ""
    dialect = detect_dialect(text, [line for line in text.splitlines()[:8] if line.strip()])
    rows = [
        row
        for row in csv.reader(io.StringIO(text), delimiter=dialect.delimiter)
        if any(cell.strip() for cell in row)
    ]
    return rows, dialect.name


def _source_tables(sniff: Sniff) -> tuple[list[Table], str]:
    """Every recognised table of a workbook (or of a CSV sheet export, named after its
    kind), and the locale of its text."""
    if sniff.sheets is not None:
        sheets: Mapping[str, Sequence[Sequence[Any]]] = sniff.sheets
        loc = "en"
    else:
        rows, loc = _csv_rows(sniff)
        found = _classify(rows)
        sheets = {found[0].name if found else "": rows}
    tables = [_read_table(name, rows) for name, rows in sheets.items()]
    return [table for table in tables if table is not None], loc


# The last source asked about and its kinds: detection asks three times per source
# (_is_updates, _is_followers, _is_visitors), each classifying the same first rows.
_last_kinds: list = [None, frozenset()]


def _kinds(sniff: Sniff) -> frozenset[TableKind]:
    """The kinds of table a source holds (detection: first rows only)."""
    if _last_kinds[0] is sniff:
        return _last_kinds[1]
    kinds = _classify_kinds(sniff)
    _last_kinds[:] = [sniff, kinds]
    return kinds


def _classify_kinds(sniff: Sniff) -> frozenset[TableKind]:
    if sniff.document is not None:
        return frozenset()
    if sniff.sheets is not None:
        found = (_classify(rows) for rows in sniff.sheets.values())
    else:
        # CSV head lines are ``,``-separated with English titles already (socialkpi.ingest).
        found = iter([_classify([sniff.header_cells(i) for i in range(HEADER_SEARCH_ROWS)])])
    return frozenset(kind for kind, _ in filter(None, found))


_CONTENT_KINDS = frozenset({METRICS, POSTS})
_FOLLOWER_KINDS = frozenset({NEW_FOLLOWERS, FOLLOWER_DEMOGRAPHICS, COMPETITORS})
_VISITOR_KINDS = frozenset({VISITOR_METRICS, VISITOR_DEMOGRAPHICS})


# One format per source, so a merged workbook goes to one of them: content first, then
# followers; the format quarantines the rows of the other tables (``_not_loaded``).
def _is_updates(sniff: Sniff) -> bool:
    return bool(_kinds(sniff) & _CONTENT_KINDS)


def _is_followers(sniff: Sniff) -> bool:
    kinds = _kinds(sniff)
    return bool(kinds & _FOLLOWER_KINDS) and not kinds & _CONTENT_KINDS


def _is_visitors(sniff: Sniff) -> bool:
    kinds = _kinds(sniff)
    return bool(kinds & _VISITOR_KINDS) and not kinds & (_CONTENT_KINDS | _FOLLOWER_KINDS)


def _sheet_names(sniff: Sniff) -> list[str]:
    return list(sniff.sheets) if sniff.sheets is not None else []


def _not_loaded(tables: Iterable[Table], kept: str) -> Iterable[tuple[Table, list[str], str]]:
    """(table, row, reason) for every data row of a table of another export than ``kept``
    (the one the format loads)."""
    for table in tables:
        if table.kind.export == kept or table.kind in _DEMOGRAPHIC_KINDS:
            continue
        reason = (
            f"sheet {table.sheet!r} ({table.kind.export}) of a workbook merged by hand with "
            f"{kept} sheets: the file loads as {kept}, its {table.kind.export} rows are "
            f"not loaded (land the {table.kind.export} export on its own)"
        )
        for row in table.rows:
            yield table, row, reason


def _date_sql(cell: str) -> str:
    """SQL: a LinkedIn date cell (``MM/DD/YYYY``, ISO, or an Excel serial day number)."""
    return (
        f"case when regexp_full_match(trim({cell}), '[0-9]{{5}}(\\.0*)?') "
        f"then date '1899-12-30' + cast(cast(trim({cell}) as double) as integer) "
        f"else sk_us_date(sk_localize_date({cell}, loc)) end"
    )


def _grain_errors_sql(label: str, cell: str, parsed: str, when: str) -> str:
    """SQL: why a row's grain cell is missing or unreadable (rows matching ``when``)."""
    return (
        f"case when {when} and {parsed} is null then {sql_literal(label)} || "
        f"case when sk_is_blank({cell}) then ': missing' else ': cannot parse ' || {cell} end end"
    )


def _cell_errors_sql(checks: Iterable[tuple[str, str, str, bool, str]]) -> str:
    """Cell problems (label, cell, parsed, nonnegative, rows it applies to): NULL in their
    cell, the row loads."""
    return cell_errors_list_sql(
        [
            (label, f"case when {when} then {cell_problem_sql(label, cell, parsed, nonneg)} end")
            for label, cell, parsed, nonneg, when in checks
        ]
    )


def _staged(staging: Sequence[tuple[str, str]], values: Mapping[str, str | None]) -> tuple:
    """A staging tuple from the values it has (the other columns NULL)."""
    return tuple(values.get(name) for name, _ in staging)


# -- followers ------------------------------------------------------------------------------

# Header key -> staging column of the New followers table.
FOLLOWER_CELLS = {
    header_key("Date"): "date_text",
    header_key("Sponsored followers"): "sponsored_text",
    header_key("Organic followers"): "organic_text",
    header_key("Auto-invited followers"): "auto_invited_text",
    header_key("Total followers"): "total_text",
}
FOLLOWERS_STAGING = (
    ("row_kind", "varchar"),
    *((name, "varchar") for name in FOLLOWER_CELLS.values()),
    ("audience_total_text", "varchar"),
    ("source_sheet", "varchar"),
    ("reject", "varchar"),
    ("loc", "varchar"),
    ("extra_json", "varchar"),
    ("_raw_text", "varchar"),
)


def _agreed_audience_total(tables: Iterable[Table]) -> tuple[int, list[str]] | None:
    """(audience total, sheets) when at least two follower demographic sheets with rows
    sum to the same number, else None (sheets that disagree state no total: members leave
    attributes blank; a header-only template states none either, never 0)."""
    sums: dict[str, int] = {}
    for table in tables:
        if table.kind is not FOLLOWER_DEMOGRAPHICS or not table.rows:
            continue
        column = [header_key(name) for name in table.header].index(header_key("Total followers"))
        counts = [(row[column] if column < len(row) else "").strip() for row in table.rows]
        if not all(count.isdigit() for count in counts):
            return None
        sums[table.sheet] = sum(int(count) for count in counts)
    if len(sums) < 2 or len(set(sums.values())) != 1:
        return None
    return next(iter(sums.values())), list(sums)


def _competitor_reason(table: Table) -> str:
    period = [cell.strip() for row in table.preamble for cell in row if cell.strip()]
    over = f" over {' to '.join(period)}" if period else ""
    return (
        f"LinkedIn competitor analytics (sheet {table.sheet!r}: {len(table.rows)} pages' total "
        f"and new followers{over}): it compares pages and does not say which one is this "
        "account, and holds no daily metrics: not loaded"
    )


def followers_rows(sniff: Sniff) -> list[tuple]:
    """Staging tuples of a followers workbook or of its New followers sheet saved as CSV."""
    tables, loc = _source_tables(sniff)
    competitors = next((t for t in tables if t.kind is COMPETITORS), None)
    if competitors is not None:
        raise SourceSkipped(_competitor_reason(competitors))
    if not any(t.kind is NEW_FOLLOWERS for t in tables):
        raise SourceRejected(
            f"LinkedIn followers workbook without a {NEW_FOLLOWERS.name!r} sheet "
            f"(sheets: {_sheet_names(sniff)})"
        )
    out = []
    for table in tables:
        if table.kind is not NEW_FOLLOWERS:
            continue
        for row in table.rows:
            cells = table.cells(row)
            values = {column: cells.get(key) for key, column in FOLLOWER_CELLS.items()}
            out.append(_staged(FOLLOWERS_STAGING, {
                **values, "row_kind": "new_followers", "source_sheet": table.sheet, "loc": loc,
                "extra_json": table.extra_json(row, FOLLOWER_CELLS), "_raw_text": ",".join(row),
            }))  # fmt: skip
    for table, row, reason in _not_loaded(tables, NEW_FOLLOWERS.export):
        out.append(_staged(FOLLOWERS_STAGING, {
            "row_kind": "not_loaded", "source_sheet": table.sheet, "reject": reason,
            "_raw_text": ",".join(row),
        }))  # fmt: skip
    agreed = _agreed_audience_total(tables)
    if agreed is not None:
        total, sheets = agreed
        out.append(_staged(FOLLOWERS_STAGING, {
            "row_kind": "audience_total", "audience_total_text": str(total),
            "source_sheet": ", ".join(sheets), "loc": "en",
            "_raw_text": "; ".join(f"{name}={total}" for name in sheets),
        }))  # fmt: skip
    return out


FOLLOWERS_COLUMNS_DDL = """
    row_kind varchar,
    metric_date date,
    sponsored_new_followers bigint,
    organic_new_followers bigint,
    auto_invited_new_followers bigint,
    new_followers_total bigint,
    followers_total bigint,
    source_sheet varchar,
    extra_metrics json
"""

FOLLOWERS_SELECT_SQL = f"""
    row_kind,
    case when row_kind = 'audience_total' then _export_date - 1
         else {_date_sql("date_text")} end as metric_date,
    sk_count_nonneg(sk_localize_number(sponsored_text, loc)) as sponsored_new_followers,
    -- Signed: organic followers net of unfollows can be -1 (a platform fact).
    sk_count(sk_localize_number(organic_text, loc)) as organic_new_followers,
    sk_count_nonneg(sk_localize_number(auto_invited_text, loc)) as auto_invited_new_followers,
    sk_count(sk_localize_number(total_text, loc)) as new_followers_total,
    sk_count_nonneg(audience_total_text) as followers_total,
    source_sheet,
    extra_json::json as extra_metrics,
    reject, date_text, sponsored_text, organic_text, auto_invited_text, total_text
"""

FOLLOWERS_ERROR_SQL = (
    "nullif(concat_ws('; ', reject, "
    + _grain_errors_sql("Date", "date_text", "metric_date", "row_kind = 'new_followers'")
    + "), '')"
)
FOLLOWERS_CELL_ERRORS_SQL = _cell_errors_sql(
    (label, cell, parsed, nonneg, "row_kind = 'new_followers'")
    for label, cell, parsed, nonneg in (
        ("Sponsored followers", "sponsored_text", "sponsored_new_followers", True),
        ("Organic followers", "organic_text", "organic_new_followers", False),
        ("Auto-invited followers", "auto_invited_text", "auto_invited_new_followers", True),
        ("Total followers", "total_text", "new_followers_total", False),
    )
)

LINKEDIN_FOLLOWERS = register(
    ExportFormat(
        name="linkedin_followers",
        platforms=frozenset({PLATFORM}),
        raw_table="raw_linkedin_followers",
        detect=_is_followers,
        columns_ddl=FOLLOWERS_COLUMNS_DDL,
        custom=CustomFormat(
            staging_columns=FOLLOWERS_STAGING,
            rows=followers_rows,
            select_sql=FOLLOWERS_SELECT_SQL,
            error_sql=FOLLOWERS_ERROR_SQL,
            cell_errors_sql=FOLLOWERS_CELL_ERRORS_SQL,
        ),
        description="LinkedIn followers workbook: daily new followers (organic ones net of "
        "unfollows, may be negative), and an audience total only where the demographic "
        "sheets agree on one.",
        # (Not dated_by_export: its daily rows date the workbook, so the same bytes on a
        # later day are a re-delivery, and the audience total belongs to the first.)
    )
)

# -- visitors -------------------------------------------------------------------------------

_VISITOR_SECTIONS = ("Overview", "Life", "Jobs", "Total")
_VISITOR_MEASURES = ("page views", "unique visitors")
_DEVICES = ("desktop", "mobile", "total")
# Header key -> (raw column, title): "Jobs unique visitors (mobile)" -> jobs_unique_visitors_mobile.
VISITOR_COUNTS = {
    header_key(title): (title.lower().replace(" (", "_").replace(")", "").replace(" ", "_"), title)
    for title in (
        f"{section} {measure} ({device})"
        for section in _VISITOR_SECTIONS
        for measure in _VISITOR_MEASURES
        for device in _DEVICES
    )
}
_VISITOR_COLUMNS = [column for column, _ in VISITOR_COUNTS.values()]
VISITOR_CELLS = {header_key("Date"): "date_text", **{k: c for k, (c, _) in VISITOR_COUNTS.items()}}
VISITORS_STAGING = (
    *((name, "varchar") for name in VISITOR_CELLS.values()),
    ("loc", "varchar"),
    ("extra_json", "varchar"),
    ("_raw_text", "varchar"),
)


def visitors_rows(sniff: Sniff) -> list[tuple]:
    """Staging tuples of a visitors workbook or of its Visitor metrics sheet saved as CSV."""
    tables, loc = _source_tables(sniff)
    if not any(t.kind is VISITOR_METRICS for t in tables):
        raise SourceRejected(
            f"LinkedIn visitors workbook without a {VISITOR_METRICS.name!r} sheet "
            f"(sheets: {_sheet_names(sniff)})"
        )
    out = []
    for table in tables:
        if table.kind is not VISITOR_METRICS:
            continue
        for row in table.rows:
            cells = table.cells(row)
            values = {column: cells.get(key) for key, column in VISITOR_CELLS.items()}
            out.append(_staged(VISITORS_STAGING, {
                **values, "loc": loc, "extra_json": table.extra_json(row, VISITOR_CELLS),
                "_raw_text": ",".join(row),
            }))  # fmt: skip
    return out


VISITORS_COLUMNS_DDL = (
    "    metric_date date,\n"
    + "".join(f"    {column} bigint,\n" for column in _VISITOR_COLUMNS)
    + "    extra_metrics json\n"
)

VISITORS_SELECT_SQL = f"""
    {_date_sql("date_text")} as metric_date,
    {", ".join(f"sk_count_nonneg(sk_localize_number({c}, loc)) as {c}" for c in _VISITOR_COLUMNS)},
    extra_json::json as extra_metrics,
    date_text,
    {", ".join(f"{c} as {c}__cell" for c in _VISITOR_COLUMNS)}
"""

VISITORS_ERROR_SQL = _grain_errors_sql("Date", "date_text", "metric_date", "true")
VISITORS_CELL_ERRORS_SQL = _cell_errors_sql(
    (label, f"{column}__cell", column, True, "true") for column, label in VISITOR_COUNTS.values()
)

LINKEDIN_VISITORS = register(
    ExportFormat(
        name="linkedin_visitors",
        platforms=frozenset({PLATFORM}),
        raw_table="raw_linkedin_visitors",
        detect=_is_visitors,
        columns_ddl=VISITORS_COLUMNS_DDL,
        custom=CustomFormat(
            staging_columns=VISITORS_STAGING,
            rows=visitors_rows,
            select_sql=VISITORS_SELECT_SQL,
            error_sql=VISITORS_ERROR_SQL,
            cell_errors_sql=VISITORS_CELL_ERRORS_SQL,
        ),
        description="LinkedIn visitors workbook: daily page views and unique visitors "
        "(desktop, mobile, total) per page section and for the whole page.",
    )
)

# -- content (updates) ----------------------------------------------------------------------

_METRICS = ("Impressions", "Clicks", "Reactions", "Comments", "Reposts")
_SPLITS = ("organic", "sponsored", "total")
# Header key -> (staging column, label) of the Metrics table.
METRIC_COLUMNS = {
    header_key(title): (column, title)
    for title, column in (
        ("Date", "date_text"),
        ("Unique impressions (organic)", "unique_impressions_organic"),
        *((f"{m} ({s})", f"{m.lower()}_{s}") for m in _METRICS for s in _SPLITS),
        *((f"Engagement rate ({s})", f"engagement_rate_{s}") for s in _SPLITS),
    )
}
# Header key -> (staging column, label) of the All posts table (lifetime, organic + sponsored).
POST_COLUMNS = {
    header_key(title): (column, title)
    for title, column in (
        ("Post title", "post_title"),
        ("Post link", "post_url"),
        ("Created date", "date_text"),
        ("Impressions", "impressions_total"),
        ("Views", "views"),
        ("Clicks", "clicks_total"),
        ("Likes", "reactions_total"),
        ("Reactions", "reactions_total"),
        ("Comments", "comments_total"),
        ("Reposts", "reposts_total"),
        ("Follows", "follows"),
        ("Engagement rate", "engagement_rate_total"),
    )
}
_UPDATE_CELLS = sorted({c for c, _ in (*METRIC_COLUMNS.values(), *POST_COLUMNS.values())})
UPDATES_STAGING = (
    ("row_kind", "varchar"),
    *((name, "varchar") for name in _UPDATE_CELLS),
    ("reject", "varchar"),
    ("loc", "varchar"),
    ("extra_json", "varchar"),
    ("_raw_text", "varchar"),
)
# Metrics counts that a day can net below zero are NULL there; the rates stay signed.
_COUNT_CELLS = [
    "unique_impressions_organic",
    *(f"{m.lower()}_{s}" for m in _METRICS for s in _SPLITS),
    "views",
    "follows",
]
_RATE_CELLS = [f"engagement_rate_{s}" for s in _SPLITS]


def _update_row(kind: str, table: Table, row: list[str], columns: Mapping, loc: str) -> tuple:
    values: dict[str, str | None] = {}
    for key, cell in table.cells(row).items():
        if key in columns:
            values.setdefault(columns[key][0], cell)  # the first of two spellings wins
    return _staged(UPDATES_STAGING, {
        **values, "row_kind": kind, "loc": loc, "extra_json": table.extra_json(row, columns),
        "_raw_text": ",".join(row),
    })  # fmt: skip


def updates_rows(sniff: Sniff) -> list[tuple]:
    """Staging tuples of a content (updates) workbook or of one of its sheets saved as CSV."""
    tables, loc = _source_tables(sniff)
    out = []
    for table in tables:
        if table.kind is METRICS:
            out += [_update_row("daily", table, row, METRIC_COLUMNS, loc) for row in table.rows]
        elif table.kind is POSTS:
            out += [_update_row("post", table, row, POST_COLUMNS, loc) for row in table.rows]
    for _, row, reason in _not_loaded(tables, METRICS.export):
        out.append(_staged(UPDATES_STAGING, {
            "row_kind": "not_loaded", "reject": reason, "_raw_text": ",".join(row),
        }))  # fmt: skip
    return out


UPDATES_COLUMNS_DDL = (
    """
    row_kind varchar,
    metric_date date,
    post_url varchar,
    post_title varchar,
    unique_impressions_organic bigint,
"""
    + "".join(f"    {m.lower()}_{s} bigint,\n" for m in _METRICS for s in _SPLITS)
    + "".join(f"    {c} double,\n" for c in _RATE_CELLS)
    + "    views bigint,\n    follows bigint,\n    extra_metrics json\n"
)

UPDATES_SELECT_SQL = f"""
    row_kind,
    case when row_kind in ('daily', 'post') then {_date_sql("date_text")} end as metric_date,
    sk_text(post_url) as post_url,
    sk_text(post_title) as post_title,
    {", ".join(f"sk_count_nonneg(sk_localize_number({c}, loc)) as {c}" for c in _COUNT_CELLS)},
    {", ".join(f"sk_percent(sk_localize_number({c}, loc)) as {c}" for c in _RATE_CELLS)},
    extra_json::json as extra_metrics,
    reject, date_text,
    {", ".join(f"{c} as {c}__cell" for c in (*_COUNT_CELLS, *_RATE_CELLS))}
"""

UPDATES_ERROR_SQL = (
    "nullif(concat_ws('; ', reject, "
    + _grain_errors_sql("Date", "date_text", "metric_date", "row_kind = 'daily'")
    + ", "
    + _grain_errors_sql("Created date", "date_text", "metric_date", "row_kind = 'post'")
    + ", case when row_kind = 'post' and post_url is null then 'Post link: missing' end"
    + "), '')"
)


def _update_cell_checks() -> Iterable[tuple[str, str, str, bool, str]]:
    """(label, cell, parsed, nonnegative, rows) of every typed number of both tables."""
    for kind, columns in (("daily", METRIC_COLUMNS), ("post", POST_COLUMNS)):
        labels: dict[str, str] = {}
        for column, label in columns.values():
            labels.setdefault(column, label)  # two spellings of one cell: checked once
        for column, label in labels.items():
            if column in _COUNT_CELLS or column in _RATE_CELLS:
                nonneg = column in _COUNT_CELLS
                yield label, f"{column}__cell", column, nonneg, f"row_kind = '{kind}'"


UPDATES_CELL_ERRORS_SQL = _cell_errors_sql(_update_cell_checks())

LINKEDIN_UPDATES = register(
    ExportFormat(
        name="linkedin_updates",
        platforms=frozenset({PLATFORM}),
        raw_table="raw_linkedin_updates",
        detect=_is_updates,
        columns_ddl=UPDATES_COLUMNS_DDL,
        custom=CustomFormat(
            staging_columns=UPDATES_STAGING,
            rows=updates_rows,
            select_sql=UPDATES_SELECT_SQL,
            error_sql=UPDATES_ERROR_SQL,
            cell_errors_sql=UPDATES_CELL_ERRORS_SQL,
        ),
        description="LinkedIn content (updates) workbook: daily Metrics and lifetime All posts.",
    )
)
