"""Publish the warehouse to BI readers atomically, without ever blocking them.

DuckDB lets one process write a database file, and a reader of that same file
blocks the writer (and the other way round). So BI tools never open the
pipeline's warehouse: they open a **serving copy**. Publishing builds a fresh
DuckDB file next to the serving one, copies every BI-facing table into it,
records what it published in ``_publication``, checkpoints and closes it, then
swaps it in with ``os.replace`` (an atomic rename on POSIX). A reader that
already has the old file open keeps reading the old snapshot; the next
connection sees the new one. Nobody ever sees a half-written file.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

# Schemas copied to the serving file: what BI users and operators query.
PUBLISHED_SCHEMAS = ("marts", "quality")


@dataclass(frozen=True)
class Publication:
    serving_path: Path
    run_id: str
    row_counts: dict[str, int]


def publish(warehouse_path: Path, serving_path: Path, run_id: str) -> Publication:
    """Copy the published schemas into a new serving file and swap it in atomically."""
    serving_path = Path(serving_path)
    serving_path.parent.mkdir(parents=True, exist_ok=True)
    staging_path = serving_path.with_name(f".{serving_path.name}.{uuid.uuid4().hex}.tmp")
    row_counts: dict[str, int] = {}
    try:
        with duckdb.connect(str(staging_path)) as con:
            con.execute("attach ? as warehouse (read_only)", [str(warehouse_path)])
            tables = con.execute(
                "select schema_name, table_name from duckdb_tables() "
                "where database_name = 'warehouse' and schema_name in (select unnest(?)) "
                "order by schema_name, table_name",
                [list(PUBLISHED_SCHEMAS)],
            ).fetchall()
            for schema, table in tables:
                qualified = f"{_ident(schema)}.{_ident(table)}"
                con.execute(f"create schema if not exists {_ident(schema)}")
                con.execute(f"create table {qualified} as select * from warehouse.{qualified}")
                (count,) = con.execute(f"select count(*) from {qualified}").fetchone()
                row_counts[f"{schema}.{table}"] = count
            _copy_comments(con, tables)
            con.execute("detach warehouse")
            con.execute(
                "create table main._publication as "
                "select ? as run_id, ? as published_at, ?::json as row_counts",
                [run_id, datetime.now(UTC).replace(tzinfo=None), json.dumps(row_counts)],
            )
            con.execute("checkpoint")
        os.replace(staging_path, serving_path)
    finally:
        staging_path.unlink(missing_ok=True)
    return Publication(serving_path=serving_path, run_id=run_id, row_counts=row_counts)


def _copy_comments(con: duckdb.DuckDBPyConnection, tables: list[tuple[str, str]]) -> None:
    """Carry dbt's persisted docs (table and column comments) to the serving copy."""
    for schema, table in tables:
        qualified = f"{_ident(schema)}.{_ident(table)}"
        row = con.execute(
            "select comment from duckdb_tables() where database_name = 'warehouse' "
            "and schema_name = ? and table_name = ?",
            [schema, table],
        ).fetchone()
        if row and row[0]:
            con.execute(f"comment on table {qualified} is {_literal(row[0])}")
        for column, comment in con.execute(
            "select column_name, comment from duckdb_columns() where database_name = 'warehouse' "
            "and schema_name = ? and table_name = ? and comment is not null",
            [schema, table],
        ).fetchall():
            con.execute(f"comment on column {qualified}.{_ident(column)} is {_literal(comment)}")


def publish_directory(source: Path, target: Path) -> None:
    """Replace ``target`` with a copy of ``source`` (HTML docs sites), switching at the end."""
    if not Path(source).is_dir():
        return
    target = Path(target)
    incoming = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    shutil.copytree(source, incoming)
    outgoing = target.with_name(f".{target.name}.{uuid.uuid4().hex}.old")
    if target.exists():
        os.replace(target, outgoing)
    os.replace(incoming, target)
    shutil.rmtree(outgoing, ignore_errors=True)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    # COMMENT ON does not take bound parameters; quote the text as a SQL string literal.
    return "'" + text.replace("'", "''") + "'"
