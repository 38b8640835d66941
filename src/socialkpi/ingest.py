"""Load landed exports into raw DuckDB tables, idempotently, losing nothing.

For every landed file that the manifest has not seen (same path and same
content hash), the engine opens it (zip members one by one), decodes it,
recognises its format from content, and loads its rows with lineage into the
format's raw table. Rows it cannot parse go to ``raw.quarantine`` with the file,
line and reason; files it cannot read at all go there whole. Every source gets
one ``raw.file_manifest`` row whose counts reconcile:
``rows_read = rows_loaded + rows_quarantined``.

Re-delivery is harmless: a source whose (content hash, platform) was
already loaded, under any account folder, is recorded as a ``duplicate`` and
loads nothing (a copy under a renamed folder is no rename; for a bare API total,
dated by its export date alone, that date is part of the key: the same total the
next day is the next day's data), and a source
already in the manifest under the same path and hash is skipped outright, so
re-running a day changes nothing.

The work is set-based, in two phases:

1. **Plan** (Python, no DuckDB round trip per file): discover, read, hash, skip
   what the manifest has seen (read once), open zips, decode, sniff, recognise
   the format, detect duplicates (in memory), collect whole-file rejects, and
   number the sources (``load_seq``) in discovery order. Each accepted CSV
   source is written as UTF-8 to a temporary file; a JSON source becomes text
   tuples (``CustomFormat.rows``).
2. **Load** (DuckDB, per format and exact header, a few thousand files at a
   time): one ``read_csv`` over the chunk's files, every cell parsed once, the
   errors computed from the parsed values, then raw rows, quarantined rows and
   manifest rows (counts by ``GROUP BY``) in one transaction per chunk. A chunk
   that DuckDB cannot read as a whole is loaded again in halves, down to single
   files; a file that still fails alone is quarantined whole with the error as
   reason. JSON sources are staged and typed the same way, many per statement.

Set ``TMPDIR`` to a fast file system (``/dev/shm``) for large runs: phase 1
writes one temporary file per CSV source (removed once its chunk is loaded).
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import glob
import hashlib
import io
import logging
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
from tqdm import tqdm

from socialkpi.faults import pause_point
from socialkpi.formats.base import (
    EXTRA_COLUMNS,
    LINEAGE_COLUMNS,
    LINEAGE_COLUMNS_DDL,
    Column,
    CsvFormat,
    ExportFormat,
    Sniff,
    SourceRejected,
    SourceSkipped,
    cell_errors_list_sql,
    cell_problem_sql,
    detect_formats,
    format_named,
    header_key,
    loaded_formats,
    sql_literal,
)
from socialkpi.formats.locales import (
    ENGLISH,
    Dialect,
    alias,
    canonical_line,
    detect_dialect,
    strip_trailing_empty_rows,
    unwrap_single_cell_rows,
)
from socialkpi.landing import (
    LIMITS,
    LandedFile,
    decode_text,
    discover,
    is_workbook,
    open_sources,
    single_sheet_as_csv,
    sniff,
    sniff_workbook,
)
from socialkpi.sql_macros import install_macros
from socialkpi.sql_text import quote_identifier

log = logging.getLogger(__name__)

RAW_SCHEMA = "raw"

# Files per read_csv scan (and JSON sources per staging insert): large enough that the
# per-statement cost vanishes, small enough to keep a chunk's tables in memory.
CSV_CHUNK_FILES = 4000
CUSTOM_CHUNK_SOURCES = 20000

MANIFEST_DDL = f"""
create table if not exists {RAW_SCHEMA}.file_manifest (
    load_id varchar not null,
    load_seq bigint not null,
    platform varchar not null,
    account varchar not null,
    export_date date,
    source_file varchar not null,
    content_hash varchar not null,
    format_name varchar,
    status varchar not null,       -- loaded | quarantined | duplicate
    duplicate_of varchar,
    rows_read bigint not null,
    rows_loaded bigint not null,
    rows_quarantined bigint not null,
    reason varchar,
    loaded_at timestamp not null,
    cells_nulled bigint not null default 0,  -- cells set to NULL (reason in quarantine)
    first_day date,                -- the earliest and latest day the loaded rows are about
    last_day date,
    primary key (source_file, content_hash)
)
"""

QUARANTINE_DDL = f"""
create table if not exists {RAW_SCHEMA}.quarantine (
    load_id varchar not null,
    platform varchar not null,
    account varchar not null,
    export_date date,
    source_file varchar not null,
    content_hash varchar not null,
    format_name varchar,
    line_number bigint,            -- physical line in the decoded file, when known
    record_number bigint,          -- data record number (1-based) for a row the format rejected
    raw_text varchar,
    reason varchar not null,
    quarantined_at timestamp not null,
    scope varchar,                 -- file | row | cell (a cell set to NULL, its row loaded)
    column_name varchar            -- for a cell: the column, as the file's header names it
)
"""

# Columns added after the first release: warehouses created before get them on the next run.
_ADDED_COLUMNS = (
    ("file_manifest", "cells_nulled", "bigint default 0"),
    ("file_manifest", "first_day", "date"),
    ("file_manifest", "last_day", "date"),
    ("quarantine", "scope", "varchar"),
    ("quarantine", "column_name", "varchar"),
)

# Options of every CSV scan (the skip count and the delimiter are the format's).
_READ_CSV_OPTIONS = (
    "header = true, all_varchar = true, quote = '\"', escape = '\"', strict_mode = true, "
    "null_padding = false, store_rejects = true, max_line_size = "
    f"{LIMITS.max_line_bytes + 2}"
)


@dataclass
class SourceOutcome:
    source_file: str
    platform: str
    account: str
    status: str
    format_name: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    reason: str | None = None
    cells_nulled: int = 0


@dataclass
class IngestReport:
    """What one ingest run did, source by source."""

    load_id: str
    outcomes: list[SourceOutcome] = field(default_factory=list)
    skipped_already_seen: int = 0

    @property
    def status_counts(self) -> Counter:
        return Counter(o.status for o in self.outcomes)

    @property
    def rows_read(self) -> int:
        return sum(o.rows_read for o in self.outcomes)

    @property
    def rows_loaded(self) -> int:
        return sum(o.rows_loaded for o in self.outcomes)

    @property
    def rows_quarantined(self) -> int:
        return sum(o.rows_quarantined for o in self.outcomes)

    @property
    def cells_nulled(self) -> int:
        return sum(o.cells_nulled for o in self.outcomes)

    def summary(self) -> dict:
        return {
            "load_id": self.load_id,
            "sources": len(self.outcomes),
            "skipped_already_seen": self.skipped_already_seen,
            **{f"sources_{k}": v for k, v in sorted(self.status_counts.items())},
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "rows_quarantined": self.rows_quarantined,
            "cells_nulled": self.cells_nulled,
        }


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw schema, manifest, quarantine and one raw table per format."""
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    con.execute(MANIFEST_DDL)
    con.execute(QUARANTINE_DDL)
    for table, column, sql_type in _ADDED_COLUMNS:
        con.execute(
            f"alter table {RAW_SCHEMA}.{table} add column if not exists {column} {sql_type}"
        )
    for fmt in loaded_formats():
        con.execute(
            f"create table if not exists {RAW_SCHEMA}.{fmt.raw_table} "
            f"({LINEAGE_COLUMNS_DDL},\n{fmt.raw_columns_ddl()})"
        )
        # A format that gained columns (a new generation of an export): a warehouse made
        # before gets them, NULL for the rows already loaded. Rows are inserted by name.
        for name, sql_type in fmt.column_types:
            con.execute(
                f"alter table {RAW_SCHEMA}.{fmt.raw_table} "
                f"add column if not exists {quote_identifier(name)} {sql_type}"
            )


def ingest(
    warehouse_path: Path,
    landing_root: Path | str,
    up_to: date | None = None,
    load_id: str | None = None,
    loaded_at: datetime | None = None,
    progress: bool = True,
) -> IngestReport:
    """Load every landed file not yet in the manifest (export dates up to ``up_to``).

    ``progress`` shows progress bars on stderr (only when it is a terminal).
    """
    warehouse_path = Path(warehouse_path)
    warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    report = IngestReport(load_id=load_id or uuid.uuid4().hex)
    loaded_at = (loaded_at or datetime.now(UTC)).replace(tzinfo=None)
    show_progress = progress and sys.stderr.isatty()
    # The csv module refuses fields over 128 KiB by default; exports are allowed the line limit.
    csv.field_size_limit(max(csv.field_size_limit(), LIMITS.max_line_bytes + 2))
    with (
        duckdb.connect(str(warehouse_path)) as con,
        _decoded_sources_folder(warehouse_path) as tmp,
    ):
        con.execute("set enable_progress_bar = false")  # ours is on stderr, theirs on stdout
        install_macros(con)
        ensure_raw_schema(con)
        started = time.perf_counter()
        planner = _Planner(con, Path(tmp))
        landed_files = list(discover(landing_root, up_to=up_to))
        for landed in tqdm(landed_files, desc="ingest: reading files", unit="file",
                           disable=not show_progress, file=sys.stderr):  # fmt: skip
            planner.plan_landed(landed)
        report.skipped_already_seen = planner.skipped
        pause_point("ingest.planned")
        planned = time.perf_counter()
        log.info("planned %d landed files (%d new sources) in %.1f s",
                 len(landed_files), len(planner.entries), planned - started)  # fmt: skip
        _Loader(planner, report.load_id, loaded_at, show_progress).load()
        log.info("loaded in %.1f s", time.perf_counter() - planned)
        report.outcomes = [entry.outcome() for entry in planner.entries]
    log.info("ingest summary: %s", report.summary())
    return report


@contextlib.contextmanager
def _decoded_sources_folder(warehouse_path: Path) -> Iterator[str]:
    """A temporary folder for decoded copies of the sources, beside the warehouse and named
    after it (``.<warehouse>.ingest.<random>.tmp``), so that the next ingest removes what a
    killed one left (a system temp folder would keep it for good). Called with the
    warehouse's write lock held: no other ingest of this warehouse is running."""
    prefix = f".{warehouse_path.name}.ingest."
    for stale in warehouse_path.parent.glob(f"{glob.escape(prefix)}*.tmp"):
        shutil.rmtree(stale, ignore_errors=True)
    with tempfile.TemporaryDirectory(
        dir=warehouse_path.parent, prefix=prefix, suffix=".tmp"
    ) as folder:
        yield folder


# -- phase 1: plan ---------------------------------------------------------------------------------


class _Entry:
    """One source of this run (a file or a zip member), and what became of it."""

    __slots__ = (
        "seq", "platform", "account", "export_date", "source_file", "content_hash", "fmt",
        "status", "reason", "duplicate_of", "original", "path", "group", "file_values", "rows",
        "rows_read", "rows_loaded", "rows_quarantined", "cells_nulled", "dialect", "line_offset",
    )  # fmt: skip

    def __init__(self, seq: int, landed: LandedFile, source_file: str, content_hash: str):
        self.seq = seq
        self.platform = landed.platform
        self.account = landed.account
        self.export_date = landed.export_date
        self.source_file = source_file
        self.content_hash = content_hash
        self.fmt: ExportFormat | None = None
        # pending (to load) | loaded | quarantined | duplicate
        self.status = "pending"
        self.reason: str | None = None
        self.duplicate_of: str | None = None
        # The source of this run that a pending duplicate repeats (None: an earlier run's).
        self.original: _Entry | None = None
        self.path: str | None = None  # the decoded CSV text, for read_csv
        self.group: tuple = ()  # (format name, header key, delimiter, locale) of a CSV source
        self.dialect: Dialect = ENGLISH  # of a CSV source (socialkpi.formats.locales)
        self.file_values: dict[str, str | None] = {}
        self.rows: Sequence[tuple] = ()  # CustomFormat text tuples
        self.rows_read = self.rows_loaded = self.rows_quarantined = self.cells_nulled = 0
        # A section of a file (socialkpi.formats.base.TextSection): lines before its own.
        self.line_offset = 0

    @property
    def dedup_key(self) -> tuple:
        """What makes two sources the same content for one account (a section of a file
        is the same as the same section of an identical file)."""
        return _dedup_key(
            self.content_hash, self.source_file, self.platform, self.fmt, self.export_date
        )

    @property
    def format_name(self) -> str | None:
        return self.fmt.name if self.fmt is not None else None

    def outcome(self) -> SourceOutcome:
        return SourceOutcome(self.source_file, self.platform, self.account, self.status,
                             self.format_name, self.rows_read, self.rows_loaded,
                             self.rows_quarantined, self.reason, self.cells_nulled)  # fmt: skip


class _Planner:
    """Phase 1: every source of the run, checked and staged, without loading anything."""

    def __init__(self, con: duckdb.DuckDBPyConnection, tmp: Path):
        self.con = con
        self.tmp = tmp
        # The manifest, read once: what was seen, what was loaded, the last load_seq.
        self.seen: set[tuple[str, str]] = set(
            con.execute(f"select source_file, content_hash from {RAW_SCHEMA}.file_manifest")
            .fetchall()
        )  # fmt: skip
        # (content hash, section, platform) -> the first source that loaded it (or will).
        self.originals: dict[tuple, str | _Entry] = {}
        for content_hash, platform, source_file, format_name, export_date in con.execute(
            "select content_hash, platform, source_file, format_name, export_date "
            f"from {RAW_SCHEMA}.file_manifest where status = 'loaded' order by load_seq desc"
        ).fetchall():
            key = _dedup_key(
                content_hash, source_file, platform, format_named(format_name), export_date
            )
            self.originals[key] = source_file
        (self.last_seq,) = con.execute(
            f"select coalesce(max(load_seq), 0) from {RAW_SCHEMA}.file_manifest"
        ).fetchone()
        self.skipped = 0
        self.entries: list[_Entry] = []
        # (format name, header key) -> the CSV sources to load together.
        self.csv_groups: dict[tuple, list[_Entry]] = {}
        # format name -> the CustomFormat sources to load together.
        self.custom_groups: dict[str, list[_Entry]] = {}
        # (format name, header key) -> the header as DuckDB reads it, or a whole-file error.
        self._headers: dict[tuple, tuple[list[str], None] | tuple[None, str]] = {}
        self.header_names: dict[tuple, list[str]] = {}
        self._unique_keys = 0

    def _new_entry(self, landed: LandedFile, source_file: str, content_hash: str) -> _Entry:
        self.last_seq += 1
        entry = _Entry(self.last_seq, landed, source_file, content_hash)
        self.entries.append(entry)
        self.seen.add((source_file, content_hash))
        return entry

    def _reject(self, entry: _Entry, reason: str, status: str = "quarantined") -> None:
        entry.status = status
        entry.reason = reason
        log.warning("%s %s: %s", status, entry.source_file, reason)

    def _refuse(self, entry: _Entry, exc: SourceRejected, prefix: str = "") -> None:
        """Record why a source is not loaded: skipped on purpose, or quarantined."""
        status = "skipped" if isinstance(exc, SourceSkipped) else "quarantined"
        self._reject(entry, prefix + str(exc), status)

    def _reject_landed(self, landed: LandedFile, reason: str, status: str = "quarantined"):
        if status == "skipped":
            # Never read: what identifies it is why it was skipped.
            content_hash = "skipped:" + hashlib.sha256(reason.encode()).hexdigest()[:32]
        else:
            with open(landed.path, "rb") as handle:
                content_hash = hashlib.file_digest(handle, "sha256").hexdigest()
        if (landed.relative_path, content_hash) in self.seen:
            self.skipped += 1
            return
        self._reject(self._new_entry(landed, landed.relative_path, content_hash), reason, status)

    def plan_landed(self, landed: LandedFile) -> None:
        """Plan every source of a landed file. Whatever one file does (a malformed or hostile
        file, a bug it triggers), it ends as a quarantine row naming the file, the stage and
        the reason, and the run goes on with the other files."""
        if landed.skip_reason:
            self._reject_landed(landed, landed.skip_reason, status="skipped")
            return
        if landed.layout_error:
            self._reject_landed(landed, landed.layout_error)
            return
        try:
            with source_deadline(LIMITS.max_seconds_per_source):
                sources = list(open_sources(landed))
        except SourceRejected as exc:
            self._reject_landed(landed, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 (one file must never stop the run)
            self._reject_landed(landed, failure_reason("opened", exc))
            return
        for source in sources:
            content_hash = source.content_hash
            if (source.source_file, content_hash) in self.seen or (
                section_source_file(source.source_file, 1),
                content_hash,
            ) in self.seen:
                self.skipped += 1
                continue
            entry = self._new_entry(landed, source.source_file, content_hash)
            if source.reject is not None:
                self._reject(entry, source.reject)
                continue
            try:
                with source_deadline(LIMITS.max_seconds_per_source):
                    self._plan_source(landed, entry, source.file_name, source.data)
            except SourceRejected as exc:
                self._refuse(entry, exc)
            except Exception as exc:  # noqa: BLE001 (one source must never stop the run)
                self._reject(entry, failure_reason("read", exc))

    def _plan_source(self, landed: LandedFile, entry: _Entry, file_name: str, data: bytes) -> None:
        if is_workbook(data):
            sniffed = sniff_workbook(file_name, data)
            sheet_text = None if detect_formats(sniffed) else single_sheet_as_csv(sniffed.sheets)
            if sheet_text is None:
                self._plan_sniffed(entry, sniffed, "")
                return
            # A CSV export saved as a workbook (or downloaded as one): read as that CSV.
            text = sheet_text
        else:
            text = decode_text(data)
        text = _plain_lines(text)
        sniffed = self._sniff_text(entry, file_name, text)
        if not detect_formats(sniffed) and (unwrapped := unwrap_single_cell_rows(text)):
            text, sniffed = unwrapped, self._sniff_text(entry, file_name, unwrapped)
        fmt = _detect(sniffed)
        sections = fmt.sections(text) if fmt.sections is not None else []
        if len(sections) <= 1:
            self._plan_sniffed(entry, sniffed, text, fmt)
            return
        # Several tables in one file: each is a source of its own, with its own checks.
        whole_file = entry.source_file
        for number, section in enumerate(sections, start=1):
            if number > 1:
                entry = self._new_entry(landed, whole_file, entry.content_hash)
            entry.source_file = section_source_file(whole_file, number)
            self.seen.add((entry.source_file, entry.content_hash))
            entry.line_offset = section.line_offset
            try:
                sniffed = self._sniff_text(entry, file_name, section.text)
                if section.platform is not None and section.platform != entry.platform:
                    entry.fmt = _detect(sniffed)
                    raise PlatformMismatch(
                        f"platform mismatch: folder says {entry.platform!r}, the file's other "
                        f"sections make this one {section.platform!r}'s ({entry.fmt.name})"
                    )
                self._plan_sniffed(entry, sniffed, section.text)
            except PlatformMismatch as exc:
                # Another platform's table in this account's file (a page's Instagram
                # section): not bad input, and not this account's.
                self._reject(entry, f"section {number} of {file_name}: {exc}", "skipped")
            except SourceRejected as exc:
                self._refuse(entry, exc, prefix=f"section {number} of {file_name}: ")

    @staticmethod
    def _sniff_text(entry: _Entry, file_name: str, text: str) -> Sniff:
        sniffed = sniff(file_name, text)
        if sniffed.document is None:
            entry.dialect, sniffed = _localized_sniff(sniffed, entry.platform)
        return sniffed

    def _plan_sniffed(
        self, entry: _Entry, sniffed: Sniff, text: str, fmt: ExportFormat | None = None
    ) -> None:
        entry.fmt = fmt = fmt or _detect(sniffed)
        _check_platform(fmt, sniffed, entry.platform)
        if fmt.not_loaded is not None:
            raise SourceSkipped(f"{fmt.description}: {fmt.not_loaded}")
        key = entry.dedup_key
        original = self.originals.get(key)
        if original is not None:
            entry.status = "duplicate"
            if isinstance(original, _Entry):
                entry.original = original  # settled once the original is loaded
            else:
                entry.duplicate_of = original
                entry.reason = f"same content as {original}"
            return
        if fmt.csv is not None:
            self._plan_csv(entry, fmt, fmt.csv, sniffed, text)
        else:
            assert fmt.custom is not None, f"format {fmt.name} has neither csv nor custom"
            entry.rows = fmt.custom.rows(sniffed)
            self.custom_groups.setdefault(fmt.name, []).append(entry)
        self.originals[key] = entry

    def _plan_csv(
        self, entry: _Entry, fmt: ExportFormat, spec: CsvFormat, sniffed: Sniff, text: str
    ) -> None:
        if spec.file_values is not None:
            entry.file_values = {
                name: None if value is None else str(value)
                for name, value in spec.file_values(sniffed).items()
            }
        # DuckDB's reader, reading many files with the dialect of the first, drops every row of a
        # file after a quote that is never closed, without a reject: an odd number of quote
        # characters (quotes inside fields are doubled) says the file is cut or malformed.
        if text.count('"') % 2:
            raise SourceRejected(
                "a quoted field is never closed (odd number of quote characters): the file is "
                "cut short or malformed"
            )
        # Strip the leading blank lines so that skip_lines counts only real lines.
        path = self.tmp / f"{entry.seq}.csv"
        text = text.lstrip("\r\n")
        text = _localized_text(text, spec.skip_lines, entry.dialect, entry.platform)
        path.write_bytes(text.encode("utf-8"))
        entry.path = str(path)
        header = _header_line_key(text, spec.skip_lines)
        if header is None:  # a header DuckDB may read differently: on its own
            self._unique_keys += 1
            header = ("unique", self._unique_keys)
        group = (fmt.name, header, entry.dialect.delimiter, entry.dialect.name)
        if group not in self._headers:
            self._headers[group] = self._read_header(fmt, spec, entry.path, entry.dialect.delimiter)
        names, error = self._headers[group]
        if error is not None:
            if group[1][0] == "unique" or error.startswith("could not be read"):
                del self._headers[group]  # the next file with this header reads its own
            raise SourceRejected(error)
        self.header_names[group] = names
        entry.group = group
        self.csv_groups.setdefault(group, []).append(entry)

    def _read_header(self, fmt: ExportFormat, spec: CsvFormat, path: str, delimiter: str):
        """The header as DuckDB reads it (same options as the load), or the whole-file error."""
        for table in ("_header_rejects", "_header_rejects_scan"):
            self.con.execute(f"drop table if exists {table}")
        try:
            relation = self.con.execute(
                f"select * from read_csv(?, skip = ?, delim = ?, {_READ_CSV_OPTIONS}, "
                "rejects_table = '_header_rejects', rejects_scan = '_header_rejects_scan') "
                "limit 0",
                [path, spec.skip_lines, delimiter],
            )
        except duckdb.Error as exc:
            return None, f"could not be read as {fmt.name}: {_first_line(exc)}"
        names = [column[0] for column in relation.description]
        present = {header_key(name) for name in names}
        missing: list[str] = []
        for column in spec.columns:
            if column.file_value is not None or not column.is_core:
                continue
            spellings = column.headers
            found = any(header_key(h) in present for h in spellings)
            if not found and not _at_position(column, names) and spellings[0] not in missing:
                missing.append(spellings[0])
        if missing:
            return None, f"missing column(s) {missing} in header {[h.strip() for h in names]}"
        return names, None


# Parsers whose cell is converted from a French or German file's numbers / dates first.
_NUMBER_PARSERS = frozenset({"sk_count", "sk_count_nonneg", "sk_decimal", "sk_percent"})
_DATE_PARSERS = frozenset({"sk_date", "sk_iso_date", "sk_us_timestamp", "sk_us_date",
                           "sk_local_timestamp", "sk_offset_timestamp"})  # fmt: skip


def _localized_cell(parser: str, cell: str, locale: str) -> str:
    if locale == "en":
        return cell
    if parser in _NUMBER_PARSERS:
        return f"sk_localize_number({cell}, '{locale}')"
    if parser in _DATE_PARSERS:
        return f"sk_localize_date({cell}, '{locale}')"
    return cell


def _localized_sniff(sniffed: Sniff, platform: str) -> tuple[Dialect, Sniff]:
    """The file's dialect, and what detection sees: titles in English, ``,`` separated,
    trailing empty columns dropped (the head lines of an English file are unchanged
    unless they hold a translated title or trailing empty cells)."""
    assert sniffed.text is not None
    dialect = detect_dialect(sniffed.text, list(sniffed.head_lines))
    lines = []
    for line in sniffed.head_lines:
        canonical = canonical_line(line, dialect.delimiter, platform)
        if canonical is None or (dialect.delimiter == "," and canonical[1] == line):
            lines.append(line)
        elif dialect.delimiter == ",":
            original = next(csv.reader([line]), [])
            lines.append(canonical[1] if canonical[1] != _join_cells(original) else line)
        else:
            lines.append(canonical[1])
    if lines == list(sniffed.head_lines):
        return dialect, sniffed
    return dialect, dataclasses.replace(sniffed, head_lines=tuple(lines))


def _join_cells(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    return buffer.getvalue()


def _localized_text(text: str, skip_lines: int, dialect: Dialect, platform: str) -> str:
    """The text the loader reads: trailing empty rows dropped, the header's titles in English."""
    text = strip_trailing_empty_rows(text)
    lines = text.split("\n", skip_lines + 1)
    if len(lines) <= skip_lines:
        return text
    header = lines[skip_lines]
    end = "\r" if header.endswith("\r") else ""
    canonical = canonical_line(header.rstrip("\r"), dialect.delimiter, platform)
    if canonical is None:
        return text
    cells = next(csv.reader([header.rstrip("\r")], delimiter=dialect.delimiter), [])
    translated = [alias(platform, c) if c.strip() else c for c in cells]
    if translated == cells:
        return text
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=dialect.delimiter, lineterminator="").writerow(translated)
    lines[skip_lines] = buffer.getvalue() + end
    return "\n".join(lines)


def _detect(sniffed: Sniff) -> ExportFormat:
    """The one format this content has (whatever folder it is in)."""
    matches = detect_formats(sniffed)
    if not matches and sniffed.sheets is not None:
        raise SourceRejected(f"unrecognised workbook (sheets: {list(sniffed.sheets)})")
    if not matches:
        first = sniffed.first_line[:120]
        raise SourceRejected(f"unrecognised format (first line: {first!r})")
    if len(matches) > 1:
        raise SourceRejected("ambiguous format: matches " + ", ".join(m.name for m in matches))
    return matches[0]


def _check_platform(fmt: ExportFormat, sniffed: Sniff, folder_platform: str) -> ExportFormat:
    """The format, once the content and the folder agree on the platform."""
    declared = fmt.platform_of_content(sniffed)
    if declared is not None and declared != folder_platform:
        raise PlatformMismatch(
            f"platform mismatch: folder says {folder_platform!r}, "
            f"content says {declared!r} ({fmt.name})"
        )
    if folder_platform not in fmt.platforms:
        raise SourceRejected(
            f"platform mismatch: {fmt.name} is a {'/'.join(sorted(fmt.platforms))} export, "
            f"found under {folder_platform!r}"
        )
    return fmt


_NEWLINE = re.compile(r"\r\n|\r|\n")


def _header_line_key(text: str, skip_lines: int) -> tuple[str, str] | None:
    """The physical header line (after ``skip_lines`` lines) and its line end.

    Sources with the same key have the same header as DuckDB reads it, so they
    load in one scan. None when the header may span lines (an open quote).
    """
    position = 0
    for _ in range(skip_lines):
        match = _NEWLINE.search(text, position)
        if match is None:
            return None
        position = match.end()
    match = _NEWLINE.search(text, position)
    line = text[position : match.start() if match else len(text)]
    if line.count('"') % 2:
        return None
    return line, match.group() if match else ""


# -- phase 2: load ---------------------------------------------------------------------------------


class _Loader:
    """Phase 2: every planned source into the warehouse, a chunk per transaction."""

    def __init__(self, planner: _Planner, load_id: str, loaded_at: datetime, progress: bool):
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
        chunks = [chunk for entries in planner.csv_groups.values()
                  for chunk in _chunks(entries, CSV_CHUNK_FILES)]  # fmt: skip
        chunks += [chunk for entries in planner.custom_groups.values()
                   for chunk in _chunks(entries, CUSTOM_CHUNK_SOURCES)]  # fmt: skip
        for chunk in tqdm(chunks, desc="ingest: loading chunks", unit="chunk",
                          disable=not self.progress, file=sys.stderr):  # fmt: skip
            self._run_chunk(self._job(chunk[0]), chunk)
        self._settle_duplicates()

    def _job(self, entry: _Entry) -> Callable[[list[_Entry]], None]:
        """How to load a chunk of sources like this one (same format, same header)."""
        fmt = entry.fmt
        assert fmt is not None
        if fmt.csv is not None:
            names = self.planner.header_names[entry.group]
            return lambda chunk: self._csv(fmt, names, chunk)
        return lambda chunk: self._custom(fmt, chunk)

    # -- one chunk: one transaction, file by file when it fails ---------------------------------

    def _run_chunk(self, job: Callable[[list[_Entry]], None], chunk: list[_Entry]) -> None:
        try:
            self.con.execute("begin")
            job(chunk)
            self.con.execute("commit")
            for entry in chunk:  # loaded: its decoded text is not needed again
                if entry.path is not None:
                    Path(entry.path).unlink(missing_ok=True)
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
            self._reject_late(entry, f"could not be read as {entry.fmt.name}: {_first_line(exc)}")

    def _reject_late(self, entry: _Entry, reason: str) -> None:
        entry.status = "quarantined"
        entry.reason = reason
        log.warning("quarantined %s: %s", entry.source_file, reason)
        self.con.execute("begin")
        self._record_rejects([entry])
        self.con.execute("commit")

    # -- CSV ---------------------------------------------------------------------------------

    def _csv(self, fmt: ExportFormat, names: list[str], chunk: list[_Entry]) -> None:
        spec = fmt.csv
        assert spec is not None
        file_col = _fresh_name("_sk_file", names)
        scan_col = _fresh_name("_sk_scan_row", names)
        for table in ("_rejects", "_rejects_scan"):
            self.con.execute(f"drop table if exists {table}")
        value_keys = sorted({c.file_value for c in spec.columns if c.file_value is not None})
        self._chunk_meta(chunk, value_keys)
        self.con.execute(
            f"create or replace temp table _src as select row_number() over () as {scan_col}, * "
            f"from read_csv(?, filename = '{file_col}', skip = ?, delim = ?, {_READ_CSV_OPTIONS}, "
            "rejects_table = '_rejects', rejects_scan = '_rejects_scan')",
            [[e.path for e in chunk], spec.skip_lines, chunk[0].dialect.delimiter],
        )
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
                header = header_of(column.headers) or _at_position(column, names)
                if header is None:  # an optional column this file does not have
                    parsed_items.append(f"null::{column.sql_type} as {column.name}")
                    continue
                cell = f"s.{quote_identifier(header)}"
            args = [_localized_cell(column.parser, cell, chunk[0].dialect.name)]
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
            f"from _src s join _chunk_meta m on m.path = s.{file_col} "
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
        self.con.execute(
            "create or replace temp table _structural as "
            "select m.seq as _seq, r.line + m.line_offset as line, r.csv_line, r.error_type, "
            "r.error_message from ("
            "  select scan_id, file_id, line, any_value(csv_line) as csv_line, "
            "  arg_min(error_type, column_idx) as error_type, "
            "  arg_min(error_message, column_idx) as error_message "
            "  from _rejects group by scan_id, file_id, line) r "
            "join _rejects_scan s on s.scan_id = r.scan_id and s.file_id = r.file_id "
            "join _chunk_meta m on m.path = s.file_path"
        )
        self._store(fmt, chunk)

    # -- CustomFormat (JSON) ----------------------------------------------------------------

    def _custom(self, fmt: ExportFormat, chunk: list[_Entry]) -> None:
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

    def _chunk_meta(self, chunk: list[_Entry], value_keys: list[str]) -> None:
        columns = [("seq", "bigint"), ("path", "varchar"), ("platform", "varchar"),
                   ("account", "varchar"), ("export_date", "date"), ("source_file", "varchar"),
                   ("content_hash", "varchar"), ("line_offset", "bigint"),
                   *((f"fv_{key}", "varchar") for key in value_keys)]  # fmt: skip
        rows = [(e.seq, e.path, e.platform, e.account, e.export_date, e.source_file,
                 e.content_hash, e.line_offset, *(e.file_values.get(key) for key in value_keys))
                for e in chunk]  # fmt: skip
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

    def _store(self, fmt: ExportFormat, chunk: list[_Entry]) -> None:
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
            f"insert into {RAW_SCHEMA}.quarantine ({_QUARANTINE_COLUMNS}) "
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
            f"insert into {RAW_SCHEMA}.file_manifest ({_MANIFEST_COLUMNS}) "
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

    def _record_rejects(self, entries: list[_Entry]) -> None:
        """Quarantine row and manifest row of sources rejected whole (one statement each)."""
        if not entries:
            return
        self._insert_columns("_whole", _WHOLE_COLUMNS, [_whole_row(e) for e in entries])
        params = {"load_id": self.load_id, "loaded_at": self.loaded_at}
        self.con.execute(
            f"insert into {RAW_SCHEMA}.quarantine ({_QUARANTINE_COLUMNS}) "
            "select $load_id, platform, account, export_date, source_file, content_hash, "
            "format_name, null, null, null, reason, $loaded_at, 'file', null "
            "from _whole where status = 'quarantined' order by seq",
            params,
        )
        self.con.execute(
            f"insert into {RAW_SCHEMA}.file_manifest ({_MANIFEST_COLUMNS}) "
            "select $load_id, seq, platform, account, export_date, source_file, content_hash, "
            "format_name, status, duplicate_of, 0, 0, 0, reason, $loaded_at, 0, null, null "
            "from _whole order by seq",
            params,
        )

    def _settle_duplicates(self) -> None:
        """Record the duplicates, now that this run's originals are loaded (or not)."""
        duplicates: list[_Entry] = []
        # (content hash, section, platform) -> the copy loaded in place of a failed original.
        replacements: dict[tuple, _Entry] = {}
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


class PlatformMismatch(SourceRejected):
    """The content says another platform than the folder it was landed in."""


def _first_line(exc: BaseException) -> str:
    """An error's first line: quarantine reasons are one line (DuckDB's errors run to many)."""
    return (str(exc).strip().splitlines() or [""])[0][:300]


def failure_reason(stage: str, exc: BaseException) -> str:
    """A one-line quarantine reason for an unexpected error while a source was ``stage``."""
    return f"could not be {stage}: {type(exc).__name__}: {_first_line(exc)}".rstrip(": ")


class SourceTimeout(Exception):
    """A source took longer than ``Limits.max_seconds_per_source``."""


@contextlib.contextmanager
def source_deadline(seconds: int):
    """Interrupt the work on one source after ``seconds`` (a timer signal, in the main thread
    only; elsewhere the limit is not enforced and every step is kept linear in the size)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise SourceTimeout(f"took longer than {seconds} s (SOCIALKPI_MAX_SECONDS_PER_SOURCE)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _plain_lines(text: str) -> str:
    """The text with one kind of line end (CRLF, CR alone or mixed become LF: DuckDB's reader
    wants one per file), after checking no line passes the line limit."""
    # Only a text longer than the limit can hold such a line (split and len run in C).
    if len(text) > LIMITS.max_line_bytes and max(map(len, re.split(r"\r\n|\r|\n", text))) > (
        LIMITS.max_line_bytes
    ):
        raise SourceRejected(
            f"a line is longer than {LIMITS.max_line_bytes:,} characters "
            "(SOCIALKPI_MAX_LINE_BYTES): not an export"
        )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


# Year-less month-day dates (in 2000, a leap year) of each file, dated by walking its rows: the
# rows of a daily export follow each other, forward in time or, when the file lists the newest
# day first, backward (the direction whose steps are shorter), so each step from December to
# January (forward) or from January to December (backward) crosses a year, and the newest row
# is the latest such day on or before the export date. A window of up to 366 days is thus dated
# exactly, where mapping each day to its latest past date would put the first row of a 365-day
# export a year late.
_WALK_YEARS_SQL = """
create or replace temp table _cells as
with ordered as (
    select c.*, m.export_date as _walk_export,
        lag(c.{parsed} ignore nulls) over w as _walk_prev
    from _cells c join _chunk_meta m on m.seq = c._seq
    window w as (partition by c._seq order by c._source_row)
), stepped as (
    select *, coalesce(({parsed} < _walk_prev)::int, 0) as _walk_down,
        coalesce(({parsed} > _walk_prev)::int, 0) as _walk_up,
        -- Days from the previous row to this one, going forward and going backward in time.
        (date_diff('day', _walk_prev, {parsed}) + 366) % 366 as _walk_forward_days,
        (date_diff('day', {parsed}, _walk_prev) + 366) % 366 as _walk_backward_days
    from ordered
), counted as (
    select *,
        sum(_walk_down) over f as _walk_downs,
        sum(_walk_forward_days) over f < sum(_walk_backward_days) over f as _walk_forward,
        sum(_walk_down) over r as _walk_downs_through, sum(_walk_up) over r as _walk_ups_through,
        first_value({parsed} ignore nulls) over f as _walk_first,
        last_value({parsed} ignore nulls) over f as _walk_last
    from stepped
    window f as (partition by _seq order by _source_row
                 rows between unbounded preceding and unbounded following),
           r as (partition by _seq order by _source_row
                 rows between unbounded preceding and current row)
), anchored as (
    select *, not coalesce(_walk_forward, true) as _walk_backward,
        case when coalesce(_walk_forward, true) then _walk_last else _walk_first end
            as _walk_anchor
    from counted
), dated as (
    select *, case
        when sk_make_date(year(_walk_export), month(_walk_anchor), day(_walk_anchor))
            <= _walk_export then year(_walk_export)
        else year(_walk_export) - 1 end as _walk_anchor_year
    from anchored
)
select * exclude (_walk_export, _walk_prev, _walk_down, _walk_up, _walk_forward_days,
        _walk_backward_days, _walk_downs, _walk_forward, _walk_downs_through, _walk_ups_through,
        _walk_first, _walk_last, _walk_backward, _walk_anchor, _walk_anchor_year)
    replace (coalesce(sk_dated({cell}), sk_make_date(
        _walk_anchor_year - case when _walk_backward then _walk_ups_through
                                 else _walk_downs - _walk_downs_through end,
        month({parsed}), day({parsed}))) as {parsed})
from dated
"""

# Numeric dates re-typed by a spreadsheet, per file: a first part above 12 says day-first, a
# second part above 12 says month-first (both: the file contradicts itself); otherwise the
# reading whose consecutive rows lie closer together wins (1/2, 1/3, 1/4 are days apart read
# month-first and months apart read day-first); a tie leaves the cells unread, with the reason.
_NUMERIC_DATES_SQL = """
create or replace temp table _cells as
with parts as (
    select _seq, _source_row,
        try_cast(regexp_extract(trim({cell}), '{pattern}', 1) as integer) as _nd_a,
        try_cast(regexp_extract(trim({cell}), '{pattern}', 2) as integer) as _nd_b,
        try_cast(regexp_extract(trim({cell}), '{pattern}', 3) as integer) as _nd_y
    from _cells
    where {parsed} is null and regexp_full_match(trim({cell}), '{pattern}')
), readings as (
    select *,
        sk_make_date(case when _nd_y < 100 then 2000 + _nd_y else _nd_y end, _nd_a, _nd_b)
            as _nd_month_first,
        sk_make_date(case when _nd_y < 100 then 2000 + _nd_y else _nd_y end, _nd_b, _nd_a)
            as _nd_day_first
    from parts
), steps as (
    select *,
        abs(date_diff('day', lag(_nd_month_first) over w, _nd_month_first)) as _nd_mf_step,
        abs(date_diff('day', lag(_nd_day_first) over w, _nd_day_first)) as _nd_df_step
    from readings
    window w as (partition by _seq order by _source_row)
), orders as (
    select _seq, case
        when max(_nd_a) > 12 and max(_nd_b) > 12 then null
        when max(_nd_a) > 12 then 'day_first'
        when max(_nd_b) > 12 then 'month_first'
        when bool_and(_nd_a = _nd_b) then 'month_first'
        when sum(_nd_mf_step) < sum(_nd_df_step) then 'month_first'
        when sum(_nd_df_step) < sum(_nd_mf_step) then 'day_first'
        end as _nd_order,
        case when max(_nd_a) > 12 and max(_nd_b) > 12
            then 'its numeric dates are read day-first by some rows and month-first by others'
            else 'day/month or month/day: no other date of the file decides' end as _nd_why
    from steps group by _seq
)
select c.* replace (coalesce(c.{parsed}, case o._nd_order
        when 'month_first' then r._nd_month_first when 'day_first' then r._nd_day_first end)
        as {parsed}),
    case when r._seq is not null and o._nd_order is null then o._nd_why end as {why}
from _cells c
left join readings r on r._seq = c._seq and r._source_row = c._source_row
left join orders o on o._seq = c._seq
""".replace("{pattern}", r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[ T].*)?$")

_QUARANTINE_COLUMNS = (
    "load_id, platform, account, export_date, source_file, content_hash, format_name, "
    "line_number, record_number, raw_text, reason, quarantined_at, scope, column_name"
)
_MANIFEST_COLUMNS = (
    "load_id, load_seq, platform, account, export_date, source_file, content_hash, format_name, "
    "status, duplicate_of, rows_read, rows_loaded, rows_quarantined, reason, loaded_at, "
    "cells_nulled, first_day, last_day"
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


def _at_position(column: Column, names: list[str]) -> str | None:
    """The header at the column's ``position``, for a column named after its content."""
    if column.position is None or column.position >= len(names):
        return None
    return names[column.position]


_SECTION_SUFFIX = re.compile(r"#section-(\d+)$")


def section_source_file(source_file: str, number: int) -> str:
    """How the manifest names section ``number`` of a file that holds several tables."""
    return f"{source_file}#section-{number}"


def _dedup_key(
    content_hash: str,
    source_file: str,
    platform: str,
    fmt: ExportFormat | None,
    export_date: date | None,
) -> tuple:
    # Not the account folder: the same bytes landed under another folder ("Acme Corp
    # (redelivery)") are the same export again, not new data of another handle (a rename
    # shows in new data under the new name, never in a copy of old data). The export date
    # only for a format that dates rows by it: {"followers_count": 2027} on two days is an
    # unchanged total on each, not one snapshot delivered twice.
    section = _SECTION_SUFFIX.search(source_file)
    dated = export_date if fmt is not None and fmt.dated_by_export else None
    return (content_hash, section.group(1) if section else "", platform, dated)


def _whole_row(e: _Entry) -> tuple:
    return (e.seq, e.platform, e.account, e.export_date, e.source_file, e.content_hash,
            e.format_name, e.status, e.duplicate_of, e.reason)  # fmt: skip


def _chunks(items: list[_Entry], size: int) -> Iterator[list[_Entry]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _fresh_name(base: str, taken: Iterable[str]) -> str:
    taken = set(taken)
    name = base
    while name in taken:
        name = "_" + name
    return name
