"""Run by a DuckDB 1.x client in its own environment: open the serving catalog read-only and
print, as JSON, the client's version, each view's row count and column types, and the
pandas dtypes of fct_account_daily (what a notebook gets)."""

import json
import sys

import duckdb

con = duckdb.connect(sys.argv[1], read_only=True)
views = con.execute(
    "select schema_name, view_name from duckdb_views() where not internal order by all"
).fetchall()
out = {"version": duckdb.__version__, "views": {}}
for schema, view in views:
    (count,) = con.execute(f'select count(*) from "{schema}"."{view}"').fetchone()
    types = con.execute(
        "select column_name, data_type from duckdb_columns() "
        "where schema_name = ? and table_name = ? order by column_index",
        [schema, view],
    ).fetchall()
    out["views"][f"{schema}.{view}"] = {"rows": count, "types": types}
frame = con.execute("select * from marts.fct_account_daily").df()
out["pandas"] = {column: str(dtype) for column, dtype in frame.dtypes.items()}
out["publication"] = con.execute("select run_id from _publication").fetchone()[0]
print(json.dumps(out))
