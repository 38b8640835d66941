"""Phase 2 of the ingest, the load (DuckDB, per format and exact header, a few thousand files
at a time): one ``read_csv`` over the chunk's files, every cell parsed once, the errors
computed from the parsed values, then raw rows, quarantined rows and manifest rows (counts by
``GROUP BY``) in one transaction per chunk. A chunk that DuckDB cannot read as a whole is
loaded again in halves, down to single files; a file that still fails alone is quarantined
whole with the error as reason. JSON sources are staged and typed the same way, many per
statement. The longer statements are in ``sql/`` beside this module."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from importlib import resources
from pathlib import Path

import duckdb
from tqdm import tqdm

from socialkpi.formats.base import (
    EXTRA_COLUMNS,
    LINEAGE_COLUMNS,
    ExportFormat,
    cell_errors_list_sql,
    cell_problem_sql,
    header_key,
    sql_literal,
)
from socialkpi.formats.locales import localized_cell
from socialkpi.ingest.guards import first_line
from socialkpi.ingest.manifest import MANIFEST_COLUMNS, QUARANTINE_COLUMNS, RAW_SCHEMA
from socialkpi.ingest.plan import (
    BUNDLE_READ_CSV_OPTIONS,
    READ_CSV_OPTIONS,
    Entry,
    Planner,
    at_position,
)
from socialkpi.sql_text import quote_identifier

log = logging.getLogger(__name__)

# Files per read_csv scan (and JSON sources per staging insert): large enough that the
# per-statement cost vanishes, small enough to keep a chunk's tables in memory.
CSV_CHUNK_FILES = 4000
CUSTOM_CHUNK_SOURCES = 20000
# Sources per bundle file (sources whose records are single lines, one read_csv over one file:
# DuckDB's cost per file, not per row, is what a day of small exports pays).
BUNDLE_CHUNK_SOURCES = 20000


class Loader:
    """Phase 2: every planned source into the warehouse, a chunk per transaction."""

    def __init__(self, planner: Planner, load_id: str, loaded_at: datetime, progress: bool):
        self.planner = planner
        self.con = planner.con
        self.load_id = load_id
        self.loaded_at = loaded_at
        self.progress = progress

    def load(self) -> None:
        planner = self.planner
        rejects = [e for e in planner.entries if e.status in ("quarantined", "skipped")]
        if rejects:
            self.con.execute("begin")
            self._record_rejects(rejects)
            self.con.execute("commit")
        chunks = []
        for entries in planner.csv_groups.values():
            bundled = [e for e in entries if e.text is not None]
            chunks += _chunks(bundled, BUNDLE_CHUNK_SOURCES)
            chunks += _chunks([e for e in entries if e.text is None], CSV_CHUNK_FILES)
        chunks += [chunk for entries in planner.custom_groups.values()
                   for chunk in _chunks(entries, CUSTOM_CHUNK_SOURCES)]  # fmt: skip
        for chunk in tqdm(chunks, desc="ingest: loading chunks", unit="chunk",
                          disable=not self.progress, file=sys.stderr):  # fmt: skip
            self._run_chunk(self._job(chunk[0]), chunk)
        self._settle_duplicates()

    def _job(self, entry: Entry) -> Callable[[list[Entry]], None]:
        """How to load a chunk of sources like this one (same format, same header)."""
        fmt = entry.fmt
        assert fmt is not None
        if fmt.csv is not None:
            names = self.planner.header_names[entry.group]
            return lambda chunk: self._csv(fmt, names, chunk)
        return lambda chunk: self._custom(fmt, chunk)

    # -- one chunk: one transaction, file by file when it fails ---------------------------------

    def _run_chunk(self, job: Callable[[list[Entry]], None], chunk: list[Entry]) -> None:
        try:
            self.con.execute("begin")
            job(chunk)
            self.con.execute("commit")
            for entry in chunk:  # loaded: its decoded text is not needed again
                if entry.path is not None:
                    Path(entry.path).unlink(missing_ok=True)
                entry.text = None
            return
        except duckdb.Error as exc:
            self.con.execute("rollback")
            for entry in chunk:
                entry.status, entry.reason = "pending", None
                entry.rows_read = entry.rows_loaded = entry.rows_quarantined = 0
                entry.cells_nulled = 0
            if len(chunk) > 1:
                # Halves until the failing files are alone: the others load in a few scans.
                log.warning("%d %s sources failed to load together, loading them in halves: %s",
                            len(chunk), chunk[0].format_name, str(exc).splitlines()[0])  # fmt: skip
                middle = len(chunk) // 2
                self._run_chunk(job, chunk[:middle])
                self._run_chunk(job, chunk[middle:])
                return
            entry = chunk[0]
            assert entry.fmt is not None
            self._reject_late(entry, f"could not be read as {entry.fmt.name}: {first_line(exc)}")

    def _reject_late(self, entry: Entry, reason: str) -> None:
        entry.status = "quarantined"
        entry.reason = reason
        log.warning("quarantined %s: %s", entry.source_file, reason)
        self.con.execute("begin")
        self._record_rejects([entry])
        self.con.execute("commit")

    # -- CSV ---------------------------------------------------------------------------------

    def _csv(self, fmt: ExportFormat, names: list[str], chunk: list[Entry]) -> None:
        spec = fmt.csv
        assert spec is not None
        # Which source a scanned row is from: its file (one file per source), or the source
        # number written before each line of a bundle (socialkpi.ingest.load.write_bundle).
        file_col = _fresh_name("_sk_file", names)
        scan_col = _fresh_name("_sk_scan_row", names)
        for table in ("_rejects", "_rejects_scan"):
            self.con.execute(f"drop table if exists {table}")
        value_keys = sorted({c.file_value for c in spec.columns if c.file_value is not None})
        delimiter = chunk[0].dialect.delimiter
        bundled = chunk[0].text is not None
        if bundled:
            bundle = Path(self.planner.tmp) / f"bundle-{chunk[0].seq}.csv"
            line_shifts = write_bundle(bundle, chunk, spec.skip_lines, file_col, delimiter)
            self._chunk_meta(chunk, value_keys, line_shifts)
            try:
                # Every cell as text, with the header read at planning: nothing to sniff, so a
                # malformed line is a rejected line (with its number), not a failed scan.
                self.con.execute(
                    f"create or replace temp table _src as select row_number() over () "
                    f"as {scan_col}, * exclude ({file_col}), {file_col}::bigint as {file_col} "
                    f"from read_csv(?, auto_detect = false, columns = ?, skip = ?, delim = ?, "
                    f"{BUNDLE_READ_CSV_OPTIONS}, "
                    "rejects_table = '_rejects', rejects_scan = '_rejects_scan')",
                    [str(bundle), {file_col: "varchar", **dict.fromkeys(names, "varchar")},
                     spec.skip_lines, delimiter],
                )  # fmt: skip
            finally:
                bundle.unlink(missing_ok=True)
            source_of = f"m.seq = s.{file_col}"
        else:
            self._chunk_meta(chunk, value_keys)
            self.con.execute(
                f"create or replace temp table _src as select row_number() over () "
                f"as {scan_col}, * from read_csv(?, filename = '{file_col}', skip = ?, delim = ?, "
                f"{READ_CSV_OPTIONS}, rejects_table = '_rejects', rejects_scan = '_rejects_scan')",
                [[e.path for e in chunk], spec.skip_lines, delimiter],
            )
            source_of = f"m.path = s.{file_col}"
        got = [n for (n,) in self.con.execute(
            "select column_name from (describe _src)").fetchall()]  # fmt: skip
        if got != [scan_col, *names, file_col]:
            raise duckdb.InvalidInputException(
                f"files of one header read as different columns: {got[1:-1]} != {names}"
            )

        # Record numbers: the scan keeps the files' order and each file's rows in order, so a
        # file's records are the consecutive scan rows from its first one. Checked, not assumed:
        # a chunk whose files' rows interleave is loaded again in halves.
        self.con.execute(
            f"create or replace temp table _firsts as select {file_col} as file, "
            f"min({scan_col}) as first_row, max({scan_col}) - min({scan_col}) + 1 = count(*) "
            f"as contiguous from _src group by all"
        )
        if self.con.execute("select count(*) from _firsts where not contiguous").fetchone()[0]:
            raise duckdb.InvalidInputException("the scan interleaved the rows of several files")

        by_key: dict[str, str] = {}
        for name in names:
            by_key.setdefault(header_key(name), name)
        used: set[str] = set()

        def header_of(spellings: tuple[str, ...]) -> str | None:
            header = next(
                (by_key[header_key(h)] for h in spellings if header_key(h) in by_key), None
            )
            if header is not None:
                used.add(header)
            return header

        cells: dict[str, str] = {}  # cell SQL in _src -> its name in the parsed projection

        def cell_of(sql: str) -> str:
            return cells.setdefault(sql, f"_sk_cell_{len(cells)}")

        parsed_items, row_errors, cell_errors = [], [], []
        repairs: list[tuple[str, str, str]] = []  # (kind, parsed column, cell alias)
        for column in spec.columns:
            if column.file_value is not None:
                cell = f"m.{quote_identifier('fv_' + column.file_value)}"
            else:
                header = header_of(column.headers) or at_position(column, names)
                if header is None:  # an optional column this file does not have
                    parsed_items.append(f"null::{column.sql_type} as {column.name}")
                    continue
                cell = f"s.{quote_identifier(header)}"
            args = [localized_cell(column.parser, cell, chunk[0].dialect.name)]
            for group in column.extra_headers:
                header = header_of(group)
                args.append("null::varchar" if header is None else f"s.{quote_identifier(header)}")
            if column.needs_export_date:
                args.append("m.export_date")
            alias = cell_of(cell)
            if column.walk_years:
                # Month and day only (in a leap year): the year comes from the walk below.
                parsed_items.append(f"sk_yearless_in_year({args[0]}, 2000) as {column.name}")
                repairs.append(("walk_years", column.name, alias))
            else:
                parsed_items.append(
                    f"{column.parser}({', '.join(args)})::{column.sql_type} as {column.name}"
                )
            why = None
            if column.walk_years or column.parser in _NUMERIC_DATE_PARSERS:
                repairs.append(("numeric_dates", column.name, alias))
                why = f"_why_{column.name}"
            problem = cell_problem_sql(
                column.label,
                alias,
                column.name,
                nonnegative=column.parser == "sk_count_nonneg",
                why=why,
            )
            if column.required:
                row_errors.append(problem)
                row_errors.append(
                    f"case when sk_is_blank({alias}) and {column.name} is null "
                    f"then {sql_literal(column.label)} || ': missing' end"
                )
            else:
                cell_errors.append((column.label, problem))
        extras = [name for name in names if name not in used and name.strip()]
        extra_sql = (
            "json_object("
            + ", ".join(
                f"{sql_literal(name.strip())}, s.{quote_identifier(name)}" for name in extras
            )
            + ")"
            if extras
            else "null::json"
        )
        raw_text = " || ',' || ".join(f"coalesce(s.{quote_identifier(h)}, '')" for h in names)
        cell_items = [f"{sql} as {alias}" for sql, alias in cells.items()]
        # Each cell is parsed once (_cells), dates that need the whole file are repaired, then
        # the errors compare parsed values with cells.
        self.con.execute(
            "create or replace temp table _cells as "
            f"select m.seq as _seq, s.{scan_col} - f.first_row + 1 as _source_row, "
            f"{', '.join(parsed_items)}, {extra_sql} as {EXTRA_COLUMNS}, "
            f"{', '.join(cell_items)}, {raw_text} as _raw_text "
            f"from _src s join _chunk_meta m on {source_of} "
            f"join _firsts f on f.file = s.{file_col}"
        )
        self._repair_dates(repairs)
        self.con.execute(
            "create or replace temp table _parsed as "
            f"select p.* exclude ({', '.join(cells.values())}, _row_error), "
            f"{_ROW_ERROR_SQL} as _error from ("
            f"select p.*, nullif(concat_ws('; ', {', '.join(row_errors) or 'null'}, "
            f"{_after_export_sql(fmt)}), '') as _row_error, "
            f"{cell_errors_list_sql(cell_errors)} as _cell_errors "
            "from _cells p join _chunk_meta m on m.seq = p._seq) p"
        )
        if not self.con.execute(
            "select count(*) from duckdb_tables() where table_name = '_rejects' and temporary"
        ).fetchone()[0]:
            # DuckDB creates the rejects tables lazily; a scan that rejected nothing may not have.
            self.con.execute(
                "create temp table _rejects as select null::bigint as scan_id, "
                "null::bigint as file_id, null::bigint as line, null::bigint as column_idx, "
                "null::varchar as csv_line, null::varchar as error_type, "
                "null::varchar as error_message where false"
            )
            self.con.execute(
                "create or replace temp table _rejects_scan as select null::bigint as scan_id, "
                "null::bigint as file_id, null::varchar as file_path where false"
            )
        # DuckDB can report one error per column for one broken line; the line is one
        # quarantined record, described by its first error.
        first_errors = (
            "select scan_id, file_id, line, any_value(csv_line) as csv_line, "
            "arg_min(error_type, column_idx) as error_type, "
            "arg_min(error_message, column_idx) as error_message "
            "from _rejects group by scan_id, file_id, line"
        )
        if bundled:
            # A bundle's line: its source from the number before it, which is then taken off
            # the line and out of the column counts of the message, as the file would read.
            self.con.execute(
                "create or replace temp table _structural as "
                "select m.seq as _seq, r.line - m.line_shift + m.line_offset as line, "
                f"{_UNBUNDLED_LINE_SQL} as csv_line, r.error_type, "
                f"{_UNBUNDLED_MESSAGE_SQL} as error_message from ({first_errors}) r "
                f"join _chunk_meta m on m.seq = {_BUNDLED_SEQ_SQL}"
            )
        else:
            self.con.execute(
                "create or replace temp table _structural as "
                "select m.seq as _seq, r.line + m.line_offset as line, r.csv_line, r.error_type, "
                f"r.error_message from ({first_errors}) r "
                "join _rejects_scan s on s.scan_id = r.scan_id and s.file_id = r.file_id "
                "join _chunk_meta m on m.path = s.file_path"
            )
        self._store(fmt, chunk)

    # -- CustomFormat (JSON) ----------------------------------------------------------------

    def _custom(self, fmt: ExportFormat, chunk: list[Entry]) -> None:
        custom = fmt.custom
        assert custom is not None
        self._chunk_meta(chunk, [])
        staged = [(e.seq, number, e.export_date, *row)
                  for e in chunk for number, row in enumerate(e.rows, start=1)]  # fmt: skip
        columns = [("_seq", "bigint"), ("_source_row", "bigint"), ("_export_date", "date"),
                   *custom.staging_columns]  # fmt: skip
        self._insert_columns("_custom_src", columns, staged)
        cell_errors = custom.cell_errors_sql or cell_errors_list_sql([])
        self.con.execute(
            "create or replace temp table _cells as "
            f"select _seq, _source_row, _raw_text, {custom.select_sql} from _custom_src"
        )
        self._repair_dates(
            [("numeric_dates", parsed, cell) for parsed, cell in custom.numeric_dates]
        )
        self.con.execute(
            "create or replace temp table _parsed as "
            f"select p.* exclude (_row_error), {_ROW_ERROR_SQL} as _error from ("
            f"select p.*, nullif(concat_ws('; ', ({custom.error_sql}), "
            f"{_after_export_sql(fmt)}), '') as _row_error, "
            f"{cell_errors} as _cell_errors from _cells p join _chunk_meta m on m.seq = p._seq) p"
        )
        self.con.execute(
            "create or replace temp table _structural (_seq bigint, line bigint, "
            "csv_line varchar, error_type varchar, error_message varchar)"
        )
        self._store(fmt, chunk)

    # -- dates that only the whole file can decide ----------------------------------------------

    def _repair_dates(self, repairs: list[tuple[str, str, str]]) -> None:
        """Rewrite parsed date columns of ``_cells`` from the other rows of the same file.

        ``walk_years``: the column holds month and day only (year-less exports); the year of
        each row comes from walking the file's rows from the export date backwards.
        ``numeric_dates``: cells a spreadsheet re-typed as ``1/2/2022``, ``13-06-2025`` or
        ``09-09-24`` (left NULL by the column's parser) are read day-first or month-first as
        the file's own values decide; where they cannot, the cell stays NULL and
        ``_why_<column>`` says why.
        """
        for kind, parsed, cell in repairs:
            sql = _WALK_YEARS_SQL if kind == "walk_years" else _NUMERIC_DATES_SQL
            names = {"{parsed}": parsed, "{cell}": cell, "{why}": f"_why_{parsed}"}
            for placeholder, name in names.items():
                sql = sql.replace(placeholder, quote_identifier(name))
            self.con.execute(sql)

    # -- shared: raw rows, quarantine, manifest ---------------------------------------------------

    def _chunk_meta(
        self, chunk: list[Entry], value_keys: list[str], line_shifts: list[int] | None = None
    ) -> None:
        """``_chunk_meta``: a row per source of the chunk (``line_shift``: lines of a bundle
        before the source's first data line, less those of the source itself)."""
        columns = [("seq", "bigint"), ("path", "varchar"), ("platform", "varchar"),
                   ("account", "varchar"), ("export_date", "date"), ("source_file", "varchar"),
                   ("content_hash", "varchar"), ("line_offset", "bigint"),
                   ("line_shift", "bigint"),
                   *((f"fv_{key}", "varchar") for key in value_keys)]  # fmt: skip
        shifts = line_shifts or [0] * len(chunk)
        rows = [(e.seq, e.path, e.platform, e.account, e.export_date, e.source_file,
                 e.content_hash, e.line_offset, shift,
                 *(e.file_values.get(key) for key in value_keys))
                for e, shift in zip(chunk, shifts, strict=True)]  # fmt: skip
        self._insert_columns("_chunk_meta", columns, rows)

    def _insert_columns(self, table: str, columns: list[tuple[str, str]], rows: list[tuple]):
        """A temp table from Python tuples, in one statement (one list per column)."""
        self.con.execute(
            f"create or replace temp table {table} ("
            + ", ".join(f"{quote_identifier(name)} {sql_type}" for name, sql_type in columns)
            + ")"
        )
        if not rows:
            return
        lists = [list(values) for values in zip(*rows, strict=True)]
        self.con.execute(
            f"insert into {table} select "
            + ", ".join(f"unnest(${i + 1})::{t}" for i, (_, t) in enumerate(columns)),
            lists,
        )

    def _store(self, fmt: ExportFormat, chunk: list[Entry]) -> None:
        """Raw rows, quarantined rows and manifest rows of a chunk, from ``_parsed`` (records)
        and ``_structural`` (lines the CSV reader rejected)."""
        columns = ", ".join(f"p.{name}" for name in fmt.column_names)
        params = {"load_id": self.load_id, "loaded_at": self.loaded_at, "format": fmt.name}
        self.con.execute(
            f"insert into {RAW_SCHEMA}.{fmt.raw_table} "
            f"({', '.join([*LINEAGE_COLUMNS, *map(quote_identifier, fmt.column_names)])}) "
            "select $load_id, m.seq, m.platform, m.account, m.export_date, m.source_file, "
            f"m.content_hash, p._source_row, $loaded_at, {columns} "
            "from _parsed p join _chunk_meta m on m.seq = p._seq "
            "where p._error is null order by m.seq, p._source_row",
            {k: v for k, v in params.items() if k != "format"},
        )
        self.con.execute(
            f"insert into {RAW_SCHEMA}.quarantine ({QUARANTINE_COLUMNS}) "
            "select $load_id, m.platform, m.account, m.export_date, m.source_file, "
            "m.content_hash, $format, q.line_number, q.record_number, q.raw_text, q.reason, "
            "$loaded_at, q.scope, q.column_name from ("
            "  select _seq, 0 as kind, null::bigint as line_number, _source_row as record_number, "
            "  _raw_text as raw_text, _error as reason, 'row' as scope, null as column_name "
            "  from _parsed where _error is not null "
            "  union all "
            "  select _seq, 1, line, null, csv_line, "
            "  'malformed CSV row (' || error_type || '): ' || error_message, 'row', null "
            "  from _structural "
            "  union all "
            "  select _seq, 2, null, _source_row, _raw_text, "
            "  e.reason || ' (cell set to NULL, the row loaded)', 'cell', e.column_name from ("
            "    select _seq, _source_row, _raw_text, unnest(_cell_errors) as e "
            "    from _parsed where _error is null)"
            ") q join _chunk_meta m on m.seq = q._seq "
            "order by m.seq, q.kind, q.record_number, q.line_number, q.column_name",
            params,
        )
        self.con.execute(
            "create or replace temp table _counts as "
            "select *, nullif(concat_ws('; ', "
            "  case when rows_read = 0 then 'no data rows: the file holds headers only' end, "
            "  case when rows_quarantined > 0 then rows_quarantined || ' row(s) quarantined' end, "
            "  case when cells_nulled > 0 then cells_nulled || ' cell(s) set to NULL' end), '') "
            "  as reason from ("
            "select m.seq, coalesce(p.n, 0) + coalesce(r.n, 0) as rows_read, "
            "coalesce(p.n - p.bad, 0) as rows_loaded, "
            "coalesce(p.bad, 0) + coalesce(r.n, 0) as rows_quarantined, "
            "coalesce(p.nulled, 0) as cells_nulled, p.first_day, p.last_day "
            "from _chunk_meta m "
            "left join (select _seq, count(*) as n, count(*) filter (where _error is not null) "
            "  as bad, sum(len(_cell_errors)) filter (where _error is null) as nulled, "
            f"  {_day_span_sql(fmt)} "
            "  from _parsed group by _seq) p on p._seq = m.seq "
            "left join (select _seq, count(distinct line) as n from _structural group by _seq) r "
            "  on r._seq = m.seq)"
        )
        self.con.execute(
            f"insert into {RAW_SCHEMA}.file_manifest ({MANIFEST_COLUMNS}) "
            "select $load_id, m.seq, m.platform, m.account, m.export_date, m.source_file, "
            "m.content_hash, $format, 'loaded', null, c.rows_read, c.rows_loaded, "
            "c.rows_quarantined, c.reason, $loaded_at, c.cells_nulled, c.first_day, c.last_day "
            "from _chunk_meta m join _counts c on c.seq = m.seq order by m.seq",
            params,
        )
        counts = {
            seq: rest
            for seq, *rest in self.con.execute(
                "select seq, rows_read, rows_loaded, rows_quarantined, cells_nulled, reason "
                "from _counts"
            ).fetchall()
        }
        for entry in chunk:
            (entry.rows_read, entry.rows_loaded, entry.rows_quarantined, entry.cells_nulled,
             entry.reason) = counts[entry.seq]  # fmt: skip
            entry.status = "loaded"

    # -- whole-file rejects and duplicates --------------------------------------------------------

    def _record_rejects(self, entries: list[Entry]) -> None:
        """Quarantine row and manifest row of sources rejected whole (one statement each)."""
        if not entries:
            return
        self._insert_columns("_whole", _WHOLE_COLUMNS, [_whole_row(e) for e in entries])
        params = {"load_id": self.load_id, "loaded_at": self.loaded_at}
        self.con.execute(
            f"insert into {RAW_SCHEMA}.quarantine ({QUARANTINE_COLUMNS}) "
            "select $load_id, platform, account, export_date, source_file, content_hash, "
            "format_name, null, null, null, reason, $loaded_at, 'file', null "
            "from _whole where status = 'quarantined' order by seq",
            params,
        )
        self.con.execute(
            f"insert into {RAW_SCHEMA}.file_manifest ({MANIFEST_COLUMNS}) "
            "select $load_id, seq, platform, account, export_date, source_file, content_hash, "
            "format_name, status, duplicate_of, 0, 0, 0, reason, $loaded_at, 0, null, null "
            "from _whole order by seq",
            params,
        )

    def _settle_duplicates(self) -> None:
        """Record the duplicates, now that this run's originals are loaded (or not)."""
        duplicates: list[Entry] = []
        # (content hash, section, platform) -> the copy loaded in place of a failed original.
        replacements: dict[tuple, Entry] = {}
        for entry in self.planner.entries:
            if entry.status != "duplicate":
                continue
            original = entry.original
            if original is not None and original.status != "loaded":
                key = entry.dedup_key
                replacement = replacements.get(key)
                if replacement is None or replacement.status != "loaded":
                    # The original failed as a whole: this copy is loaded (or fails) in turn,
                    # from the original's staged text.
                    replacements[key] = entry
                    entry.status, entry.original = "pending", None
                    entry.path, entry.rows = original.path, original.rows
                    entry.text = original.text
                    entry.file_values, entry.group = original.file_values, original.group
                    self._run_chunk(self._job(entry), [entry])
                    continue
                original = replacement
            if original is not None:
                entry.duplicate_of = original.source_file
                entry.reason = f"same content as {original.source_file}"
            duplicates.append(entry)
        if duplicates:
            self.con.execute("begin")
            self._record_rejects(duplicates)
            self.con.execute("commit")


# Date columns whose cells a spreadsheet may have re-typed as numeric day/month dates.
_NUMERIC_DATE_PARSERS = frozenset({"sk_date", "sk_iso_date"})


def _day_columns(fmt: ExportFormat) -> list[str]:
    return [name for name, sql_type in fmt.column_types if sql_type.strip().lower() == "date"]


def _day_span_sql(fmt: ExportFormat) -> str:
    """SQL aggregates over a chunk's ``_parsed`` rows: the first and last day the loaded rows of
    a source are about (its date columns; NULL for a format without one)."""
    quoted = [quote_identifier(name) for name in _day_columns(fmt)]
    if not quoted:
        return "null::date as first_day, null::date as last_day"
    least = quoted[0] if len(quoted) == 1 else f"least({', '.join(quoted)})"
    greatest = quoted[0] if len(quoted) == 1 else f"greatest({', '.join(quoted)})"
    return (
        f"min({least}) filter (where _error is null) as first_day, "
        f"max({greatest}) filter (where _error is null) as last_day"
    )


def _after_export_sql(fmt: ExportFormat) -> str:
    """SQL: the row error of a date column holding a day after the source's export date
    (``m.export_date``): an export cannot report a day after it was downloaded."""
    checks = [
        f"case when p.{quote_identifier(name)} > m.export_date then {sql_literal(name)} || ': ' || "
        f"p.{quote_identifier(name)} || ' is after the export date ' || m.export_date || "
        "' (an export holds no day after its download)' end"
        for name in _day_columns(fmt)
    ]
    return ", ".join(checks) or "null"


# The date repairs of _repair_dates, in sql/ (each file says what it does and why).
NUMERIC_DATE_PATTERN = r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[ T].*)?$"
_SQL = resources.files("socialkpi.ingest") / "sql"
_WALK_YEARS_SQL = (_SQL / "walk_years.sql").read_text(encoding="utf-8")
_NUMERIC_DATES_SQL = (
    (_SQL / "numeric_dates.sql")
    .read_text(encoding="utf-8")
    .replace("{pattern}", NUMERIC_DATE_PATTERN)
)

# A row quarantined for its grain says every problem it had, its cells' included.
_ROW_ERROR_SQL = (
    "case when _row_error is not null then concat_ws('; ', _row_error, "
    "nullif(array_to_string(list_transform(_cell_errors, lambda e: e.reason), '; '), '')) end"
)

_WHOLE_COLUMNS = [("seq", "bigint"), ("platform", "varchar"), ("account", "varchar"),
                  ("export_date", "date"), ("source_file", "varchar"),
                  ("content_hash", "varchar"), ("format_name", "varchar"),
                  ("status", "varchar"), ("duplicate_of", "varchar"),
                  ("reason", "varchar")]  # fmt: skip


def _whole_row(e: Entry) -> tuple:
    return (e.seq, e.platform, e.account, e.export_date, e.source_file, e.content_hash,
            e.format_name, e.status, e.duplicate_of, e.reason)  # fmt: skip


def write_bundle(
    path: Path, chunk: list[Entry], skip_lines: int, seq_column: str, delimiter: str
) -> list[int]:
    """One CSV file holding the chunk's sources (same header, records on single lines): the
    first source's lines up to its header, then every source's data lines, each line led by
    its source's ``seq`` (the header by ``seq_column``). Returns, per source, the lines of
    the bundle before its first data line less those of the source before it, the number to
    take off a bundle's line number to have the source's own."""
    parts: list[str] = []
    shifts: list[int] = []
    lines_before = skip_lines + 1  # the source's own lines before its data: the same in all
    for number, entry in enumerate(chunk):
        assert entry.text is not None
        head = entry.text.split("\n", skip_lines + 1)
        if number == 0:
            parts += [line + "\n" for line in head[:skip_lines]]
            parts.append(
                f"{seq_column}{delimiter}{head[skip_lines] if len(head) > skip_lines else ''}\n"
            )
        body = head[skip_lines + 1] if len(head) > skip_lines + 1 else ""
        if body and not body.endswith("\n"):
            body += "\n"
        shifts.append(lines_before - (skip_lines + 1))
        lines_before += body.count("\n")
        # Every line that holds anything (a blank line stays blank: the reader skips it).
        parts.append(_LINE_START.sub(f"{entry.seq}{delimiter}", body))
    path.write_text("".join(parts), encoding="utf-8")
    return shifts


_LINE_START = re.compile(r"^(?=.)", re.MULTILINE)
# A rejected bundle line (DuckDB puts skipped blank lines before it): its source, the line
# as its file holds it, the message's column counts as the file would give them.
_BUNDLED_SEQ_SQL = "regexp_extract(r.csv_line, '^\\n*([0-9]+)', 1)::bigint"
_UNBUNDLED_LINE_SQL = "regexp_replace(r.csv_line, '^(\\n*)[0-9]+.', '\\1')"
_UNBUNDLED_MESSAGE_SQL = (
    "case when regexp_matches(r.error_message, 'Expected Number of Columns: [0-9]+ Found: [0-9]+') "
    "then regexp_replace(r.error_message, 'Expected Number of Columns: [0-9]+ Found: [0-9]+', "
    "'Expected Number of Columns: ' || "
    "(regexp_extract(r.error_message, 'Columns: ([0-9]+)', 1)::bigint - 1) || ' Found: ' || "
    "(regexp_extract(r.error_message, 'Found: ([0-9]+)', 1)::bigint - 1)) "
    "else r.error_message end"
)


def _chunks(items: list[Entry], size: int) -> Iterator[list[Entry]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _fresh_name(base: str, taken: Iterable[str]) -> str:
    taken = set(taken)
    name = base
    while name in taken:
        name = "_" + name
    return name
