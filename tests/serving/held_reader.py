"""A long-lived BI process: holds one connection to the serving copy for its whole life and,
for every line on stdin, opens a NEW read-only connection too; prints, as one JSON line,
what the held connection and the new one see (the publication's run and a row count)."""

import json
import sys

import duckdb

serving = sys.argv[1]
held = duckdb.connect(serving, read_only=True)


def seen(con):
    (run_id,) = con.execute("select run_id from _publication").fetchone()
    (rows,) = con.execute("select count(*) from marts.fct_account_daily").fetchone()
    return [run_id, rows]


print(json.dumps({"version": duckdb.__version__, "held": seen(held)}), flush=True)
for _ in sys.stdin:
    fresh = duckdb.connect(serving, read_only=True)
    print(json.dumps({"held": seen(held), "new": seen(fresh)}), flush=True)
    fresh.close()
