"""YouTube Studio exports: a zip of ``Table data.csv``, ``Chart data.csv`` and ``Totals.csv``.

The columns of all three depend on the metrics the user chose, so they are read
by **name**, never by position: the known metrics go to typed columns, every
other column is kept in ``extra_metrics`` (a JSON object of header -> cell text)
rather than dropped. These files are therefore read as :class:`CustomFormat`
(the csv module splits the rows, the shared SQL macros type them). Studio names
the files and titles the columns in the user's language (German
``Tabellendaten.csv``, Portuguese ``Dados da tabela.csv``...): the titles are
translated by the one alias table (``socialkpi.formats.locales``), soft hyphens
ignored; the member names are in ``socialkpi.landing``.

``Table data.csv`` (one row per video, values over the export window):

- a ``Total`` row (``Gesamt`` in German), first or, after a re-save, anywhere:
  a summary of the other rows, **not a record**. It is skipped before counting,
  so it is neither loaded nor quarantined and ``rows_read`` (= loaded +
  quarantined) counts videos only. So is the trailer line of a table cut to its
  first 500 rows (``Showing top 500 results``, German ``Die 500 besten
  Ergebnisse werden angezeigt``, Portuguese ``Mostrando os primeiros 500
  resultados``, alone or padded with commas): a note about the table, no data;
- ``Content`` is the video id; an id starting with ``-`` is written with a
  leading space (so that spreadsheets do not read it as a formula): trimmed. A
  cell that is no id (a note in a language not listed above) quarantines its row;
- ``Duration`` in seconds, ``Average view duration`` as ``H:MM:SS``;
- ``Video publish time`` as ``Sep 26, 2026`` or ``2026-07-20 13:18:00``, empty
  for deleted or private videos (NULL, not an error);
- ``Subscribers`` is **net** (gained minus lost) over the window, negative when
  the video lost more than it won; ``Comments added`` is the comments count;
- ``Engaged views`` is a metric of its own (since 2025 YouTube counts every start
  of a Short as a view, and as an engaged view only past a threshold): never taken
  for views.

A Table data of an audience dimension (``Geography``, ``Viewer age``,
``Subscription status``, ``Cities``, ``Traffic source``...) and its Chart data
(``Date,<dimension>,Views``) break the channel's metrics down by audience, not
by video or day: such a source is recognised and not loaded (quarantined whole
with that reason). The ``Totals.csv`` of such an export is the channel's daily
total, and loads.

``Chart data.csv`` (per day, per video when it has a ``Content`` column),
``Totals.csv`` (per day, whole channel) and the Table data of the **Date**
dimension (``Date,Views`` with a ``Total`` row, one row per day of the channel)
share the daily raw table; ``series`` says which file a row comes from
(``chart``, ``totals``, ``table``). ``Subscribers gained`` / ``Subscribers
lost`` are flows, ``Subscribers`` net. A Chart data.csv with its header only
(a lifetime export whose chart holds no video) loads nothing and says so. A
spreadsheet re-save may re-type the dates (``13-06-2025``, ``1/2/2022``): each
file's own dates decide day-first or month-first, and a file they cannot decide
has its rows quarantined with the reason (``CustomFormat.numeric_dates``).

A zip holding ``Chart data.csv`` or ``Totals.csv`` but no ``Table data.csv`` is
quarantined whole by the landing zone (an incomplete export).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence

from socialkpi.formats.base import (
    CustomFormat,
    ExportFormat,
    Sniff,
    SourceRejected,
    cell_errors_list_sql,
    cell_problem_sql,
    register,
    register_not_loaded,
)
from socialkpi.formats.locales import alias, detect_dialect, without_soft_hyphens

# The members of a YouTube Studio export (English, German, Portuguese Studio); an archive
# with some but no table data is incomplete (socialkpi.landing rejects it).
YOUTUBE_TABLE_MEMBERS = ("Table data.csv", "Tabellendaten.csv", "Dados da tabela.csv")
YOUTUBE_CHART_MEMBERS = ("Chart data.csv", "Diagrammdaten.csv", "Dados do gráfico.csv")
YOUTUBE_TOTALS_MEMBERS = ("Totals.csv", "Gesamtwerte.csv", "Total.csv")
YOUTUBE_DAILY_MEMBERS = YOUTUBE_CHART_MEMBERS + YOUTUBE_TOTALS_MEMBERS

# Header -> staging column of the known metrics (first spelling wins when both appear).
TABLE_COLUMNS = {
    "Content": "video_id_text",
    "Video title": "title_text",
    "Video publish time": "published_text",
    "Duration": "duration_text",
    "Views": "views_text",
    "Engaged views": "engaged_text",
    "Watch time (hours)": "watch_text",
    "Subscribers": "subs_net_text",
    "Subscribers gained": "subs_gained_text",
    "Subscribers lost": "subs_lost_text",
    "Likes": "likes_text",
    "Shares": "shares_text",
    "Comments added": "comments_text",
    "Impressions": "impressions_text",
    "Impressions click-through rate (%)": "ctr_text",
    "Average view duration": "avg_view_text",
}
DAILY_COLUMNS = {
    "Date": "date_text",
    "Content": "video_id_text",
    "Views": "views_text",
    "Engaged views": "engaged_text",
    "Watch time (hours)": "watch_text",
    "Subscribers": "subs_net_text",
    "Subscribers gained": "subs_gained_text",
    "Subscribers lost": "subs_lost_text",
}
# Studio metric titles seen in real exports besides the typed ones (kept in extra_metrics):
# with them, the columns a Date-dimension table renamed by its user may hold.
_OTHER_METRICS = frozenset({
    "Unique viewers", "Unique reach", "Average views per viewer", "New viewers",
    "Returning viewers", "Casual viewers", "Regular viewers", "Average percentage viewed (%)",
    "Stayed to watch (%)", "Shown in feed", "Viewed (vs. swiped away) (%)", "Dislikes",
    "Likes (vs. dislikes) (%)", "Post subscribers", "Estimated revenue (USD)", "Views (%)",
    "Watch time (hours) (%)",
})  # fmt: skip
STUDIO_METRICS = (
    frozenset(TABLE_COLUMNS)
    .difference({"Content", "Video title", "Video publish time"})
    .union(_OTHER_METRICS)
)
# Headers only YouTube writes: a "Date" file with one of these is a YouTube daily file.
_YOUTUBE_ONLY = frozenset(
    {"Content", "Watch time (hours)", "Subscribers gained", "Subscribers lost", "Video title",
     "Engaged views"}
)  # fmt: skip
# The first column of a Table data (the second of a Chart data) broken down by an audience
# dimension instead of by video or by day. English titles as real exports write them; the
# Portuguese ones are translated by the alias table ("Traffic source" and "Playback
# location" were seen in Portuguese only: their English titles are the Studio tab names).
DIMENSIONS = frozenset({
    "Geography", "Cities", "Subscription status", "Viewer age", "Viewer gender",
    "Traffic source", "Playback location",
})  # fmt: skip
# The first cell of a Table data's summary row: the totals of the other rows.
_TOTAL_LABELS = frozenset({"Total", "Gesamt"})
# The last line of a table cut to its first rows (alone or padded with commas), per language.
_TRUNCATION_NOTE = re.compile(
    r"Showing top \d+ results|Die \d+ besten Ergebnisse werden angezeigt"
    r"|Mostrando os primeiros \d+ resultados"
)
# Which series a Studio file is, by the name Studio gives it (any language).
_SERIES_OF_FILE = {
    **{name.lower(): "table" for name in YOUTUBE_TABLE_MEMBERS},
    **{name.lower(): "chart" for name in YOUTUBE_CHART_MEMBERS},
    **{name.lower(): "totals" for name in YOUTUBE_TOTALS_MEMBERS},
}


def _is_summary(row: list[str]) -> bool:
    """The Total row or the truncation note: lines about the table, not records."""
    first = without_soft_hyphens(row[0]).strip() if row else ""
    if first in _TOTAL_LABELS:
        return True
    return bool(_TRUNCATION_NOTE.fullmatch(first)) and not any(cell.strip() for cell in row[1:])


def _rows(text: str, delimiter: str) -> list[list[str]]:
    return [
        row
        for row in csv.reader(io.StringIO(text), delimiter=delimiter)
        if any(cell.strip() for cell in row)
    ]


def _records(sniff: Sniff) -> tuple[list[str], list[list[str]], bool, str]:
    """(header in English, records, whether the file has summary lines, dialect name):
    French, German and Portuguese files too."""
    text = sniff.text if sniff.text is not None else "\n".join(sniff.head_lines)
    # From the text itself: the sniffed head lines may already be canonical (``,``).
    dialect = detect_dialect(text, [line for line in text.splitlines()[:8] if line.strip()])
    rows = _rows(text, dialect.delimiter)
    if not rows:
        raise SourceRejected("no header row")
    header = [alias("youtube", cell.strip()) for cell in rows[0]]
    # Trailing empty columns (spreadsheet re-saves) are not columns.
    while header and not header[-1]:
        header.pop()
    if not header:
        raise SourceRejected("no header row")
    records = [row for row in rows[1:] if not _is_summary(row)]
    return header, records, len(records) < len(rows) - 1, dialect.name


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
    """Staging tuples of a Table data.csv: one per video, summary lines left out."""
    header, records, _, loc = _records(sniff)
    if "Content" not in header:
        raise SourceRejected(f"Table data.csv without a Content column: {header}")
    out = []
    for record in records:
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
    """Staging tuples of a Chart data.csv, Totals.csv or Date-dimension table: one per
    day (and video), summary lines left out."""
    header, records, has_summary, loc = _records(sniff)
    series = _SERIES_OF_FILE.get(sniff.file_name.lower())
    if series is None:  # renamed by the user: a summary line is a table's
        series = "table" if has_summary else "chart" if "Content" in header else "totals"
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
    if len(cells) < 2 or cells[0] != "Date" or cells[1] in DIMENSIONS:
        return False
    if sniff.file_name.lower() in _SERIES_OF_FILE or _YOUTUBE_ONLY & set(cells):
        return True
    # A Date-dimension Table data renamed by its user: Studio metrics and a summary line.
    return (
        set(cells[1:]) <= STUDIO_METRICS
        and sniff.text is not None
        and any(_is_summary(row) for row in _rows(sniff.text, ","))
    )


# A video id as Studio writes it (11 characters of [A-Za-z0-9_-] for videos), trimmed:
# anything else in the Content column (a note, a sentence) is not a video.
_VIDEO_ID_SQL = (
    "case when not sk_is_blank(video_id_text) "
    "and regexp_full_match(trim(video_id_text), '[A-Za-z0-9_-]+') "
    "then trim(video_id_text) end"
)


def _error_sql(
    required: Sequence[tuple[str, str, str]],
    optional: Sequence[tuple[str, str, str]] = (),
    numeric_dates: Sequence[tuple[str, str]] = (),
) -> str:
    """Row errors: a record longer than its header, a grain column missing or unparseable
    (``optional`` grain columns, absent from some files: only unparseable; the reason of a
    ``numeric_dates`` column says why the file's dates could not decide)."""
    parts = ["reject"]
    repaired = {parsed for parsed, _ in numeric_dates}
    for label, cell, parsed in required:
        why = f"_why_{parsed}" if parsed in repaired else None
        parts.append(cell_problem_sql(label, cell, parsed, why=why))
        parts.append(
            f"case when sk_is_blank({cell}) and {parsed} is null then '{label}: missing' end"
        )
    parts.extend(cell_problem_sql(label, cell, parsed) for label, cell, parsed in optional)
    return f"nullif(concat_ws('; ', {', '.join(parts)}), '')"


def _cell_errors_sql(checks: list[tuple[str, str, str, bool]]) -> str:
    """Cell problems of the metric columns: NULL in their cell, the row still loads."""
    return cell_errors_list_sql(
        [
            (label, cell_problem_sql(label, cell, parsed, nonnegative=nonnegative))
            for label, cell, parsed, nonnegative in checks
        ]
    )


# Columns added after the first release come last: rows are inserted by position, and an
# existing table gains new columns at its end.
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
    extra_metrics json,
    engaged_views bigint,
    likes bigint,
    shares bigint,
    comments bigint
"""

TABLE_SELECT_SQL = f"""
    {_VIDEO_ID_SQL} as video_id,
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
    sk_count_nonneg(sk_localize_number(engaged_text, loc)) as engaged_views,
    sk_count_nonneg(sk_localize_number(likes_text, loc)) as likes,
    sk_count_nonneg(sk_localize_number(shares_text, loc)) as shares,
    sk_count_nonneg(sk_localize_number(comments_text, loc)) as comments,
    reject, video_id_text, published_text, duration_text, views_text, watch_text,
    subs_net_text, subs_gained_text, subs_lost_text, impressions_text, ctr_text, avg_view_text,
    engaged_text, likes_text, shares_text, comments_text
"""

TABLE_ERROR_SQL = _error_sql([("Content", "video_id_text", "video_id")])
# An empty "Video publish time" is a deleted or private video: NULL, not an error.
TABLE_CELL_ERRORS_SQL = _cell_errors_sql(
    [
        ("Video publish time", "published_text", "published_at", False),
        ("Duration", "duration_text", "duration_seconds", True),
        ("Views", "views_text", "views", True),
        ("Engaged views", "engaged_text", "engaged_views", True),
        ("Watch time (hours)", "watch_text", "watch_time_hours", False),
        ("Subscribers", "subs_net_text", "subscribers_net", False),
        ("Subscribers gained", "subs_gained_text", "subscribers_gained", True),
        ("Subscribers lost", "subs_lost_text", "subscribers_lost", True),
        ("Likes", "likes_text", "likes", True),
        ("Shares", "shares_text", "shares", True),
        ("Comments added", "comments_text", "comments", True),
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
    extra_metrics json,
    engaged_views bigint
"""

DAILY_SELECT_SQL = f"""
    sk_date(sk_localize_date(date_text, loc)) as activity_date,
    series,
    {_VIDEO_ID_SQL} as video_id,
    sk_count_nonneg(sk_localize_number(views_text, loc)) as views,
    sk_decimal(sk_localize_number(watch_text, loc)) as watch_time_hours,
    sk_count_nonneg(sk_localize_number(subs_gained_text, loc)) as subscribers_gained,
    sk_count_nonneg(sk_localize_number(subs_lost_text, loc)) as subscribers_lost,
    sk_count(sk_localize_number(subs_net_text, loc)) as subscribers_net,
    extra_json::json as extra_metrics,
    sk_count_nonneg(sk_localize_number(engaged_text, loc)) as engaged_views,
    reject, date_text, video_id_text, views_text, watch_text, subs_gained_text,
    subs_lost_text, subs_net_text, engaged_text
"""

# Dates a spreadsheet may have re-typed (13-06-2025, 1/2/2022), decided per file.
DAILY_NUMERIC_DATES = (("activity_date", "date_text"),)
# Totals rows have no video; a Chart data row's video is part of its grain.
DAILY_ERROR_SQL = _error_sql(
    [("Date", "date_text", "activity_date")],
    [("Content", "video_id_text", "video_id")],
    DAILY_NUMERIC_DATES,
)
DAILY_CELL_ERRORS_SQL = _cell_errors_sql(
    [
        ("Views", "views_text", "views", True),
        ("Engaged views", "engaged_text", "engaged_views", True),
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
            numeric_dates=DAILY_NUMERIC_DATES,
        ),
        description=(
            "YouTube Studio Chart data.csv / Totals.csv / Date-dimension table: daily metrics."
        ),
    )
)


def _table_dimension(sniff: Sniff) -> str | None:
    """The audience dimension a Table data breaks the channel down by (its first column)."""
    cells = sniff.header_cells()
    if len(cells) > 1 and cells[0] in DIMENSIONS and STUDIO_METRICS & set(cells[1:]):
        return cells[0]
    return None


def _chart_dimension(sniff: Sniff) -> str | None:
    """The audience dimension a Chart data breaks each day down by (its second column)."""
    cells = sniff.header_cells()
    if len(cells) > 2 and cells[0] == "Date" and cells[1] in DIMENSIONS:
        return cells[1] if STUDIO_METRICS & set(cells[2:]) else None
    return None


# One recognised, not loaded, format per dimension and file, so that the reason names it.
_DIMENSION_FILES = (
    ("table", "table", _table_dimension, "audience breakdown, not per-video or daily metrics"),
    ("chart", "chart data", _chart_dimension,
     "audience breakdown, not per-video or channel daily metrics"),
)  # fmt: skip
for _dimension in sorted(DIMENSIONS):
    for _suffix, _kind, _dimension_of, _why in _DIMENSION_FILES:
        register_not_loaded(
            f"youtube_{_dimension.lower().replace(' ', '_')}_{_suffix}",
            frozenset({"youtube"}),
            lambda sniff, dimension=_dimension, of=_dimension_of: of(sniff) == dimension,
            what=f"YouTube Studio {_dimension} {_kind}",
            why=_why,
        )
