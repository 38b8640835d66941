"""Phase 1 of the ingest, the plan (Python, no DuckDB round trip per file): every source of
the run discovered, read, hashed, decoded, sniffed, recognised, checked against the manifest
and the run's other sources (duplicates), and staged for the loader (a UTF-8 copy of a CSV
source, the text tuples of a JSON one), or rejected whole with its reason."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from pathlib import Path

import duckdb

from socialkpi.formats.base import (
    Column,
    CsvFormat,
    ExportFormat,
    Sniff,
    SourceRejected,
    SourceSkipped,
    detect_formats,
    format_named,
    header_key,
)
from socialkpi.formats.locales import (
    ENGLISH,
    Dialect,
    localized_sniff,
    localized_text,
    unwrap_single_cell_rows,
)
from socialkpi.formats.recognition import PlatformMismatch, check_platform, recognize
from socialkpi.ingest.guards import failure_reason, first_line, source_deadline
from socialkpi.ingest.manifest import RAW_SCHEMA, dedup_key, section_source_file
from socialkpi.ingest.report import SourceOutcome
from socialkpi.landing import (
    LIMITS,
    LandedFile,
    decode_text,
    is_workbook,
    open_sources,
    single_sheet_as_csv,
    sniff,
    sniff_workbook,
)

log = logging.getLogger(__name__)

# Options of every CSV scan (the skip count and the delimiter are the format's). A bundle
# (socialkpi.ingest.load) gives its columns instead of all_varchar, and its lines are longer
# by the source number before them.
_SCAN_OPTIONS = (
    "header = true, quote = '\"', escape = '\"', strict_mode = true, null_padding = false, "
    "store_rejects = true"
)
READ_CSV_OPTIONS = (
    f"{_SCAN_OPTIONS}, all_varchar = true, max_line_size = {LIMITS.max_line_bytes + 2}"
)
BUNDLE_READ_CSV_OPTIONS = f"{_SCAN_OPTIONS}, max_line_size = {LIMITS.max_line_bytes + 32}"


class Entry:
    """One source of this run (a file or a zip member), and what became of it."""

    __slots__ = (
        "seq", "platform", "account", "export_date", "source_file", "content_hash", "fmt",
        "status", "reason", "duplicate_of", "original", "path", "group", "file_values", "rows",
        "rows_read", "rows_loaded", "rows_quarantined", "cells_nulled", "dialect", "line_offset",
        "text",
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
        self.original: Entry | None = None
        self.path: str | None = None  # the decoded CSV text as a file, for read_csv
        # The decoded CSV text of a source whose records are single lines: loaded with the
        # others of its chunk from one bundle file (socialkpi.ingest.load), not from a file.
        self.text: str | None = None
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
        return dedup_key(
            self.content_hash, self.source_file, self.platform, self.fmt, self.export_date
        )

    @property
    def format_name(self) -> str | None:
        return self.fmt.name if self.fmt is not None else None

    def outcome(self) -> SourceOutcome:
        return SourceOutcome(self.source_file, self.platform, self.account, self.status,
                             self.format_name, self.rows_read, self.rows_loaded,
                             self.rows_quarantined, self.reason, self.cells_nulled)  # fmt: skip


class Planner:
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
        self.originals: dict[tuple, str | Entry] = {}
        for content_hash, platform, source_file, format_name, export_date in con.execute(
            "select content_hash, platform, source_file, format_name, export_date "
            f"from {RAW_SCHEMA}.file_manifest where status = 'loaded' order by load_seq desc"
        ).fetchall():
            key = dedup_key(
                content_hash, source_file, platform, format_named(format_name), export_date
            )
            self.originals[key] = source_file
        (self.last_seq,) = con.execute(
            f"select coalesce(max(load_seq), 0) from {RAW_SCHEMA}.file_manifest"
        ).fetchone()
        self.skipped = 0
        self.entries: list[Entry] = []
        # (format name, header key) -> the CSV sources to load together.
        self.csv_groups: dict[tuple, list[Entry]] = {}
        # format name -> the CustomFormat sources to load together.
        self.custom_groups: dict[str, list[Entry]] = {}
        # (format name, header key) -> the header as DuckDB reads it, or a whole-file error.
        self._headers: dict[tuple, tuple[list[str], None] | tuple[None, str]] = {}
        self.header_names: dict[tuple, list[str]] = {}
        self._unique_keys = 0

    def _new_entry(self, landed: LandedFile, source_file: str, content_hash: str) -> Entry:
        self.last_seq += 1
        entry = Entry(self.last_seq, landed, source_file, content_hash)
        self.entries.append(entry)
        self.seen.add((source_file, content_hash))
        return entry

    def _reject(self, entry: Entry, reason: str, status: str = "quarantined") -> None:
        entry.status = status
        entry.reason = reason
        log.warning("%s %s: %s", status, entry.source_file, reason)

    def _refuse(self, entry: Entry, exc: SourceRejected, prefix: str = "") -> None:
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

    def _plan_source(self, landed: LandedFile, entry: Entry, file_name: str, data: bytes) -> None:
        if is_workbook(data):
            sniffed = sniff_workbook(file_name, data)
            matches = detect_formats(sniffed)
            sheet_text = None if matches else single_sheet_as_csv(sniffed.sheets)
            if sheet_text is None:
                self._plan_sniffed(entry, sniffed, "", recognize(sniffed, matches))
                return
            # A CSV export saved as a workbook (or downloaded as one): read as that CSV.
            text = sheet_text
        else:
            text = decode_text(data)
        text = _plain_lines(text)
        sniffed = self._sniff_text(entry, file_name, text)
        matches = detect_formats(sniffed)
        if not matches and (unwrapped := unwrap_single_cell_rows(text)):
            text, sniffed = unwrapped, self._sniff_text(entry, file_name, unwrapped)
            matches = detect_formats(sniffed)
        fmt = recognize(sniffed, matches)
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
                    entry.fmt = recognize(sniffed)
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
    def _sniff_text(entry: Entry, file_name: str, text: str) -> Sniff:
        sniffed = sniff(file_name, text)
        if sniffed.document is None:
            entry.dialect, sniffed = localized_sniff(sniffed, entry.platform)
        return sniffed

    def _plan_sniffed(
        self, entry: Entry, sniffed: Sniff, text: str, fmt: ExportFormat | None = None
    ) -> None:
        entry.fmt = fmt = fmt or recognize(sniffed)
        check_platform(fmt, sniffed, entry.platform)
        if fmt.not_loaded is not None:
            raise SourceSkipped(f"{fmt.description}: {fmt.not_loaded}")
        key = entry.dedup_key
        original = self.originals.get(key)
        if original is not None:
            entry.status = "duplicate"
            if isinstance(original, Entry):
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
        self, entry: Entry, fmt: ExportFormat, spec: CsvFormat, sniffed: Sniff, text: str
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
        text = text.lstrip("\r\n")
        text = localized_text(text, spec.skip_lines, entry.dialect, entry.platform)
        header = header_line_key(text, spec.skip_lines)
        if header is None:  # a header DuckDB may read differently: on its own
            self._unique_keys += 1
            header = ("unique", self._unique_keys)
        if header[0] != "unique" and records_are_lines(text):
            entry.text = text  # bundled with the other sources of its header at load time
        group = (fmt.name, header, entry.dialect.delimiter, entry.dialect.name)
        if entry.text is None or group not in self._headers:
            # Its own file: a source read alone, or the first of a header (read by DuckDB
            # here, to know the header as the load will read it).
            path = self.tmp / f"{entry.seq}.csv"
            path.write_bytes(text.encode("utf-8"))
            entry.path = str(path)
        if group not in self._headers:
            self._headers[group] = self._read_header(fmt, spec, entry.path, entry.dialect.delimiter)
        names, error = self._headers[group]
        if error is not None:
            if group[1][0] == "unique" or error.startswith("could not be read"):
                del self._headers[group]  # the next file with this header reads its own
            entry.text = None
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
                f"select * from read_csv(?, skip = ?, delim = ?, {READ_CSV_OPTIONS}, "
                "rejects_table = '_header_rejects', rejects_scan = '_header_rejects_scan') "
                "limit 0",
                [path, spec.skip_lines, delimiter],
            )
        except duckdb.Error as exc:
            return None, f"could not be read as {fmt.name}: {first_line(exc)}"
        names = [column[0] for column in relation.description]
        present = {header_key(name) for name in names}
        missing: list[str] = []
        for column in spec.columns:
            if column.file_value is not None or not column.is_core:
                continue
            spellings = column.headers
            found = any(header_key(h) in present for h in spellings)
            if not found and not at_position(column, names) and spellings[0] not in missing:
                missing.append(spellings[0])
        if missing:
            return None, f"missing column(s) {missing} in header {[h.strip() for h in names]}"
        return names, None


_NEWLINE = re.compile(r"\r\n|\r|\n")


def records_are_lines(text: str) -> bool:
    """Whether every record of this (LF-only) CSV text is one physical line: no quoted field
    spans lines. A line that starts outside quotes and holds an even number of quote
    characters ends outside them, so this holds when every line does."""
    return '"' not in text or not any(line.count('"') % 2 for line in text.split("\n"))


def header_line_key(text: str, skip_lines: int) -> tuple[str, str] | None:
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


def at_position(column: Column, names: list[str]) -> str | None:
    """The header at the column's ``position``, for a column named after its content."""
    if column.position is None or column.position >= len(names):
        return None
    return names[column.position]
