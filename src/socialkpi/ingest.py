"""Load landed exports into raw DuckDB tables, idempotently, losing nothing.

For every landed file that the manifest has not seen (same path and same
content hash), the engine opens it (zip members one by one), decodes it,
recognises its format from content, and loads its rows with lineage into the
format's raw table. Rows it cannot parse go to ``raw.quarantine`` with the file,
line and reason; files it cannot read at all go there whole. Every source gets
one ``raw.file_manifest`` row whose counts reconcile:
``rows_read = rows_loaded + rows_quarantined``.

Re-delivery is harmless: a source whose (content hash, platform, account) was
already loaded is recorded as a ``duplicate`` and loads nothing, and a source
already in the manifest under the same path and hash is skipped outright, so
re-running a day changes nothing.
"""

from __future__ import annotations

import logging
import re
import tempfile
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from socialkpi.formats.base import (
    LINEAGE_COLUMNS_DDL,
    ExportFormat,
    Sniff,
    SourceRejected,
    detect_formats,
    registered_formats,
)
from socialkpi.landing import LandedFile, Source, decode_text, discover, open_sources, sniff
from socialkpi.sql_macros import install_macros

log = logging.getLogger(__name__)

RAW_SCHEMA = "raw"

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
    quarantined_at timestamp not null
)
"""


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

    def summary(self) -> dict:
        return {
            "load_id": self.load_id,
            "sources": len(self.outcomes),
            "skipped_already_seen": self.skipped_already_seen,
            **{f"sources_{k}": v for k, v in sorted(self.status_counts.items())},
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "rows_quarantined": self.rows_quarantined,
        }


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw schema, manifest, quarantine and one raw table per format."""
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    con.execute(MANIFEST_DDL)
    con.execute(QUARANTINE_DDL)
    for fmt in registered_formats():
        con.execute(
            f"create table if not exists {RAW_SCHEMA}.{fmt.raw_table} "
            f"({LINEAGE_COLUMNS_DDL},\n{fmt.raw_columns_ddl()})"
        )


def ingest(
    warehouse_path: Path,
    landing_root: Path,
    up_to: date | None = None,
    load_id: str | None = None,
    loaded_at: datetime | None = None,
) -> IngestReport:
    """Load every landed file not yet in the manifest (export dates up to ``up_to``)."""
    warehouse_path = Path(warehouse_path)
    warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    report = IngestReport(load_id=load_id or uuid.uuid4().hex)
    loaded_at = (loaded_at or datetime.now(UTC)).replace(tzinfo=None)
    with duckdb.connect(str(warehouse_path)) as con, tempfile.TemporaryDirectory() as tmp:
        install_macros(con)
        ensure_raw_schema(con)
        seen = set(
            con.execute(
                f"select source_file, content_hash from {RAW_SCHEMA}.file_manifest"
            ).fetchall()
        )
        seen_paths = {path for path, _ in seen}
        loader = _Loader(con, Path(tmp), report.load_id, loaded_at)
        for landed in discover(landing_root, up_to=up_to):
            for outcome in loader.load_landed(landed, seen, seen_paths):
                if outcome is None:
                    report.skipped_already_seen += 1
                else:
                    report.outcomes.append(outcome)
    log.info("ingest summary: %s", report.summary())
    return report


class _Loader:
    def __init__(
        self, con: duckdb.DuckDBPyConnection, tmp: Path, load_id: str, loaded_at: datetime
    ):
        self.con = con
        self.tmp = tmp
        self.load_id = load_id
        self.loaded_at = loaded_at

    # -- one landed file ---------------------------------------------------------------------------

    def load_landed(self, landed: LandedFile, seen: set, seen_paths: set):
        if landed.layout_error:
            yield self._reject_whole(landed, landed.relative_path, _hash_file(landed.path), None,
                                     landed.layout_error, seen)  # fmt: skip
            return
        try:
            sources = list(open_sources(landed))
        except SourceRejected as exc:
            yield self._reject_whole(
                landed, landed.relative_path, _hash_file(landed.path), None, str(exc), seen
            )
            return
        for source in sources:
            if (source.source_file, source.content_hash) in seen:
                yield None
                continue
            yield self._load_source(source, seen)

    def _reject_whole(
        self, landed, source_file, content_hash, fmt_name, reason, seen
    ) -> SourceOutcome | None:
        if (source_file, content_hash) in seen:
            return None
        self.con.execute("begin")
        self._record_quarantine_file(landed, source_file, content_hash, fmt_name, reason)
        self._record_manifest(
            landed, source_file, content_hash, fmt_name, "quarantined", None, 0, 0, 0, reason
        )
        self.con.execute("commit")
        seen.add((source_file, content_hash))
        log.warning("quarantined %s: %s", source_file, reason)
        return SourceOutcome(
            source_file, landed.platform, landed.account, "quarantined", fmt_name, reason=reason
        )

    # -- one source (file or zip member) -----------------------------------------------------------

    def _load_source(self, source: Source, seen: set) -> SourceOutcome | None:
        landed = source.landed
        content_hash = source.content_hash
        try:
            text = decode_text(source.data)
            sniffed = sniff(source.file_name, text)
            fmt = self._recognise(sniffed, landed.platform)
        except SourceRejected as exc:
            return self._reject_whole(
                landed, source.source_file, content_hash, None, str(exc), seen
            )

        original = self.con.execute(
            f"select source_file from {RAW_SCHEMA}.file_manifest "
            "where content_hash = ? and platform = ? and account = ? and status = 'loaded' limit 1",
            [content_hash, landed.platform, landed.account],
        ).fetchone()
        if original is not None:
            self.con.execute("begin")
            reason = f"same content as {original[0]}"
            self._record_manifest(landed, source.source_file, content_hash, fmt.name, "duplicate",
                                  original[0], 0, 0, 0, reason)  # fmt: skip
            self.con.execute("commit")
            seen.add((source.source_file, content_hash))
            return SourceOutcome(source.source_file, landed.platform, landed.account, "duplicate",
                                 fmt.name, reason=reason)  # fmt: skip

        try:
            self.con.execute("begin")
            load_seq = self._next_load_seq()
            self._export_date = landed.export_date
            for table in ("_parsed", "_structural_rejects"):
                self.con.execute(f"drop table if exists {table}")
            try:
                if fmt.csv is not None:
                    header_error = self._prepare_csv(fmt, text, sniffed)
                else:
                    header_error = None
                    assert fmt.load_custom is not None, (
                        f"format {fmt.name} has neither csv nor load_custom"
                    )
                    fmt.load_custom(self.con, sniffed, text, landed.export_date)
            except SourceRejected as exc:
                header_error = str(exc)
            if header_error:
                self.con.execute("rollback")
                return self._reject_whole(
                    landed, source.source_file, content_hash, fmt.name, header_error, seen
                )
            read, loaded, quarantined = self._store_parsed(fmt, source, content_hash, load_seq)
            status = "loaded"
            reason = f"{quarantined} row(s) quarantined" if quarantined else None
            self._record_manifest(landed, source.source_file, content_hash, fmt.name, status, None,
                                  read, loaded, quarantined, reason, load_seq)  # fmt: skip
            self.con.execute("commit")
        except duckdb.Error as exc:
            self.con.execute("rollback")
            return self._reject_whole(landed, source.source_file, content_hash, fmt.name,
                                      f"could not be read as {fmt.name}: {exc}", seen)  # fmt: skip
        seen.add((source.source_file, content_hash))
        return SourceOutcome(source.source_file, landed.platform, landed.account, status, fmt.name,
                             read, loaded, quarantined, reason)  # fmt: skip

    def _recognise(self, sniffed, folder_platform: str) -> ExportFormat:
        matches = detect_formats(sniffed)
        if not matches:
            first = sniffed.first_line[:120]
            raise SourceRejected(f"unrecognised format (first line: {first!r})")
        if len(matches) > 1:
            raise SourceRejected("ambiguous format: matches " + ", ".join(m.name for m in matches))
        fmt = matches[0]
        declared = fmt.platform_of_content(sniffed)
        if declared is not None and declared != folder_platform:
            raise SourceRejected(
                f"platform mismatch: folder says {folder_platform!r}, "
                f"content says {declared!r} ({fmt.name})"
            )
        if folder_platform not in fmt.platforms:
            raise SourceRejected(
                f"platform mismatch: {fmt.name} is a {'/'.join(sorted(fmt.platforms))} export, "
                f"found under {folder_platform!r}"
            )
        return fmt

    def _next_load_seq(self) -> int:
        (current,) = self.con.execute(
            f"select coalesce(max(load_seq), 0) from {RAW_SCHEMA}.file_manifest"
        ).fetchone()
        return current + 1

    # -- CSV -------------------------------------------------------------------------------------

    def _prepare_csv(
        self, fmt: ExportFormat, text: str, sniffed: Sniff | None = None
    ) -> str | None:
        """Fill temp table ``_parsed`` from a CSV text; return a whole-file error, if any."""
        spec = fmt.csv
        file_values = dict(spec.file_values(sniffed)) if spec.file_values is not None else {}
        csv_path = self.tmp / "source.csv"
        # Strip the leading blank lines so that skip_lines counts only real lines.
        csv_path.write_text(text.lstrip("\r\n"), encoding="utf-8")
        for table in ("_rejects", "_rejects_scan"):
            self.con.execute(f"drop table if exists {table}")
        self.con.execute(
            "create or replace temp table _src as "
            "select row_number() over () as _source_row, * from read_csv(?, skip = ?, "
            "header = true, all_varchar = true, delim = ?, quote = '\"', escape = '\"', "
            "strict_mode = true, "
            "null_padding = false, store_rejects = true, rejects_table = '_rejects', "
            "rejects_scan = '_rejects_scan', max_line_size = 10000000)",
            [str(csv_path), spec.skip_lines, spec.delimiter],
        )
        # Map the header as DuckDB read it (trimmed) to the columns the format needs.
        header = [name for (name,) in self.con.execute(
            "select column_name from (describe _src) where column_name <> '_source_row'"
        ).fetchall()]  # fmt: skip
        by_trimmed = {name.strip(): name for name in header}
        missing: list[str] = []

        def cell_of(spellings: tuple[str, ...]) -> str:
            present = next((by_trimmed[h] for h in spellings if h in by_trimmed), None)
            if present is None:
                if spellings[0] not in missing:
                    missing.append(spellings[0])
                return "null"
            return _quote_ident(present)

        params: dict[str, object] = {}
        select_items = []
        error_items = []
        for column in spec.columns:
            if column.file_value is not None:
                key = f"file_{column.file_value}"
                if not _PARAM_NAME.fullmatch(key):
                    raise ValueError(
                        f"file value name {column.file_value!r} is not a lower-case identifier"
                    )
                params[key] = file_values.get(column.file_value)
                cell = f"${key}"
            else:
                cell = cell_of(column.headers)
            args = [cell, *(cell_of(group) for group in column.extra_headers)]
            if column.needs_export_date:
                params["export_date"] = self._export_date
                args.append("$export_date")
            parsed = f"{column.parser}({', '.join(args)})"
            label = _sql_literal(column.label)
            select_items.append(f"{parsed}::{column.sql_type} as {column.name}")
            error_items.append(
                f"case when not sk_is_blank({cell}) and {parsed} is null "
                f"then {label} || ': cannot parse ' || {cell} end"
            )
            if column.required:
                error_items.append(
                    f"case when sk_is_blank({cell}) and {parsed} is null "
                    f"then {label} || ': missing' end"
                )
        if missing:
            return f"missing column(s) {missing} in header {[h.strip() for h in header]}"
        raw_text = " || ',' || ".join(f"coalesce({_quote_ident(h)}, '')" for h in header)
        self.con.execute(
            "create or replace temp table _parsed as select _source_row, "
            + ", ".join(select_items)
            + ", nullif(concat_ws('; ', "
            + ", ".join(error_items)
            + "), '') as _error, "
            + f"{raw_text} as _raw_text from _src",
            params,
        )
        self.con.execute(
            # DuckDB can report one error per column for one broken line; the line is one
            # quarantined record, described by its first error.
            "create or replace temp table _structural_rejects as "
            "select line, any_value(csv_line) as csv_line, "
            "arg_min(error_type, column_idx) as error_type, "
            "arg_min(error_message, column_idx) as error_message from _rejects group by line"
        )
        return None

    _export_date: date | None = None

    def _store_parsed(self, fmt: ExportFormat, source: Source, content_hash: str, load_seq: int):
        landed = source.landed
        lineage = [self.load_id, load_seq, landed.platform, landed.account, landed.export_date,
                   source.source_file, content_hash, self.loaded_at]  # fmt: skip
        columns = ", ".join(fmt.column_names)
        self.con.execute(
            f"insert into {RAW_SCHEMA}.{fmt.raw_table} "
            f"select ?, ?, ?, ?, ?, ?, ?, _source_row, ?, {columns} from _parsed "
            "where _error is null "
            "order by _source_row",
            lineage,
        )
        quarantine_common = [self.load_id, landed.platform, landed.account, landed.export_date,
                             source.source_file, content_hash, fmt.name]  # fmt: skip
        self.con.execute(
            f"insert into {RAW_SCHEMA}.quarantine "
            "select ?, ?, ?, ?, ?, ?, ?, null, _source_row, _raw_text, _error, ? from _parsed "
            "where _error is not null order by _source_row",
            [*quarantine_common, self.loaded_at],
        )
        has_structural = self._temp_table_exists("_structural_rejects")
        if has_structural:
            self.con.execute(
                f"insert into {RAW_SCHEMA}.quarantine "
                "select ?, ?, ?, ?, ?, ?, ?, line, null, csv_line, "
                "'malformed CSV row (' || error_type || '): ' || error_message, ? "
                "from _structural_rejects order by line",
                [*quarantine_common, self.loaded_at],
            )
        (parsed_rows, bad_rows) = self.con.execute(
            "select count(*), count(*) filter (where _error is not null) from _parsed"
        ).fetchone()
        structural = 0
        if has_structural:
            (structural,) = self.con.execute(
                "select count(distinct line) from _structural_rejects"
            ).fetchone()
        read = parsed_rows + structural
        loaded = parsed_rows - bad_rows
        quarantined = bad_rows + structural
        return read, loaded, quarantined

    def _temp_table_exists(self, name: str) -> bool:
        return bool(
            self.con.execute(
                "select count(*) from duckdb_tables() where table_name = ? and temporary", [name]
            ).fetchone()[0]
        )

    # -- bookkeeping -----------------------------------------------------------------------------

    def _record_manifest(self, landed, source_file, content_hash, fmt_name, status, duplicate_of,
                         read, loaded, quarantined, reason, load_seq=None) -> None:  # fmt: skip
        if load_seq is None:
            load_seq = self._next_load_seq()
        self.con.execute(
            f"insert into {RAW_SCHEMA}.file_manifest "
            "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [self.load_id, load_seq, landed.platform, landed.account, landed.export_date,
             source_file,
             content_hash, fmt_name, status, duplicate_of, read, loaded, quarantined, reason,
             self.loaded_at],
        )  # fmt: skip

    def _record_quarantine_file(self, landed, source_file, content_hash, fmt_name, reason) -> None:
        self.con.execute(
            f"insert into {RAW_SCHEMA}.quarantine "
            "values (?, ?, ?, ?, ?, ?, ?, null, null, null, ?, ?)",
            [self.load_id, landed.platform, landed.account, landed.export_date, source_file,
             content_hash, fmt_name, reason, self.loaded_at],
        )  # fmt: skip


_PARAM_NAME = re.compile(r"[a-z_][a-z0-9_]*")


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _hash_file(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()
