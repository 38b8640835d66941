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
   number the sources (``load_seq``) in discovery order. An accepted CSV source
   whose records are single lines (no quoted field spans lines: nearly all) is
   kept as its decoded text; any other is written as UTF-8 to a temporary file;
   a JSON source becomes text tuples (``CustomFormat.rows``).
2. **Load** (DuckDB, per format and exact header, thousands of sources at a
   time): one ``read_csv`` over the chunk, every cell parsed once, the errors
   computed from the parsed values, then raw rows, quarantined rows and
   manifest rows (counts by ``GROUP BY``) in one transaction per chunk. The
   single-line sources of a chunk are read from one *bundle* file (their data
   lines, each led by its source's number; DuckDB's cost is per file far more
   than per row: 4,000 small files 1.5 s, the same rows in one bundle 0.03 s),
   the others from their own files. A chunk that DuckDB cannot read as a whole is
   loaded again in halves, down to single sources; a source that still fails
   alone is quarantined whole with the error as reason. JSON sources are staged
   and typed the same way, many per statement.

The package, in the order a source goes through it:

==================  ==========================================================================
``plan.py``         phase 1 (``Planner``): read, hash, decode, sniff, recognise, stage
``load.py``         phase 2 (``Loader``): ``read_csv`` per chunk, typed rows, quarantine, manifest
``sql/``            the loader's longer statements (date repairs), as SQL files
``manifest.py``     ``raw.file_manifest`` and ``raw.quarantine``: DDL and the duplicate key
``guards.py``       a deadline per source, one-line failure reasons
``report.py``       what a run did (``IngestReport``)
==================  ==========================================================================

Recognising a format (``socialkpi.formats.recognition``) and reading a file in its
language (``socialkpi.formats.locales``) belong to the formats, beside their definitions.

Phase 1 writes a temporary file per CSV source that cannot be bundled (and per new
header), phase 2 one bundle per chunk, beside the warehouse (removed once loaded).
"""

from __future__ import annotations

import contextlib
import csv
import glob
import logging
import os
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
from tqdm import tqdm

from socialkpi.config import duckdb_config
from socialkpi.faults import pause_point
from socialkpi.ingest.guards import SourceTimeout, failure_reason, source_deadline
from socialkpi.ingest.load import CSV_CHUNK_FILES, CUSTOM_CHUNK_SOURCES, Loader
from socialkpi.ingest.manifest import RAW_SCHEMA, ensure_raw_schema, section_source_file
from socialkpi.ingest.plan import Planner
from socialkpi.ingest.report import IngestReport, SourceOutcome
from socialkpi.landing import LIMITS, discover
from socialkpi.sql_macros import install_macros

__all__ = [
    "CSV_CHUNK_FILES",
    "CUSTOM_CHUNK_SOURCES",
    "RAW_SCHEMA",
    "IngestReport",
    "SourceOutcome",
    "SourceTimeout",
    "ensure_raw_schema",
    "failure_reason",
    "ingest",
    "section_source_file",
    "source_deadline",
]

log = logging.getLogger(__name__)


def ingest(
    warehouse_path: Path,
    landing_root: Path | str,
    up_to: date | None = None,
    load_id: str | None = None,
    loaded_at: datetime | None = None,
    progress: bool = True,
    full_scan: bool | None = None,
) -> IngestReport:
    """Load every landed file not yet in the manifest (export dates up to ``up_to``).

    ``progress`` shows progress bars on stderr (only when it is a terminal).

    A local file whose path, size and modification time are those an earlier ingest read
    (``raw.landing_index``) is not opened again: its sources are in the manifest. A file
    rewritten in place gets a new mtime and is read again (a new content hash loads as a new
    source). ``full_scan`` (or ``SOCIALKPI_INGEST_FULL_SCAN=1``) opens and hashes every file
    anyway, for a landing zone whose tools restore modification times.
    """
    if full_scan is None:
        full_scan = os.environ.get("SOCIALKPI_INGEST_FULL_SCAN", "").strip() in ("1", "true")
    warehouse_path = Path(warehouse_path)
    warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    report = IngestReport(load_id=load_id or uuid.uuid4().hex)
    loaded_at = (loaded_at or datetime.now(UTC)).replace(tzinfo=None)
    show_progress = progress and sys.stderr.isatty()
    # The csv module refuses fields over 128 KiB by default; exports are allowed the line limit.
    csv.field_size_limit(max(csv.field_size_limit(), LIMITS.max_line_bytes + 2))
    with (
        duckdb.connect(str(warehouse_path), config=duckdb_config()) as con,
        _decoded_sources_folder(warehouse_path) as tmp,
    ):
        con.execute("set enable_progress_bar = false")  # ours is on stderr, theirs on stdout
        install_macros(con)
        ensure_raw_schema(con)
        started = time.perf_counter()
        landed_files = list(discover(landing_root, up_to=up_to))
        if not full_scan:
            indexed = _landing_index(con)
            changed = [f for f in landed_files if f.stat_key is None or
                       indexed.get(f.relative_path) != f.stat_key]  # fmt: skip
            report.skipped_unchanged_files = len(landed_files) - len(changed)
            landed_files = changed
        bar = tqdm(total=len(landed_files), desc="ingest: reading files", unit="file",
                   disable=not show_progress, file=sys.stderr)  # fmt: skip
        for batch in export_date_batches(landed_files, batch_files()):
            planner = Planner(con, Path(tmp))
            for landed in batch:
                planner.plan_landed(landed)
                bar.update()
            report.skipped_already_seen += planner.skipped
            pause_point("ingest.planned")
            planned = time.perf_counter()
            log.info("planned %d landed files (%d new sources) in %.1f s",
                     len(batch), len(planner.entries), planned - started)  # fmt: skip
            Loader(planner, report.load_id, loaded_at, show_progress).load()
            # Only now, with every source of these files in the manifest: a run killed before
            # reads them again (and finds them seen).
            _record_landing_index(con, batch, report.load_id, loaded_at)
            log.info("loaded in %.1f s", time.perf_counter() - planned)
            report.outcomes += [entry.outcome() for entry in planner.entries]
            started = time.perf_counter()
        bar.close()
    log.info("ingest summary: %s", report.summary())
    return report


DEFAULT_BATCH_FILES = 50_000


def batch_files() -> int:
    """Landed files planned and loaded together (``SOCIALKPI_INGEST_BATCH_FILES``, default
    50,000): a backfill holds one batch's planned sources in memory at a time, not the whole
    history's. 159k files of a 100-account year: one batch 157 s and 2.77 GB peak RSS, 50,000
    176 s and 1.39 GB, 20,000 207 s and 1.13 GB (smaller read_csv chunks)."""
    value = os.environ.get("SOCIALKPI_INGEST_BATCH_FILES", "").strip()
    return max(int(value), 1) if value else DEFAULT_BATCH_FILES


def export_date_batches(landed_files: list, size: int) -> Iterator[list]:
    """Consecutive batches of at least ``size`` files (the last may be smaller), cut only where
    the export date changes: each batch is what successive daily runs would load, which the
    pipeline already guarantees equals one clean run (duplicates of an earlier batch are
    recognised from the manifest as duplicates of an earlier run)."""
    batch: list = []
    for landed in landed_files:
        if len(batch) >= size and landed.export_date != batch[-1].export_date:
            yield batch
            batch = []
        batch.append(landed)
    if batch:
        yield batch


def _landing_index(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int]]:
    rows = con.execute(
        f"select relative_path, size_bytes, mtime_ns from {RAW_SCHEMA}.landing_index"
    ).fetchall()
    return {path: (size, mtime) for path, size, mtime in rows}


def _record_landing_index(con, landed_files: list, load_id: str, indexed_at: datetime) -> None:
    """Upsert the files this run read to the end (regular local files: those with a stat)."""
    rows = [f for f in landed_files if f.stat_key is not None and f.skip_reason is None]
    if not rows:
        return
    # One statement over three lists (executemany would be row by row).
    columns = (
        [f.relative_path for f in rows], [f.size for f in rows], [f.mtime_ns for f in rows]
    )  # fmt: skip
    # A cursor of its own: the loader may leave a finished statement's result open on ``con``.
    with con.cursor() as cursor:
        cursor.execute(
            f"insert or replace into {RAW_SCHEMA}.landing_index "
            "select relative_path, size_bytes, mtime_ns, ?, ? from (select "
            "unnest(?::varchar[]) as relative_path, unnest(?::bigint[]) as size_bytes, "
            "unnest(?::bigint[]) as mtime_ns) as l "
            # An entry already right stays as it is: a full scan of a quiet zone changes nothing.
            f"where not exists (select 1 from {RAW_SCHEMA}.landing_index as i "
            "where i.relative_path = l.relative_path and i.size_bytes = l.size_bytes "
            "and i.mtime_ns = l.mtime_ns)",
            [load_id, indexed_at, *columns],
        )


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
