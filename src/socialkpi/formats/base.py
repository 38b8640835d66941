"""What an export format is, and the registry that recognises formats from content.

Adding a platform export format means adding one module in this package that
builds an :class:`ExportFormat` and calls :func:`register`, one fixture, and one
staging model. The ingest engine (``socialkpi.ingest``) does everything else:
discovery, hashing, decoding, the manifest, quarantine and reconciliation.

A format turns one decoded source (a file or a zip member, already converted to
UTF-8 by the engine) into rows of its raw table, in set-based SQL over many
sources at once. CSV formats (``CsvFormat``) are read by DuckDB's ``read_csv``,
every cell as text, a few thousand files per scan; the engine types each cell
once with the column's parser macro and names an ``_error`` for every row it
cannot parse. Other formats (``CustomFormat``: JSON documents) turn each parsed
document into plain text tuples in Python; the engine stages the tuples of all
sources in one table and the format's SQL types them the same way. Rows with an
error go to quarantine, the rest to the raw table.
"""

from __future__ import annotations

import csv
import functools
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

PLATFORMS = (
    "instagram", "facebook", "x", "tiktok", "linkedin", "youtube", "pinterest", "snapchat",
)  # fmt: skip

# Raw column of every CSV format holding the file's columns that no typed column reads
# (header -> cell text, JSON): exports add columns, and nothing a file states is dropped.
EXTRA_COLUMNS = "extra_columns"

# Lineage columns carried by every raw table, in this order, before the format's own columns.
LINEAGE_COLUMNS = (
    "_load_id", "_load_seq", "_platform", "_account", "_export_date", "_source_file",
    "_content_hash", "_source_row", "_loaded_at",
)  # fmt: skip
LINEAGE_COLUMNS_DDL = """
    _load_id varchar not null,
    _load_seq bigint not null,
    _platform varchar not null,
    _account varchar not null,
    _export_date date not null,
    _source_file varchar not null,
    _content_hash varchar not null,
    _source_row bigint not null,
    _loaded_at timestamp not null
"""


class SourceRejected(Exception):
    """A whole file (or zip member) cannot be loaded; the message is the quarantine reason.

    Raised by the engine, and by a format (``CsvFormat.file_values``, ``CustomFormat.rows``)
    that finds the content unusable as a whole.
    """


class SourceSkipped(SourceRejected):
    """A source not loaded on purpose (an export with no home in the warehouse): recorded as
    ``skipped`` with the message as its reason, not as bad input in quarantine."""


@dataclass(frozen=True)
class Sniff:
    """What detection sees of a source: its name, its first non-empty decoded
    lines, and the parsed document when the content is JSON."""

    file_name: str
    head_lines: tuple[str, ...]
    document: Any = None
    # The whole decoded text (CustomFormat readers of CSV files with varying columns).
    text: str | None = field(default=None, compare=False, repr=False)
    # A spreadsheet workbook (.xlsx, .xls): sheet name -> rows of cell values, in order.
    sheets: Mapping[str, Sequence[Sequence[Any]]] | None = field(
        default=None, compare=False, repr=False
    )

    @property
    def first_line(self) -> str:
        return self.head_lines[0] if self.head_lines else ""

    def header_cells(self, skip_lines: int = 0, delimiter: str = ",") -> tuple[str, ...]:
        """Cells of the header line (after ``skip_lines``), unquoted and trimmed."""
        if len(self.head_lines) <= skip_lines:
            return ()
        return _csv_cells(self.head_lines[skip_lines], delimiter)


@functools.lru_cache(maxsize=4096)
def _csv_cells(line: str, delimiter: str) -> tuple[str, ...]:
    # Every format's detect() asks for the header cells, and headers repeat across files.
    row = next(csv.reader([line], delimiter=delimiter), [])
    return tuple(cell.strip() for cell in row)


@dataclass(frozen=True)
class Column:
    """One typed raw column parsed from one header of a CSV export.

    ``parser`` names a SQL macro from :mod:`socialkpi.sql_macros` taking the cell
    text, then one cell per ``extra_headers`` group (a value some exports only
    give indirectly, such as an id recovered from a permalink), then, when
    ``needs_export_date``, the export date. An empty cell (or the platforms'
    literal ``undefined``) is NULL. A problem with a ``required`` column (the
    row's grain: its date, its post id) quarantines the row; a problem with any
    other column stays in its cell: the cell is NULL, the reason is recorded in
    quarantine for that cell, and the rest of the row loads.

    ``headers`` lists the header spellings of the English export across its
    generations (matched case-insensitively, first wins; translated titles are
    in ``socialkpi.formats.locales``); each ``extra_headers`` group likewise.
    A file without the column's header is rejected only when the column is
    ``core`` (by default: when it is ``required``); otherwise the column is NULL
    for that file, since exports drop and add columns by generation and account.

    A column with ``file_value`` is not read from a cell but from a value of the
    whole file (``CsvFormat.file_values``, e.g. the metric named by a title line),
    passed to the parser as a bound parameter; its ``headers`` are empty.
    """

    name: str
    sql_type: str
    headers: tuple[str, ...]
    parser: str
    required: bool = False
    needs_export_date: bool = False
    extra_headers: tuple[tuple[str, ...], ...] = ()
    file_value: str | None = None
    core: bool | None = None
    # A year-less daily date (TikTok): dated by walking the file's rows from its export date.
    walk_years: bool = False
    # Where the header names the column after its content rather than by a fixed title (Meta's
    # 2023 metric files: "Date","Facebook reach"), the column at this position (0-based).
    position: int | None = None

    @property
    def is_core(self) -> bool:
        """Whether a file without this column's header is not this format at all."""
        return self.required if self.core is None else self.core

    @property
    def label(self) -> str:
        """How quarantine reasons name this column: its first header, else its name."""
        return self.headers[0] if self.headers else self.name


@dataclass(frozen=True)
class CsvFormat:
    """A CSV export read by DuckDB's ``read_csv`` (every cell as text) then typed by SQL.

    ``file_values`` computes, from the sniffed head of the file, the values that
    ``Column.file_value`` columns read (lower-case identifier keys). It raises
    :class:`SourceRejected` when the file as a whole is unusable.
    """

    skip_lines: int
    columns: tuple[Column, ...]
    delimiter: str = ","
    file_values: Callable[[Sniff], Mapping[str, object]] | None = None


@dataclass(frozen=True)
class CustomFormat:
    """A format that is not CSV (JSON documents): rows picked in Python, typed in SQL.

    ``rows`` turns the sniffed source (``Sniff.document`` for JSON) into plain
    tuples of text, one per record (record number = position + 1), aligned with
    ``staging_columns`` (name, SQL type), which must include ``_raw_text`` (what
    quarantine shows of the record). It raises :class:`SourceRejected` when the
    source as a whole is unusable. It must be cheap: it runs once per source.

    The engine stages the tuples of many sources in the temporary table
    ``_custom_src`` (the staging columns plus ``_export_date``, the source's
    export date) and runs ``select <select_sql> from _custom_src``:
    ``select_sql`` must yield every column of the raw table (by name) plus the
    cells ``error_sql`` needs; ``error_sql`` is then evaluated over that result
    (parsed values and cells, never re-parsing) and yields the row's error text,
    NULL for a good row. ``cell_errors_sql`` (see :func:`cell_errors_list_sql`) is
    evaluated over the same result and lists the cells that did not parse in
    columns that are not the row's grain: they are NULL in the raw table and
    recorded in quarantine, and the row loads.
    """

    staging_columns: tuple[tuple[str, str], ...]
    rows: Callable[[Sniff], Sequence[tuple]]
    select_sql: str
    error_sql: str
    cell_errors_sql: str = ""
    # (parsed date column, its cell) pairs of ``select_sql`` whose cells a spreadsheet may
    # have re-typed as numeric dates (``1/2/2022``, ``13-06-2025``): the engine reads them
    # day-first or month-first as the file's own values decide, else leaves them NULL with
    # the reason in ``_why_<parsed column>`` (for :func:`cell_problem_sql`'s ``why``).
    numeric_dates: tuple[tuple[str, str], ...] = ()


# The type of the list of cell problems of a row (column label, reason).
CELL_ERRORS_TYPE = "struct(column_name varchar, reason varchar)[]"


def cell_problem_sql(
    label: str, cell: str, parsed: str, nonnegative: bool = False, why: str | None = None
) -> str:
    """SQL: why a present ``cell`` gave a NULL ``parsed`` value (NULL when it did not).

    ``nonnegative``: the parser refuses negative counts, said as such. ``why``: a column
    that may hold a more precise reason (the ``_why_<column>`` of a numeric date the file
    could not decide, see ``CustomFormat.numeric_dates``).
    """
    label_sql = sql_literal(label)
    if nonnegative:
        return (
            f"case when not sk_is_blank({cell}) and {parsed} is null then {label_sql} || "
            f"case when sk_count({cell}) < 0 then ': negative count ' else ': cannot parse ' end"
            f" || {cell} end"
        )
    detail = f" || coalesce(' (' || {why} || ')', '')" if why else ""
    return (
        f"case when not sk_is_blank({cell}) and {parsed} is null "
        f"then {label_sql} || ': cannot parse ' || {cell}{detail} end"
    )


def cell_errors_list_sql(problems: Sequence[tuple[str, str]]) -> str:
    """SQL: the list of (column label, reason) of a row's cell problems, from
    ``(label, problem SQL)`` pairs (:func:`cell_problem_sql`)."""
    if not problems:
        return f"[]::{CELL_ERRORS_TYPE}"
    items = ", ".join(
        f"{{'column_name': {sql_literal(label)}, 'reason': {problem}}}"
        for label, problem in problems
    )
    return f"list_filter([{items}], lambda e: e.reason is not null)::{CELL_ERRORS_TYPE}"


def json_value_text(value: Any) -> str | None:
    """A JSON value as the text a cell would hold, for the SQL macros to type (objects,
    lists and booleans stay as JSON text, which no number parser accepts)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def rejected_row_error_sql(*problems: str) -> str:
    """SQL: a record's error: its own rejection (the staged ``reject`` cell, e.g. a line
    that is a platform's note), else the problems of its grain (SQL expressions giving a
    reason or NULL), checked only when the record was not rejected already."""
    checks = ", ".join(f"case when reject is null then {problem} end" for problem in problems)
    return f"nullif(concat_ws('; ', reject, {checks}), '')"


def sql_literal(text: str) -> str:
    """A SQL string literal (for names the code itself chose, such as column labels)."""
    return "'" + text.replace("'", "''") + "'"


@functools.lru_cache(maxsize=65536)
def header_key(title: str) -> str:
    """How a header title is matched: trimmed and case-insensitive (``Detail expands`` and
    ``Detail Expands`` are one column across X's header generations). Memoized: format
    detection asks it about the same few hundred titles for every landed file."""
    return " ".join(title.split()).casefold()


@dataclass(frozen=True)
class TextSection:
    """One table of a file that holds several (see ``ExportFormat.sections``)."""

    text: str
    # Lines of the file before this section's own lines, minus the repeated preamble:
    # a line number in ``text`` plus this offset is the line number in the file.
    line_offset: int
    # The platform the file's other sections imply for this one, when its own title names
    # none (a Facebook page's "Follows" beside "Instagram follows" is the page's).
    platform: str | None = None


@dataclass(frozen=True)
class ExportFormat:
    """One platform export format: how to recognise it and where its rows go.

    ``platform_of_content`` names the platform the content itself declares (a
    Meta title line says Instagram or Facebook); the engine quarantines a file
    whose folder disagrees. ``custom`` is for formats that are not plain CSV
    (JSON): see :class:`CustomFormat`. A format has exactly one of ``csv`` and
    ``custom``.
    """

    name: str
    platforms: frozenset[str]
    raw_table: str
    detect: Callable[[Sniff], bool]
    csv: CsvFormat | None = None
    columns_ddl: str = ""
    custom: CustomFormat | None = None
    platform_of_content: Callable[[Sniff], str | None] = field(default=lambda sniff: None)
    description: str = ""
    # An export recognised for what it is but holding nothing the warehouse has a home for
    # (an audience breakdown, a competitor benchmark): the reason it is not loaded. Such a
    # source is recorded as skipped with "<description>: <reason>", never taken for another
    # format nor left unexplained, and never counted as bad input. It has no raw table.
    not_loaded: str | None = None
    # A file holding several tables one after another (Meta metric files with a Facebook
    # and an Instagram section): decoded text -> its sections, each a text this format
    # reads on its own (the file's preamble repeated), and the physical line of the file
    # where the section's own lines start. None (or a single section): one table.
    sections: Callable[[str], list[TextSection]] | None = None
    # Some rows take their day from the export date, not from the file (a bare follower
    # total is the day before its export): the same bytes exported on another day are
    # another day's data, never a re-delivery of the first. (A year-less date walked from
    # the export date is not such a row: its day is in the file, only the year inferred.)
    dated_by_export: bool = False

    def raw_columns_ddl(self) -> str:
        if self.csv is not None:
            columns = [f"    {col.name} {col.sql_type}" for col in self.csv.columns]
            return ",\n".join([*columns, f"    {EXTRA_COLUMNS} json"])
        return self.columns_ddl.strip()

    @property
    def column_names(self) -> list[str]:
        return [name for name, _ in self.column_types]

    @property
    def column_types(self) -> list[tuple[str, str]]:
        """(name, SQL type) of the format's own raw columns, in order."""
        if self.csv is not None:
            return [
                *((col.name, col.sql_type) for col in self.csv.columns),
                (EXTRA_COLUMNS, "json"),
            ]
        columns = []
        for line in self.columns_ddl.strip().splitlines():
            line = line.strip().rstrip(",")
            if line:
                name, sql_type = line.split(maxsplit=1)
                columns.append((name, sql_type))
        return columns


_REGISTRY: dict[str, ExportFormat] = {}


def register_not_loaded(
    name: str, platforms: frozenset[str], detect: Callable[[Sniff], bool], what: str, why: str
) -> ExportFormat:
    """Register an export that is recognised but not loaded (see ``ExportFormat.not_loaded``):
    ``what`` it is, ``why`` the warehouse does not load it."""
    return register(
        ExportFormat(
            name=name,
            platforms=platforms,
            raw_table="",
            detect=detect,
            description=what,
            not_loaded=why,
        )
    )


def register(fmt: ExportFormat) -> ExportFormat:
    """Add a format to the registry (module import time); names must be unique."""
    if fmt.name in _REGISTRY:
        raise ValueError(f"export format {fmt.name!r} registered twice")
    _REGISTRY[fmt.name] = fmt
    return fmt


def format_named(name: str | None) -> ExportFormat | None:
    """The registered format of that name (None for an unknown or missing name)."""
    from socialkpi import formats  # noqa: F401  (imports every format module)

    return _REGISTRY.get(name) if name is not None else None


def registered_formats() -> list[ExportFormat]:
    """Every registered format, importing the format modules first."""
    from socialkpi import formats  # noqa: F401  (imports every format module)

    return list(_REGISTRY.values())


def loaded_formats() -> list[ExportFormat]:
    """The registered formats that load rows (each has its raw table)."""
    return [fmt for fmt in registered_formats() if fmt.not_loaded is None]


def detect_formats(sniff: Sniff) -> list[ExportFormat]:
    """Formats whose signature matches this content (zero, one, or an ambiguity)."""
    return [fmt for fmt in registered_formats() if fmt.detect(sniff)]


def workbook_cell_text(value: Any) -> str:
    """A workbook cell as the text a CSV export would hold (integral floats without
    ``.0``, dates in ISO form)."""
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
