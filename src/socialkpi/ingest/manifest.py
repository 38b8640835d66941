"""The ledger of the raw layer: ``raw.file_manifest`` (one row per source, counts that
reconcile) and ``raw.quarantine`` (every row, cell or file not loaded, with file, line and
reason), their DDL, and what makes two sources the same content (the duplicate key)."""

from __future__ import annotations

import re
from datetime import date

import duckdb

from socialkpi.formats.base import LINEAGE_COLUMNS_DDL, ExportFormat, loaded_formats
from socialkpi.sql_text import quote_identifier

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

# Every landed file an ingest read to the end, with its size and modification time then: a
# later ingest does not open a file whose path, size and mtime are unchanged (its sources are
# in the manifest already), so a daily run reads the new files, not the whole history.
LANDING_INDEX_DDL = f"""
create table if not exists {RAW_SCHEMA}.landing_index (
    relative_path varchar primary key,
    size_bytes bigint not null,
    mtime_ns bigint not null,
    load_id varchar not null,
    indexed_at timestamp not null
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


QUARANTINE_COLUMNS = (
    "load_id, platform, account, export_date, source_file, content_hash, format_name, "
    "line_number, record_number, raw_text, reason, quarantined_at, scope, column_name"
)
MANIFEST_COLUMNS = (
    "load_id, load_seq, platform, account, export_date, source_file, content_hash, format_name, "
    "status, duplicate_of, rows_read, rows_loaded, rows_quarantined, reason, loaded_at, "
    "cells_nulled, first_day, last_day"
)


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw schema, manifest, quarantine and one raw table per format."""
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    con.execute(MANIFEST_DDL)
    con.execute(QUARANTINE_DDL)
    con.execute(LANDING_INDEX_DDL)
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


_SECTION_SUFFIX = re.compile(r"#section-(\d+)$")


def section_source_file(source_file: str, number: int) -> str:
    """How the manifest names section ``number`` of a file that holds several tables."""
    return f"{source_file}#section-{number}"


def dedup_key(
    content_hash: str,
    source_file: str,
    platform: str,
    fmt: ExportFormat | None,
    export_date: date | None,
) -> tuple:
    """What makes two sources the same content for one platform (a section of a file is the
    same as the same section of an identical file)."""
    # Not the account folder: the same bytes landed under another folder ("Acme Corp
    # (redelivery)") are the same export again, not new data of another handle (a rename
    # shows in new data under the new name, never in a copy of old data). The export date
    # only for a format that dates rows by it: {"followers_count": 2027} on two days is an
    # unchanged total on each, not one snapshot delivered twice.
    section = _SECTION_SUFFIX.search(source_file)
    dated = export_date if fmt is not None and fmt.dated_by_export else None
    return (content_hash, section.group(1) if section else "", platform, dated)
