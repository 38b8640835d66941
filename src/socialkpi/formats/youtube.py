"""YouTube Studio exports: a zip of ``Table data.csv``, ``Chart data.csv`` and ``Totals.csv``.

The columns of all three depend on the metrics the user chose, so they are read
by **name**, never by position: the known metrics go to typed columns, every
other column is kept in ``extra_metrics`` (a JSON object of header -> cell text)
rather than dropped. These files are therefore read as :class:`CustomFormat`
(the csv module splits the rows, the shared SQL macros type them).

``Table data.csv`` (one row per video, values over the export window):

- the first data row is a ``Total`` row (``Content`` = ``Total``): a summary of
  the other rows, **not a record**. It is skipped before counting, so it is
  neither loaded nor quarantined and ``rows_read`` (= loaded + quarantined)
  counts videos only;
- ``Content`` is the video id; an id starting with ``-`` is written with a
  leading space (so that spreadsheets do not read it as a formula): trimmed;
- ``Duration`` in seconds, ``Average view duration`` as ``H:MM:SS``;
- ``Video publish time`` as ``Sep 26, 2026`` or ``2026-07-20 13:18:00``;
- ``Subscribers`` is **net** (gained minus lost) over the window.

``Chart data.csv`` (per day, per video when it has a ``Content`` column) and
``Totals.csv`` (per day, whole channel) share the daily raw table; ``series``
says which file a row comes from. ``Subscribers gained`` / ``Subscribers lost``
are flows, ``Subscribers`` net.

A zip holding ``Chart data.csv`` or ``Totals.csv`` but no ``Table data.csv`` is
quarantined whole by the landing zone (an incomplete export).
"""

from __future__ import annotations

import csv
import io
import json

from socialkpi.formats.base import (
    CustomFormat,
    ExportFormat,
    Sniff,
    SourceRejected,
    cell_errors_list_sql,
    cell_problem_sql,
    register,
)
from socialkpi.formats.locales import alias, detect_dialect

# Header -> staging column of the known metrics (first spelling wins when both appear).
TABLE_COLUMNS = {
    "Content": "video_id_text",
    "Video title": "title_text",
    "Video publish time": "published_text",
    "Duration": "duration_text",
    "Views": "views_text",
    "Watch time (hours)": "watch_text",
    "Subscribers": "subs_net_text",
    "Subscribers gained": "subs_gained_text",
    "Subscribers lost": "subs_lost_text",
    "Impressions": "impressions_text",
    "Impressions click-through rate (%)": "ctr_text",
    "Average view duration": "avg_view_text",
}
DAILY_COLUMNS = {
    "Date": "date_text",
    "Content": "video_id_text",
    "Views": "views_text",
    "Watch time (hours)": "watch_text",
    "Subscribers": "subs_net_text",
    "Subscribers gained": "subs_gained_text",
    "Subscribers lost": "subs_lost_text",
}
# Headers only YouTube writes: a "Date" file with one of these is a YouTube daily file.
_YOUTUBE_ONLY = frozenset(
    {"Content", "Watch time (hours)", "Subscribers gained", "Subscribers lost", "Video title"}
)
# German YouTube Studio names its files too (Diagrammdaten = Chart data, Gesamtwerte = Totals).
_DAILY_FILE_NAMES = {
    "chart data.csv": "chart",
    "totals.csv": "totals",
    "diagrammdaten.csv": "chart",
    "gesamtwerte.csv": "totals",
}


def _records(sniff: Sniff) -> tuple[list[str], list[list[str]], str]:
    """(header in English, records, dialect name): French and German files too."""
    text = sniff.text if sniff.text is not None else "\n".join(sniff.head_lines)
    # From the text itself: the sniffed head lines may already be canonical (``,``).
    dialect = detect_dialect(text, [line for line in text.splitlines()[:8] if line.strip()])
    rows = [
        row
        for row in csv.reader(io.StringIO(text), delimiter=dialect.delimiter)
        if any(cell.strip() for cell in row)
    ]
    if not rows:
        raise SourceRejected("no header row")
    header = [alias("youtube", cell.strip()) for cell in rows[0]]
    # Trailing empty columns (spreadsheet re-saves) are not columns.
    while header and not header[-1]:
        header.pop()
    return header, rows[1:], dialect.name


def _staging(
    header: list[str], record: list[str], mapping: dict[str, str], names: list[str]
) -> tuple[dict[str, str | None], str]:
    values: dict[str, str | None] = dict.fromkeys(names)
    extra: dict[str, str] = {}
    for index, name in enumerate(header):
        cell = record[index] if index < len(record) else ""
        target = mapping.get(name)
        if target is not None:
            if values[target] is None:
                values[target] = cell
        elif name:
            extra[name] = cell
    surplus = [cell for cell in record[len(header) :] if cell.strip()]
    if surplus:
        values["reject"] = f"{len(surplus)} value(s) beyond the header"
    return values, json.dumps(extra, ensure_ascii=False, separators=(",", ":"))


_TABLE_NAMES = sorted(set(TABLE_COLUMNS.values())) + ["reject", "loc"]
TABLE_STAGING = (
    *((name, "varchar") for name in _TABLE_NAMES),
    ("extra_json", "varchar"),
    ("_raw_text", "varchar"),
)


def table_rows(sniff: Sniff) -> list[tuple]:
    header, records, loc = _records(sniff)
    if "Content" not in header:
        raise SourceRejected(f"Table data.csv without a Content column: {header}")
    content = header.index("Content")
    out = []
    for record in records:
        cell = record[content] if content < len(record) else ""
        if cell.strip() == "Total":  # the summary row: not a record
            continue
        values, extra = _staging(header, record, TABLE_COLUMNS, _TABLE_NAMES)
        values["loc"] = loc
        out.append((*(values[name] for name in _TABLE_NAMES), extra, ",".join(record)))
    return out


_DAILY_NAMES = sorted(set(DAILY_COLUMNS.values())) + ["reject", "series", "loc"]
DAILY_STAGING = (
    *((name, "varchar") for name in _DAILY_NAMES),
    ("extra_json", "varchar"),
    ("_raw_text", "varchar"),
)


def daily_rows(sniff: Sniff) -> list[tuple]:
    header, records, loc = _records(sniff)
    series = _DAILY_FILE_NAMES.get(
        sniff.file_name.lower(), "chart" if "Content" in header else "totals"
    )
    out = []
    for record in records:
        values, extra = _staging(header, record, DAILY_COLUMNS, _DAILY_NAMES)
        values["series"] = series
        values["loc"] = loc
        out.append((*(values[name] for name in _DAILY_NAMES), extra, ",".join(record)))
    return out


def _is_table(sniff: Sniff) -> bool:
    cells = sniff.header_cells()
    return bool(cells) and cells[0] == "Content" and "Date" not in cells


def _is_daily(sniff: Sniff) -> bool:
    cells = sniff.header_cells()
    if not cells or cells[0] != "Date":
        return False
    return bool(_YOUTUBE_ONLY & set(cells)) or (
        sniff.file_name.lower() in _DAILY_FILE_NAMES and "Views" in cells
    )


def _error_sql(required: list[tuple[str, str, str]]) -> str:
    """Row errors: a record longer than its header, or a grain column missing or unparseable."""
    parts = ["reject"]
    for label, cell, parsed in required:
        parts.append(cell_problem_sql(label, cell, parsed))
        parts.append(
            f"case when sk_is_blank({cell}) and {parsed} is null then '{label}: missing' end"
        )
    return f"nullif(concat_ws('; ', {', '.join(parts)}), '')"


def _cell_errors_sql(checks: list[tuple[str, str, str, bool]]) -> str:
    """Cell problems of the metric columns: NULL in their cell, the row still loads."""
    return cell_errors_list_sql(
        [
            (label, cell_problem_sql(label, cell, parsed, nonnegative=nonnegative))
            for label, cell, parsed, nonnegative in checks
        ]
    )


TABLE_COLUMNS_DDL = """
    video_id varchar,
    video_title varchar,
    published_at timestamp,
    duration_seconds bigint,
    views bigint,
    watch_time_hours double,
    subscribers_net bigint,
    subscribers_gained bigint,
    subscribers_lost bigint,
    impressions bigint,
    impressions_ctr_pct double,
    average_view_duration_seconds bigint,
    extra_metrics json
"""

TABLE_SELECT_SQL = """
    nullif(trim(video_id_text), '') as video_id,
    sk_text(title_text) as video_title,
    sk_local_timestamp(sk_localize_date(published_text, loc)) as published_at,
    sk_duration_seconds(sk_localize_number(duration_text, loc)) as duration_seconds,
    sk_count_nonneg(sk_localize_number(views_text, loc)) as views,
    sk_decimal(sk_localize_number(watch_text, loc)) as watch_time_hours,
    sk_count(sk_localize_number(subs_net_text, loc)) as subscribers_net,
    sk_count_nonneg(sk_localize_number(subs_gained_text, loc)) as subscribers_gained,
    sk_count_nonneg(sk_localize_number(subs_lost_text, loc)) as subscribers_lost,
    sk_count_nonneg(sk_localize_number(impressions_text, loc)) as impressions,
    sk_percent(sk_localize_number(ctr_text, loc)) as impressions_ctr_pct,
    sk_duration_seconds(sk_localize_number(avg_view_text, loc)) as average_view_duration_seconds,
    extra_json::json as extra_metrics,
    reject, video_id_text, published_text, duration_text, views_text, watch_text,
    subs_net_text, subs_gained_text, subs_lost_text, impressions_text, ctr_text, avg_view_text
"""

TABLE_ERROR_SQL = _error_sql([("Content", "video_id_text", "video_id")])
# An empty "Video publish time" is a deleted or private video: NULL, not an error.
TABLE_CELL_ERRORS_SQL = _cell_errors_sql(
    [
        ("Video publish time", "published_text", "published_at", False),
        ("Duration", "duration_text", "duration_seconds", True),
        ("Views", "views_text", "views", True),
        ("Watch time (hours)", "watch_text", "watch_time_hours", False),
        ("Subscribers", "subs_net_text", "subscribers_net", False),
        ("Subscribers gained", "subs_gained_text", "subscribers_gained", True),
        ("Subscribers lost", "subs_lost_text", "subscribers_lost", True),
        ("Impressions", "impressions_text", "impressions", True),
        ("Impressions click-through rate (%)", "ctr_text", "impressions_ctr_pct", False),
        ("Average view duration", "avg_view_text", "average_view_duration_seconds", True),
    ]
)

DAILY_COLUMNS_DDL = """
    activity_date date,
    series varchar,
    video_id varchar,
    views bigint,
    watch_time_hours double,
    subscribers_gained bigint,
    subscribers_lost bigint,
    subscribers_net bigint,
    extra_metrics json
"""

DAILY_SELECT_SQL = """
    sk_date(sk_localize_date(date_text, loc)) as activity_date,
    series,
    nullif(trim(video_id_text), '') as video_id,
    sk_count_nonneg(sk_localize_number(views_text, loc)) as views,
    sk_decimal(sk_localize_number(watch_text, loc)) as watch_time_hours,
    sk_count_nonneg(sk_localize_number(subs_gained_text, loc)) as subscribers_gained,
    sk_count_nonneg(sk_localize_number(subs_lost_text, loc)) as subscribers_lost,
    sk_count(sk_localize_number(subs_net_text, loc)) as subscribers_net,
    extra_json::json as extra_metrics,
    reject, date_text, views_text, watch_text, subs_gained_text, subs_lost_text, subs_net_text
"""

DAILY_ERROR_SQL = _error_sql([("Date", "date_text", "activity_date")])
DAILY_CELL_ERRORS_SQL = _cell_errors_sql(
    [
        ("Views", "views_text", "views", True),
        ("Watch time (hours)", "watch_text", "watch_time_hours", False),
        ("Subscribers gained", "subs_gained_text", "subscribers_gained", True),
        ("Subscribers lost", "subs_lost_text", "subscribers_lost", True),
        ("Subscribers", "subs_net_text", "subscribers_net", False),
    ]
)


YOUTUBE_TABLE = register(
    ExportFormat(
        name="youtube_table",
        platforms=frozenset({"youtube"}),
        raw_table="raw_youtube_videos",
        detect=_is_table,
        columns_ddl=TABLE_COLUMNS_DDL,
        custom=CustomFormat(
            staging_columns=TABLE_STAGING,
            rows=table_rows,
            select_sql=TABLE_SELECT_SQL,
            error_sql=TABLE_ERROR_SQL,
            cell_errors_sql=TABLE_CELL_ERRORS_SQL,
        ),
        description="YouTube Studio Table data.csv: one row per video over the window.",
    )
)

YOUTUBE_DAILY = register(
    ExportFormat(
        name="youtube_daily",
        platforms=frozenset({"youtube"}),
        raw_table="raw_youtube_daily",
        detect=_is_daily,
        columns_ddl=DAILY_COLUMNS_DDL,
        custom=CustomFormat(
            staging_columns=DAILY_STAGING,
            rows=daily_rows,
            select_sql=DAILY_SELECT_SQL,
            error_sql=DAILY_ERROR_SQL,
            cell_errors_sql=DAILY_CELL_ERRORS_SQL,
        ),
        description="YouTube Studio Chart data.csv / Totals.csv: daily metrics.",
    )
)
