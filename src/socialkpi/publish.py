"""Publish the warehouse to BI readers atomically, without ever blocking them.

DuckDB lets one process write a database file, and a reader of that same file blocks the
writer (and the other way round). So BI tools never open the pipeline's warehouse: they open
the **serving copy**, laid out as::

    serving/
      socialkpi.duckdb          catalog: VIEWs only, DuckDB storage version v1.1.0
      current -> publications/<id>        symbolic link, swapped atomically
      publications/<id>/marts/<table>.parquet
      publications/<id>/quality/<table>.parquet
      publications/<id>/_publication.parquet

A publication writes every table of the published schemas as Parquet into a new folder
(built under a temporary name, renamed when complete), points ``current`` at it (a new
symbolic link renamed over the old one with ``os.replace``: atomic on POSIX), then rewrites
the catalog (a temporary file, ``os.replace``-d over ``socialkpi.duckdb``). Every view reads
``<serving>/current/<schema>/<table>.parquet``, so:

- DuckDB 1.1+ clients open the catalog (DuckDB 2.0 writes storage v2 by default, which 1.x
  refuses; :data:`CATALOG_STORAGE_VERSION` is the oldest format the catalog is written in).
- A process that keeps a connection open sees the new publication on its next query, on
  that connection and on new ones. (With a whole DuckDB file swapped in, DuckDB's instance
  cache hands every new connection of such a process the old file until all its
  connections close: Superset's pool or a notebook kernel never saw a new run.)
- Nobody sees a half-written table: a Parquet file is visible only once its folder is
  complete. Each view is one publication; a single query over several views that runs at
  the instant of a swap can read them from two adjacent publications (README, "BI clients").

Old publications are removed once they have been out of ``current`` for the grace period
(readers' queries in flight keep their open files in any case). A publish first removes the
temporaries a killed or failed earlier attempt left behind (publishing is single-writer: the
DAG's ``duckdb_writer`` pool and ``max_active_runs=1``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from socialkpi.faults import pause_point
from socialkpi.sql_text import quote_identifier

# Schemas published: what BI users and operators query.
PUBLISHED_SCHEMAS = ("marts", "quality")
# The catalog's on-disk format: DuckDB 1.1.0 and every later release read it.
CATALOG_STORAGE_VERSION = "v1.1.0"
CURRENT_LINK = "current"
PUBLICATIONS_DIR = "publications"
DEFAULT_GRACE = timedelta(minutes=60)
_ID_TIME_FORMAT = "%Y%m%dT%H%M%S%fZ"
_PUBLICATION_ID = re.compile(r"^\d{8}T\d{12}Z-[0-9a-f]{8}$")


@dataclass(frozen=True)
class Publication:
    serving_path: Path
    run_id: str
    row_counts: dict[str, int]
    publication_id: str = ""


def publish(
    warehouse_path: Path,
    serving_path: Path,
    run_id: str,
    *,
    read_dir: Path | None = None,
    grace: timedelta = DEFAULT_GRACE,
    now: datetime | None = None,
) -> Publication:
    """Write a new publication, switch ``current`` and the catalog to it, collect old ones.

    ``read_dir``: the serving folder as BI clients see it, when that differs from where it is
    written (a container writing ``/opt/socialkpi/warehouse/serving`` for clients on the host).
    The views name absolute Parquet paths under it.
    """
    serving_path = Path(serving_path)
    serving_dir = serving_path.parent
    publications = serving_dir / PUBLICATIONS_DIR
    publications.mkdir(parents=True, exist_ok=True)
    now = now or datetime.now(UTC)
    remove_stale_temporaries(serving_dir)
    collect_old_publications(serving_dir, grace=grace, now=now)  # attempts never switched to
    publication_id = f"{now.strftime(_ID_TIME_FORMAT)}-{uuid.uuid4().hex[:8]}"

    # 1. Every published table as Parquet, in a folder that gets its final name once complete.
    staging = publications / f".{publication_id}.tmp"
    staging.mkdir()
    row_counts, columns, comments = _write_parquet(warehouse_path, staging)
    with duckdb.connect() as con:
        con.execute(
            f"copy (select ?::varchar as run_id, ?::timestamp as published_at, "
            f"?::json as row_counts) to {_literal(str(staging / '_publication.parquet'))} "
            "(format parquet)",
            [run_id, now.replace(tzinfo=None), json.dumps(row_counts)],
        )
    pause_point("publish.parquet_written")
    _fsync_tree(staging)  # on disk before it gets the name that makes it complete
    final = publications / publication_id
    os.replace(staging, final)
    _fsync(publications)
    pause_point("publish.publication_complete")

    # 2. Point `current` at it: a new link renamed over the old one.
    link_tmp = serving_dir / f".{CURRENT_LINK}.{uuid.uuid4().hex}.tmp"
    os.symlink(Path(PUBLICATIONS_DIR) / publication_id, link_tmp)
    os.replace(link_tmp, serving_dir / CURRENT_LINK)
    _fsync(serving_dir)
    pause_point("publish.current_switched")

    # 3. The catalog of views, bound against the new files, swapped in the same way.
    _write_catalog(serving_path, Path(read_dir or serving_dir), columns, comments)
    pause_point("publish.catalog_switched")

    collect_old_publications(serving_dir, grace=grace, now=now)
    return Publication(serving_path, run_id, row_counts, publication_id)


def _write_parquet(warehouse_path: Path, folder: Path):
    """Copy each published table to ``folder/<schema>/<table>.parquet``; count what was written."""
    row_counts: dict[str, int] = {}
    columns: dict[tuple[str, str], list[tuple[str, str]]] = {}
    comments: dict[tuple[str, str | None], str] = {}
    with duckdb.connect() as con:
        con.execute("attach ? as warehouse (read_only)", [str(warehouse_path)])
        tables = con.execute(
            "select schema_name, table_name, comment from duckdb_tables() "
            "where database_name = 'warehouse' and schema_name in (select unnest(?)) "
            "order by schema_name, table_name",
            [list(PUBLISHED_SCHEMAS)],
        ).fetchall()
        for index, (schema, table, comment) in enumerate(tables):
            (folder / schema).mkdir(exist_ok=True)
            target = folder / schema / f"{table}.parquet"
            # COPY takes no bound parameter for its target: a quoted literal.
            con.execute(
                f"copy {quote_identifier('warehouse', schema, table)} to {_literal(str(target))} "
                "(format parquet, compression zstd)"
            )
            (count,) = con.execute("select count(*) from read_parquet(?)", [str(target)]).fetchone()
            row_counts[f"{schema}.{table}"] = count
            column_rows = con.execute(
                "select column_name, data_type, comment from duckdb_columns() "
                "where database_name = 'warehouse' and schema_name = ? and table_name = ? "
                "order by column_index",
                [schema, table],
            ).fetchall()
            columns[(schema, table)] = [(name, data_type) for name, data_type, _ in column_rows]
            if comment:
                comments[(schema, table, None)] = comment
            for name, _, column_comment in column_rows:
                if column_comment:
                    comments[(schema, table, name)] = column_comment
            if index == 0:
                pause_point("publish.first_table_written")
    return row_counts, columns, comments


def _write_catalog(serving_path: Path, read_dir: Path, columns, comments) -> None:
    """Views over ``<read_dir>/current/...`` in a v1.1.0 file, swapped in over ``serving_path``.

    A view lists its columns and casts one only where Parquet gives back another type than
    the warehouse's (dates stay DATE, BIGINT stays BIGINT, JSON stays JSON).
    """
    staging = serving_path.with_name(f".{serving_path.name}.{uuid.uuid4().hex}.tmp")
    current = read_dir / CURRENT_LINK
    try:
        with duckdb.connect() as con:
            con.execute(
                f"attach {_literal(str(staging))} as catalog "
                f"(storage_version {_literal(CATALOG_STORAGE_VERSION)})"
            )
            for schema in sorted({schema for schema, _ in columns}):
                con.execute(f"create schema catalog.{quote_identifier(schema)}")
            publication_columns = [("run_id", "VARCHAR"), ("published_at", "TIMESTAMP"),
                                   ("row_counts", "JSON")]  # fmt: skip
            views = {
                ("main", "_publication"): (current / "_publication.parquet", publication_columns),
                **{
                    key: (current / key[0] / f"{key[1]}.parquet", cols)
                    for key, cols in columns.items()
                },
            }
            for (schema, table), (path, cols) in views.items():
                source = f"read_parquet({_literal(str(path))})"
                described = (
                    f"select column_name, column_type from (describe select * from {source})"
                )
                read_types = dict(con.execute(described).fetchall())
                # Columns listed by name: a column a later run adds does not alter the view's
                # type for a process that still has this catalog open (DuckDB 1.x refuses a
                # view whose columns changed under it: "Contents of view were altered").
                select = ", ".join(
                    quote_identifier(name)
                    if read_types.get(name) == data_type
                    else f"cast({quote_identifier(name)} as {data_type}) as {quote_identifier(name)}"  # noqa: E501
                    for name, data_type in cols
                )
                con.execute(
                    f"create view {quote_identifier('catalog', schema, table)} as "
                    f"select {select} from {source}"
                )
            for (schema, table, column), text in comments.items():
                if column is None:
                    target = f"view {quote_identifier('catalog', schema, table)}"
                else:
                    target = f"column {quote_identifier('catalog', schema, table, column)}"
                # COMMENT ON takes no bound parameter: a quoted literal.
                con.execute(f"comment on {target} is {_literal(text)}")
            con.execute("detach catalog")
        os.replace(staging, serving_path)
        _fsync(serving_path.parent)
    finally:
        staging.unlink(missing_ok=True)
        Path(f"{staging}.wal").unlink(missing_ok=True)


def _fsync_tree(folder: Path) -> None:
    """Flush ``folder``'s files and folders to disk, so that a power loss after the rename
    cannot leave a complete-looking publication with truncated files."""
    for path in sorted(Path(folder).rglob("*"), reverse=True):
        _fsync(path)
    _fsync(Path(folder))


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def current_publication(serving_dir: Path) -> str | None:
    link = Path(serving_dir) / CURRENT_LINK
    return Path(os.readlink(link)).name if link.is_symlink() else None


def collect_old_publications(
    serving_dir: Path, grace: timedelta = DEFAULT_GRACE, now: datetime | None = None
) -> list[str]:
    """Remove publications out of ``current`` for longer than ``grace``; return their ids.

    A publication stopped being current when the next one (by id, which starts with its UTC
    time) was published. A publication newer than ``current`` was never switched to (an
    attempt killed before its switch): nobody reads it, it goes at once.
    """
    now = now or datetime.now(UTC)
    publications = Path(serving_dir) / PUBLICATIONS_DIR
    current = current_publication(serving_dir)
    if current is None or not publications.is_dir():
        return []
    ids = sorted(p.name for p in publications.iterdir() if _PUBLICATION_ID.match(p.name))
    removed = []
    for index, publication_id in enumerate(ids):
        if publication_id == current:
            continue
        if publication_id > current:
            expired = True
        else:
            replaced_at = _published_at(ids[index + 1])
            expired = now - replaced_at >= grace
        if expired:
            shutil.rmtree(publications / publication_id, ignore_errors=True)
            removed.append(publication_id)
    return removed


def _published_at(publication_id: str) -> datetime:
    return datetime.strptime(publication_id.split("-")[0], _ID_TIME_FORMAT).replace(tzinfo=UTC)


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Delete the temporaries of earlier killed or failed attempts in ``folder``.

    Every temporary this package writes is a dot-name ending in ``.tmp`` or ``.old`` (or a
    DuckDB ``.tmp.wal`` beside one), directly in ``folder`` or its ``publications/``.
    Only ever called by the single writer, before it writes.
    """
    removed = []
    for parent in (Path(folder), Path(folder) / PUBLICATIONS_DIR):
        if not parent.is_dir():
            continue
        for path in parent.iterdir():
            if _is_temporary(path.name):
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
                removed.append(path)
    return removed


def _is_temporary(name: str) -> bool:
    return name.startswith(".") and name.endswith((".tmp", ".old", ".tmp.wal"))


def publish_directory(source: Path, target: Path) -> None:
    """Replace ``target`` with a copy of ``source`` (HTML docs sites), switching at the end."""
    if not Path(source).is_dir():
        return
    target = Path(target)
    incoming = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    shutil.copytree(source, incoming)
    pause_point(f"publish_directory.{target.name}.copied")
    outgoing = target.with_name(f".{target.name}.{uuid.uuid4().hex}.old")
    if target.exists():
        os.replace(target, outgoing)
    os.replace(incoming, target)
    shutil.rmtree(outgoing, ignore_errors=True)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
