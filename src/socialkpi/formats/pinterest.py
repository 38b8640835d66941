"""Pinterest Analytics exports: the overview CSV, the audience insights CSVs, and the API v5
``/user_account/analytics`` response. (The follower total comes from the API's
``/user_account``: see :mod:`socialkpi.formats.api_snapshots`.)

**Analytics overview** (``Pinterest Analytics overview YYYYMMDD-YYYYMMDD.csv``, often
renamed): UTF-8 without BOM, LF, a preamble (the title ``Analytics overview``, the date
range ``2026-01-01 - 2026-01-31``, one ``<filter>,<value>`` line per filter of the view,
a blank line), then up to three tables, each after a blank line:

- the daily table ``Date,<metric>``: the metric is the one chosen in the UI, named by
  the second column's title (``Impressions``, ``Total audience``, ...); an empty value
  is a day without data, not 0; a line ``Data starting from <date> is an estimate ...``
  may follow the last row (days from then on are revised by later downloads);
- ``Top Boards <range>`` and ``Top Pins <range>``: the top boards / pins with their
  totals **over the file's date range** (restricted to the last 6 months, says the
  footnote that closes each table), neither lifetime nor daily values; instead of rows
  Pinterest may write ``Not enough data.``.

The file is split into one source per table (:func:`overview_sections`, the preamble
repeated in each), so that each table loads on its own, is counted on its own in the
manifest (``...csv#section-2``) and says on its own that it had ``Not enough data.``
(one quarantined record with that reason: nothing is loaded, nothing invented). The
daily rows go to ``raw_pinterest_daily_metrics`` (format ``pinterest_overview_daily``),
the boards and pins to ``raw_pinterest_top_content`` (``pinterest_overview_top_content``)
with their range, and are never spread over days.

The filter lines are kept (``view_filters``). Every genuine file seen has Pinterest's
default view (:data:`DEFAULT_VIEW_FILTERS`); any other value makes the values a segment
of the account (``is_filtered_view``), which the marts leave out.

**API analytics** (``GET /v5/user_account/analytics``, documented only: no committed
response was found): ``{"all": {"daily_metrics": [{"date", "data_status", "metrics":
{"IMPRESSION": n, ...}}], "summary_metrics": {...}}}``; the count metrics with a typed
column share the overview's raw table, the other keys (rates, video metrics) are kept in
``extra_metrics``. A day whose ``data_status`` is neither ``READY`` nor ``ESTIMATE``
(``PROCESSING``, ``BEFORE_BUSINESS_CREATED``, ...) has no value and is quarantined
with that reason. A response split by a field (keys other than ``all``) holds segments,
not the account's total, and is quarantined whole. Its query parameters (content type,
pin format, ...) are not in the response: a pull is taken as the account's total.

**Audience insights** (``audience-insights-total-audience-YYYY-MM-DD.csv``, ``...engaged-
audience...``): the audience size (people who saw or engaged with the account's pins over the
last 30 days, rounded: not followers, not a daily value) and demographic shares (fractions
of 1; interests with their category and affinity). Loaded as they are into
``raw_pinterest_audience_insights``, one record per line, for no mart. A file where
Pinterest had ``----`` and ``Not enough data to show.`` quarantines its one audience line
with that reason.

Text is split into tuples here; the shared SQL macros type the cells.
"""

from __future__ import annotations

import csv
import functools
import json
import re
from dataclasses import dataclass
from typing import Any

from socialkpi.formats.base import (
    CustomFormat,
    ExportFormat,
    Sniff,
    SourceRejected,
    TextSection,
    cell_errors_list_sql,
    cell_problem_sql,
    header_key,
    json_value_text,
    register,
    rejected_row_error_sql,
)

OVERVIEW_TITLE = "Analytics overview"
NOT_ENOUGH_DATA = "Not enough data."
AUDIENCE_NOT_ENOUGH_DATA = "Not enough data to show."
# The view of every genuine overview file seen: a file with other values is a segment.
DEFAULT_VIEW_FILTERS = {
    "Content types": "All",
    "Devices": "All",
    "Source": "All",
    "Publish Types": "",
    "Age": "All",
    "Gender": "All",
    "Claimed accounts": "All Pins",
    "Format": "All",
    "Curated content": "Not included",
}
# (staging cell, overview title, API metric key) of the daily count metrics with a column.
DAILY_COUNT_METRICS = (
    ("impressions", "Impressions", "IMPRESSION"),
    ("engagements", "Engagements", "ENGAGEMENT"),
    ("pin_clicks", "Pin clicks", "PIN_CLICK"),
    ("outbound_clicks", "Outbound clicks", "OUTBOUND_CLICK"),
    ("saves", "Saves", "SAVE"),
    ("total_audience", "Total audience", "TOTAL_AUDIENCE"),
    ("engaged_audience", "Engaged audience", "ENGAGED_AUDIENCE"),
)
# API days with a value: final, or estimated (revised by later pulls).
API_DAYS_WITH_VALUES = ("READY", "ESTIMATE")

_DATE_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2}) - (\d{4}-\d{2}-\d{2})$")
_TOP_TITLE = re.compile(r"^Top (Boards|Pins) (\d{4}-\d{2}-\d{2}) - (\d{4}-\d{2}-\d{2})$")
_ESTIMATE_LINE = re.compile(r"^Data starting from (\d{4}-\d{2}-\d{2}) is an estimate")
_ESTIMATED_FROM = re.compile(r"estimated data from (\d{4}-\d{2}-\d{2})")


def _cells(line: str) -> list[str]:
    return next(csv.reader([line]), [])


def _compact(values: dict[str, Any]) -> str:
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


# -- the overview file: preamble and tables ---------------------------------------------------


@dataclass(frozen=True)
class _Table:
    kind: str  # daily | boards | pins
    start: int  # index of its first line (the header, or the "Top ..." title)
    end: int  # index after its last line (the next table's start, or the end of the file)


@dataclass(frozen=True)
class _Overview:
    lines: tuple[str, ...]
    range_start: str
    range_end: str
    filters: tuple[tuple[str, str], ...]
    tables: tuple[_Table, ...]

    @property
    def filters_json(self) -> str:
        return _compact(dict(self.filters))

    @property
    def is_filtered(self) -> str:
        """'true' when a filter of the view is not Pinterest's default (a segment)."""
        filtered = any(
            DEFAULT_VIEW_FILTERS.get(name, "All") != value for name, value in self.filters
        )
        return "true" if filtered else "false"


def _table_kind(line: str) -> str | None:
    stripped = line.strip()
    if _TOP_TITLE.match(stripped):
        return "boards" if stripped.startswith("Top Boards") else "pins"
    cells = _cells(stripped)
    return "daily" if len(cells) >= 2 and cells[0].strip() == "Date" else None


@functools.lru_cache(maxsize=64)
def _overview(text: str) -> _Overview | None:
    """The layout of an Analytics overview file, or None when the text is not one."""
    lines = tuple(text.splitlines())
    if len(lines) < 2 or lines[0].strip() != OVERVIEW_TITLE:
        return None
    date_range = _DATE_RANGE.match(lines[1].strip())
    if date_range is None:
        return None
    filters, index = [], 2
    while index < len(lines) and lines[index].strip() and _table_kind(lines[index]) is None:
        cells = _cells(lines[index])
        filters.append((cells[0].strip(), cells[1].strip() if len(cells) > 1 else ""))
        index += 1
    starts = [i for i in range(index, len(lines)) if _table_kind(lines[i]) is not None]
    tables = tuple(
        _Table(
            _table_kind(lines[start]) or "",
            start,
            starts[n + 1] if n + 1 < len(starts) else len(lines),
        )
        for n, start in enumerate(starts)
    )
    return _Overview(lines, date_range.group(1), date_range.group(2), tuple(filters), tables)


def overview_sections(text: str) -> list[TextSection]:
    """One section per table of an overview file, each with the file's preamble in front."""
    overview = _overview(text)
    if overview is None or len(overview.tables) <= 1:
        return [TextSection(text, 0)]
    first = overview.tables[0].start
    preamble = "\n".join(overview.lines[:first]) + "\n"
    return [
        TextSection(preamble + "\n".join(overview.lines[t.start : t.end]) + "\n", t.start - first)
        for t in overview.tables
    ]


def _first_table(sniff: Sniff, kinds: tuple[str, ...]) -> _Overview | None:
    if sniff.first_line.strip() != OVERVIEW_TITLE or sniff.text is None:
        return None
    overview = _overview(sniff.text)
    if overview is None or not overview.tables or overview.tables[0].kind not in kinds:
        return None
    return overview


def _not_enough_data(table_name: str) -> str:
    return f"{table_name}: Pinterest wrote {NOT_ENOUGH_DATA!r} instead of rows (nothing to load)"


# -- daily metrics (overview daily table, API analytics) --------------------------------------

_DAILY_CELLS = [cell for cell, _, _ in DAILY_COUNT_METRICS]
DAILY_STAGING = tuple(
    (name, "varchar")
    for name in (
        "date_text", *_DAILY_CELLS, "extra_json", "estimate_from", "data_status", "range_start",
        "range_end", "filters_json", "is_filtered", "reject", "_raw_text",
    )
)  # fmt: skip
_DAILY_CELL_BY_TITLE = {header_key(title): cell for cell, title, _ in DAILY_COUNT_METRICS}
_DAILY_CELL_BY_API_KEY = {key: cell for cell, _, key in DAILY_COUNT_METRICS}


def _daily_tuple(
    date_text: Any,
    values: dict[str, Any],
    extra: dict[str, Any],
    *,
    estimate_from: str | None = None,
    data_status: Any = None,
    overview: _Overview | None = None,
    reject: str | None = None,
    raw: str,
) -> tuple:
    return (
        json_value_text(date_text),
        *(json_value_text(values.get(cell)) for cell in _DAILY_CELLS),
        _compact({k: json_value_text(v) for k, v in extra.items()}),
        estimate_from,
        json_value_text(data_status),
        overview.range_start if overview else None,
        overview.range_end if overview else None,
        overview.filters_json if overview else None,
        overview.is_filtered if overview else "false",
        reject,
        raw,
    )


def overview_daily_rows(sniff: Sniff) -> list[tuple]:
    """The daily table of an overview file (or section): one tuple per line after its header."""
    overview = _first_table(sniff, ("daily",))
    assert overview is not None, "overview_daily_rows called on a source detect() refused"
    table = overview.tables[0]
    header = [cell.strip() for cell in _cells(overview.lines[table.start])]
    while header and not header[-1]:
        header.pop()
    estimate_from = None
    records: list[tuple[list[str], str, str | None]] = []
    for line in overview.lines[table.start + 1 : table.end]:
        stripped = line.strip()
        estimate = _ESTIMATE_LINE.match(stripped)
        if estimate:
            estimate_from = estimate.group(1)
        elif stripped == NOT_ENOUGH_DATA:
            records.append(([], line, _not_enough_data("daily table")))
        elif stripped:
            cells = _cells(line)
            surplus = [cell for cell in cells[len(header) :] if cell.strip()]
            reject = f"{len(surplus)} value(s) beyond the header" if surplus else None
            records.append((cells, line, reject))
    out = []
    for cells, line, reject in records:
        values: dict[str, str] = {}
        extra: dict[str, str] = {}
        for index, title in enumerate(header[1:], start=1):
            cell = cells[index] if index < len(cells) else ""
            target = _DAILY_CELL_BY_TITLE.get(header_key(title))
            if target is not None and target not in values:
                values[target] = cell
            else:
                extra[title] = cell
        date_text = cells[0] if cells else None
        out.append(_daily_tuple(date_text, values, extra, estimate_from=estimate_from,
                                overview=overview, reject=reject, raw=line))  # fmt: skip
    return out


def _is_api_analytics(document: Any) -> bool:
    return (
        isinstance(document, dict)
        and bool(document)
        and all(
            isinstance(value, dict) and ("daily_metrics" in value or "summary_metrics" in value)
            for value in document.values()
        )
    )


def api_analytics_rows(sniff: Sniff) -> list[tuple]:
    """The days of a ``/user_account/analytics`` response (its ``all`` entry)."""
    document = sniff.document
    total = document.get("all")
    if not isinstance(total, dict):
        raise SourceRejected(
            f"Pinterest analytics response split by a field (keys {sorted(document)}): "
            "segments of the account, not its total (request split_field=NO_SPLIT)"
        )
    days = total.get("daily_metrics")
    if not isinstance(days, list) or not days:
        raise SourceRejected("Pinterest analytics response without daily_metrics entries")
    out = []
    for day in days:
        day = day if isinstance(day, dict) else {}
        metrics = day.get("metrics") if isinstance(day.get("metrics"), dict) else {}
        values = {
            _DAILY_CELL_BY_API_KEY[k]: v for k, v in metrics.items() if k in _DAILY_CELL_BY_API_KEY
        }
        extra = {k: v for k, v in metrics.items() if k not in _DAILY_CELL_BY_API_KEY}
        status = day.get("data_status")
        reject = None
        if status is not None and status not in API_DAYS_WITH_VALUES:
            reject = f"data_status {status}: Pinterest gives no value for this day"
        out.append(_daily_tuple(day.get("date"), values, extra, data_status=status,
                                reject=reject, raw=_compact(day)))  # fmt: skip
    return out


DAILY_COLUMNS_DDL = """
    metric_date date,
    impressions bigint,
    engagements bigint,
    pin_clicks bigint,
    outbound_clicks bigint,
    saves bigint,
    total_audience bigint,
    engaged_audience bigint,
    extra_metrics json,
    is_estimate boolean,
    data_status varchar,
    range_start date,
    range_end date,
    view_filters json,
    is_filtered_view boolean
"""

DAILY_SELECT_SQL = f"""
    sk_iso_date(date_text) as metric_date,
    {", ".join(f"sk_count_nonneg({cell}) as {cell}" for cell in _DAILY_CELLS)},
    extra_json::json as extra_metrics,
    case when data_status is not null then data_status = 'ESTIMATE'
         else coalesce(sk_iso_date(date_text) >= sk_iso_date(estimate_from), false)
    end as is_estimate,
    data_status,
    sk_iso_date(range_start) as range_start,
    sk_iso_date(range_end) as range_end,
    filters_json::json as view_filters,
    is_filtered::boolean as is_filtered_view,
    reject, date_text,
    {", ".join(f"{cell} as {cell}__cell" for cell in _DAILY_CELLS)}
"""

# The day is the row's grain; "Not enough data." and days without values are rejected whole.
DAILY_ERROR_SQL = rejected_row_error_sql(
    "case when metric_date is null then 'Date: ' || case when sk_is_blank(date_text) "
    "then 'missing' else 'cannot parse ' || date_text end end"
)

DAILY_CELL_ERRORS_SQL = cell_errors_list_sql(
    [
        (title, cell_problem_sql(title, f"{cell}__cell", cell, nonnegative=True))
        for cell, title, _ in DAILY_COUNT_METRICS
    ]
)


def _daily_format(name: str, detect, rows, description: str, **extra) -> ExportFormat:
    return register(
        ExportFormat(
            name=name,
            platforms=frozenset({"pinterest"}),
            raw_table="raw_pinterest_daily_metrics",
            detect=detect,
            columns_ddl=DAILY_COLUMNS_DDL,
            custom=CustomFormat(
                staging_columns=DAILY_STAGING,
                rows=rows,
                select_sql=DAILY_SELECT_SQL,
                error_sql=DAILY_ERROR_SQL,
                cell_errors_sql=DAILY_CELL_ERRORS_SQL,
            ),
            description=description,
            **extra,
        )
    )


PINTEREST_OVERVIEW_DAILY = _daily_format(
    "pinterest_overview_daily",
    lambda sniff: _first_table(sniff, ("daily",)) is not None,
    overview_daily_rows,
    "Pinterest Analytics overview CSV, daily table: one metric (the one chosen in the UI).",
    sections=overview_sections,
)

PINTEREST_API_ANALYTICS = _daily_format(
    "pinterest_api_analytics",
    lambda sniff: _is_api_analytics(sniff.document),
    api_analytics_rows,
    "Pinterest API v5 /user_account/analytics response: daily metrics (documented shape).",
)

# -- top boards and pins (overview) -----------------------------------------------------------

# Header -> staging cell of the Top Boards / Top Pins tables (matched case-insensitively).
TOP_COLUMNS = {
    header_key(title): cell
    for title, cell in (
        ("Pinterest Link", "item_url"),
        ("Impressions", "impressions"),
        ("Engagement", "engagements"),
        ("Engagements", "engagements"),
        ("Pin clicks", "pin_clicks"),
        ("Outbound clicks", "outbound_clicks"),
        ("Saves", "saves"),
        ("Content Type", "content_type"),
        ("Source", "content_source"),
        ("Canonical", "canonical"),
    )
}
_TOP_CELLS = sorted(set(TOP_COLUMNS.values()))
TOP_STAGING = tuple(
    (name, "varchar")
    for name in (
        "item_kind", *_TOP_CELLS, "range_start", "range_end", "estimated_from", "table_note",
        "filters_json", "is_filtered", "extra_json", "reject", "_raw_text",
    )
)  # fmt: skip
# The footnote closing a top table ("Top boards table is restricted to data from ...").
_TOP_NOTE = re.compile(r"^Top (boards|pins) table is ", re.IGNORECASE)


def top_content_rows(sniff: Sniff) -> list[tuple]:
    """The rows of a Top Boards or Top Pins table (a section of an overview file)."""
    overview = _first_table(sniff, ("boards", "pins"))
    assert overview is not None, "top_content_rows called on a source detect() refused"
    table = overview.tables[0]
    title = overview.lines[table.start].strip()
    title_match = _TOP_TITLE.match(title)
    assert title_match is not None
    item_kind = "board" if table.kind == "boards" else "pin"
    lines = [line for line in overview.lines[table.start + 1 : table.end] if line.strip()]
    notes = [line for line in lines if _TOP_NOTE.match(_cells(line)[0].strip())]
    note = _cells(notes[-1])[0].strip() if notes else None
    estimated = _ESTIMATED_FROM.search(note or "")
    header: list[str] = []
    out = []
    for line in lines:
        if line in notes:
            continue
        cells = _cells(line)
        if not header and line.strip() != NOT_ENOUGH_DATA:
            header = [cell.strip() for cell in cells]
            continue
        values: dict[str, str | None] = dict.fromkeys(_TOP_CELLS)
        extra: dict[str, str] = {}
        reject = _not_enough_data(title) if line.strip() == NOT_ENOUGH_DATA else None
        if reject is None:
            for index, name in enumerate(header):
                cell = cells[index] if index < len(cells) else ""
                target = TOP_COLUMNS.get(header_key(name))
                if target is not None and values[target] is None:
                    values[target] = cell
                elif name:
                    extra[name] = cell
            surplus = [cell for cell in cells[len(header) :] if cell.strip()]
            reject = f"{len(surplus)} value(s) beyond the header" if surplus else None
        out.append((
            item_kind, *(values[name] for name in _TOP_CELLS), title_match.group(2),
            title_match.group(3), estimated.group(1) if estimated else None, note,
            overview.filters_json, overview.is_filtered, _compact(extra), reject, line,
        ))  # fmt: skip
    return out


TOP_COLUMNS_DDL = """
    item_kind varchar,
    item_url varchar,
    pin_id varchar,
    impressions bigint,
    engagements bigint,
    pin_clicks bigint,
    outbound_clicks bigint,
    saves bigint,
    content_type varchar,
    content_source varchar,
    is_canonical boolean,
    range_start date,
    range_end date,
    estimated_from date,
    table_note varchar,
    view_filters json,
    is_filtered_view boolean,
    extra_metrics json
"""

_TOP_COUNTS = ("impressions", "engagements", "pin_clicks", "outbound_clicks", "saves")
# Labels of the count cells in quarantine reasons, as the tables name them.
_TOP_COUNT_LABELS = {
    "impressions": "Impressions",
    "engagements": "Engagement",
    "pin_clicks": "Pin clicks",
    "outbound_clicks": "Outbound clicks",
    "saves": "Saves",
}

TOP_SELECT_SQL = f"""
    item_kind,
    sk_text(trim(item_url)) as item_url,
    case when item_kind = 'pin'
         then nullif(regexp_extract(item_url, '/pin/([0-9]+)', 1), '') end as pin_id,
    {", ".join(f"sk_count_nonneg({c}) as {c}" for c in _TOP_COUNTS)},
    sk_text(trim(content_type)) as content_type,
    sk_text(trim(content_source)) as content_source,
    sk_bool(canonical) as is_canonical,
    sk_iso_date(range_start) as range_start,
    sk_iso_date(range_end) as range_end,
    sk_iso_date(estimated_from) as estimated_from,
    table_note,
    filters_json::json as view_filters,
    is_filtered::boolean as is_filtered_view,
    extra_json::json as extra_metrics,
    reject, canonical,
    {", ".join(f"{c} as {c}__cell" for c in _TOP_COUNTS)}
"""

# A board or pin is the row's grain: without its link the row says nothing.
TOP_ERROR_SQL = rejected_row_error_sql(
    "case when item_url is null then 'Pinterest Link: missing' end"
)

TOP_CELL_ERRORS_SQL = cell_errors_list_sql(
    [
        *(
            (label, cell_problem_sql(label, f"{cell}__cell", cell, nonnegative=True))
            for cell, label in _TOP_COUNT_LABELS.items()
        ),
        ("Canonical", cell_problem_sql("Canonical", "canonical", "is_canonical")),
    ]
)

PINTEREST_OVERVIEW_TOP_CONTENT = register(
    ExportFormat(
        name="pinterest_overview_top_content",
        platforms=frozenset({"pinterest"}),
        raw_table="raw_pinterest_top_content",
        detect=lambda sniff: _first_table(sniff, ("boards", "pins")) is not None,
        columns_ddl=TOP_COLUMNS_DDL,
        custom=CustomFormat(
            staging_columns=TOP_STAGING,
            rows=top_content_rows,
            select_sql=TOP_SELECT_SQL,
            error_sql=TOP_ERROR_SQL,
            cell_errors_sql=TOP_CELL_ERRORS_SQL,
        ),
        sections=overview_sections,
        description="Pinterest Analytics overview CSV, Top Boards / Top Pins: totals over "
        "the file's date range.",
    )
)

# -- audience insights ------------------------------------------------------------------------

AUDIENCE_HEADER = ("Audience View", "Date", "Aggregation", "Audience Size")
SHARE_TITLE = "Percent of audience"
AUDIENCE_CELLS = (
    "section", "audience_view", "date_text", "aggregation", "size_text", "category_name",
    "category_ref", "category_share", "category_affinity", "label_name", "label_ref",
    "label_share", "label_affinity",
)  # fmt: skip
AUDIENCE_STAGING = (
    *((name, "varchar") for name in AUDIENCE_CELLS),
    ("reject", "varchar"),
    ("_raw_text", "varchar"),
)
# Pinterest's mark for an audience too small to measure.
AUDIENCE_SIZE_UNKNOWN = "----"


def _blocks(text: str) -> list[list[str]]:
    """The text's groups of non-blank lines, in order."""
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _share_group(header: list[str], start: int, end: int) -> dict[str, int]:
    """Positions of one (name, bulk sheet reference, share, affinity) group of a header."""
    group = {"name": start}
    for index in range(start + 1, end):
        title = header[index]
        if title.startswith("Bulk Sheet"):
            group.setdefault("ref", index)
        elif title == SHARE_TITLE:
            group.setdefault("share", index)
        elif title == "Affinity":
            group.setdefault("affinity", index)
    return group


def _group_cells(cells: list[str], group: dict[str, int], prefix: str) -> dict[str, str | None]:
    """The cells of one share group of a line, keyed ``<prefix>`` + name, ref, share..."""
    return {
        f"{prefix}{key}": cells[index] if index < len(cells) else None
        for key, index in group.items()
    }


def _share_records(block: list[str], context: dict[str, str | None]) -> list[tuple]:
    """One record per line of a demographic section: ``<title>`` then its header
    (Interests: each line an interest with its category), or its header alone."""
    titled = len(_cells(block[0])) == 1 and len(block) > 1
    section = (block[0].strip() if titled else _cells(block[0])[0].strip()).casefold()
    header = [cell.strip() for cell in _cells(block[1 if titled else 0])]
    split = header.index("Interest") if "Interest" in header else 0
    category = _share_group(header, 0, split) if split else {}
    item = _share_group(header, split, len(header))
    out = []
    for line in block[2 if titled else 1 :]:
        cells = _cells(line)
        values = {
            **dict.fromkeys(AUDIENCE_CELLS),
            **context,
            "section": section,
            **_group_cells(cells, category, "category_"),
            **_group_cells(cells, item, "label_"),
        }
        surplus = [cell for cell in cells[len(header) :] if cell.strip()]
        reject = f"{len(surplus)} value(s) beyond the header" if surplus else None
        out.append((*(values[name] for name in AUDIENCE_CELLS), reject, line))
    return out


def audience_rows(sniff: Sniff) -> list[tuple]:
    """Every line of an audience insights file after a header, as one record."""
    first, *sections = _blocks(sniff.text or "")
    not_enough = [AUDIENCE_NOT_ENOUGH_DATA] in sections
    out = []
    context: dict[str, str | None] = {}
    for line in first[1:]:
        view, day, aggregation, size = (_cells(line) + [""] * len(AUDIENCE_HEADER))[:4]
        context = {"audience_view": view, "date_text": day, "aggregation": aggregation}
        values = {**dict.fromkeys(AUDIENCE_CELLS), **context, "section": "audience",
                  "size_text": size}  # fmt: skip
        reject = None
        if size.strip() == AUDIENCE_SIZE_UNKNOWN:
            said = f" and {AUDIENCE_NOT_ENOUGH_DATA!r}" if not_enough else ""
            reject = f"Audience Size {AUDIENCE_SIZE_UNKNOWN!r}{said}: Pinterest has too little data"
        out.append((*(values[name] for name in AUDIENCE_CELLS), reject, line))
    for block in sections:
        if block != [AUDIENCE_NOT_ENOUGH_DATA]:
            out += _share_records(block, context)
    return out


def _is_audience_insights(sniff: Sniff) -> bool:
    return sniff.document is None and sniff.header_cells() == AUDIENCE_HEADER


AUDIENCE_COLUMNS_DDL = """
    section varchar,
    audience_view varchar,
    audience_date date,
    aggregation varchar,
    audience_size bigint,
    category varchar,
    category_id varchar,
    category_share double,
    category_affinity double,
    label varchar,
    label_id varchar,
    share double,
    affinity double
"""

# The "Bulk Sheet" cells hold a Python dict repr: {'name': 'Home Decor', 'id': '9000...'}.
_BULK_SHEET_ID = r"''id'':\s*''([0-9]+)''"

AUDIENCE_SELECT_SQL = f"""
    section,
    sk_text(audience_view) as audience_view,
    sk_iso_date(date_text) as audience_date,
    sk_text(aggregation) as aggregation,
    case when section = 'audience' then sk_count_nonneg(size_text) end as audience_size,
    sk_text(category_name) as category,
    nullif(regexp_extract(category_ref, '{_BULK_SHEET_ID}', 1), '') as category_id,
    sk_decimal(category_share) as category_share,
    sk_decimal(category_affinity) as category_affinity,
    sk_text(label_name) as label,
    nullif(regexp_extract(label_ref, '{_BULK_SHEET_ID}', 1), '') as label_id,
    sk_decimal(label_share) as share,
    sk_decimal(label_affinity) as affinity,
    reject, size_text,
    category_share as category_share__cell, category_affinity as category_affinity__cell,
    label_share, label_affinity
"""

# The audience line's grain is its size; a share line's is its label.
AUDIENCE_ERROR_SQL = rejected_row_error_sql(
    "case when section = 'audience' and audience_size is null then 'Audience Size: ' || "
    "case when sk_is_blank(size_text) then 'missing' else 'cannot parse ' || size_text end end",
    "case when section != 'audience' and label is null then section || ': label missing' end",
)

AUDIENCE_CELL_ERRORS_SQL = cell_errors_list_sql(
    [
        (label, cell_problem_sql(label, cell, parsed))
        for label, cell, parsed in (
            ("Percent of audience (category)", "category_share__cell", "category_share"),
            ("Affinity (category)", "category_affinity__cell", "category_affinity"),
            (SHARE_TITLE, "label_share", "share"),
            ("Affinity", "label_affinity", "affinity"),
        )
    ]
)

PINTEREST_AUDIENCE_INSIGHTS = register(
    ExportFormat(
        name="pinterest_audience_insights",
        platforms=frozenset({"pinterest"}),
        raw_table="raw_pinterest_audience_insights",
        detect=_is_audience_insights,
        columns_ddl=AUDIENCE_COLUMNS_DDL,
        custom=CustomFormat(
            staging_columns=AUDIENCE_STAGING,
            rows=audience_rows,
            select_sql=AUDIENCE_SELECT_SQL,
            error_sql=AUDIENCE_ERROR_SQL,
            cell_errors_sql=AUDIENCE_CELL_ERRORS_SQL,
        ),
        description="Pinterest audience insights CSV: monthly audience size and "
        "demographic shares (not followers, not daily).",
    )
)
