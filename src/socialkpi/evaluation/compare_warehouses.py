"""Two warehouses compared table by table, row by row: the check that a refactoring changed
no number (``python -m socialkpi.evaluation.compare_warehouses BEFORE.duckdb AFTER.duckdb``).

Every table of the chosen schemas (default: intermediate and marts, the ones dbt builds) is
compared as a multiset of rows: the rows of one that the other lacks, both ways
(``EXCEPT ALL``), on the columns both have. A table or a column only one side has is
reported too. Columns that differ by run and not by data are left out: load ids and every
timestamp named ``*_at`` (when a row was loaded or built). Floating-point columns are
compared to 10 significant digits: DuckDB sums in parallel, and the order of a sum moves
its last bits from one build to the next. Exit status 0 when every compared table is
identical, 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from socialkpi.sql_text import quote_identifier

# Differ from run to run by design: which load a row came in (timestamps: by their type).
RUN_COLUMNS = frozenset({"load_id", "_load_id"})
FLOAT_TYPES = frozenset({"DOUBLE", "FLOAT", "REAL"})


@dataclass
class TableDifference:
    table: str
    rows_before: int
    rows_after: int
    only_before: int = 0
    only_after: int = 0
    columns_only_before: list[str] = field(default_factory=list)
    columns_only_after: list[str] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return not (
            self.only_before or self.only_after
            or self.columns_only_before or self.columns_only_after
        )  # fmt: skip


def _tables(con: duckdb.DuckDBPyConnection, catalog: str, schemas: list[str]) -> set[str]:
    rows = con.execute(
        "select schema_name || '.' || table_name from duckdb_tables() "
        "where database_name = ? and list_contains(?, schema_name)",
        [catalog, schemas],
    ).fetchall()
    return {name for (name,) in rows}


def _columns(con: duckdb.DuckDBPyConnection, catalog: str, table: str) -> dict[str, str]:
    """Column name -> its type, in table order."""
    schema, name = table.split(".", 1)
    rows = con.execute(
        "select column_name, data_type from duckdb_columns() "
        "where database_name = ? and schema_name = ? and table_name = ? order by column_index",
        [catalog, schema, name],
    ).fetchall()
    return dict(rows)


def _is_run_column(name: str, sql_type: str) -> bool:
    return name in RUN_COLUMNS or (name.endswith("_at") and sql_type.startswith("TIMESTAMP"))


def _comparable(name: str, sql_type: str) -> str:
    quoted = quote_identifier(name)
    if sql_type in FLOAT_TYPES:
        return f"printf('%.10g', {quoted}) as {quoted}"
    return quoted


def compare(
    before: Path, after: Path, schemas: list[str]
) -> tuple[list[TableDifference], list[str], list[str]]:
    """The difference of every table both warehouses hold, and the tables only one holds."""
    con = duckdb.connect()
    con.execute("attach ? as before (read_only)", [str(before)])
    con.execute("attach ? as after (read_only)", [str(after)])
    tables_before = _tables(con, "before", schemas)
    tables_after = _tables(con, "after", schemas)
    differences = []
    for table in sorted(tables_before & tables_after):
        columns_before = _columns(con, "before", table)
        columns_after = _columns(con, "after", table)
        shared = [
            c for c, sql_type in columns_before.items()
            if c in columns_after and not _is_run_column(c, sql_type)
        ]  # fmt: skip
        schema, name = (quote_identifier(part) for part in table.split(".", 1))
        select = ", ".join(_comparable(c, columns_before[c]) for c in shared)

        def rows_of(catalog: str, select=select, schema=schema, name=name) -> str:
            return f"select {select} from {catalog}.{schema}.{name}"

        (rows_before,) = con.execute(f"select count(*) from before.{schema}.{name}").fetchone()
        (rows_after,) = con.execute(f"select count(*) from after.{schema}.{name}").fetchone()
        (only_before,) = con.execute(
            f"select count(*) from ({rows_of('before')} except all {rows_of('after')})"
        ).fetchone()
        (only_after,) = con.execute(
            f"select count(*) from ({rows_of('after')} except all {rows_of('before')})"
        ).fetchone()
        differences.append(
            TableDifference(
                table,
                rows_before,
                rows_after,
                only_before,
                only_after,
                [c for c in columns_before if c not in columns_after],
                [c for c in columns_after if c not in columns_before],
            )  # fmt: skip
        )
    return (
        differences,
        sorted(tables_before - tables_after),
        sorted(tables_after - tables_before),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--schemas", default="intermediate,marts")
    args = parser.parse_args(argv)
    differences, only_before, only_after = compare(args.before, args.after, args.schemas.split(","))
    rows = sum(d.rows_after for d in differences)
    for d in differences:
        mark = "identical" if d.identical else "DIFFERENT"
        line = (
            f"{mark:9}  {d.table:55} {d.rows_before:>9,} rows before {d.rows_after:>9,} after"
            f"  only before {d.only_before:,}  only after {d.only_after:,}"
        )
        if d.columns_only_before:
            line += f"  columns only before {d.columns_only_before}"
        if d.columns_only_after:
            line += f"  columns only after {d.columns_only_after}"
        print(line)
    for table in only_before:
        print(f"only in {args.before}: {table}")
    for table in only_after:
        print(f"only in {args.after}: {table}")
    same = all(d.identical for d in differences) and not only_before and not only_after
    print(
        f"{len(differences)} tables, {rows:,} rows compared: "
        + ("identical" if same else "DIFFERENT")
    )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
