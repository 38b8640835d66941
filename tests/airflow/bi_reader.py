"""A BI tool stand-in: query the serving copy in a loop and check every table read is complete.

Prints ``reads=N errors=N publications=N`` when terminated. Each read opens a new read-only
connection, counts every published table and checks each count equals the count some
publication recorded for that table (each view reads one publication's Parquet file; a
publication can switch between two statements of one read, so the check is per table).
"""

from __future__ import annotations

import json
import signal
import sys
import time
from pathlib import Path

import duckdb

serving = Path(sys.argv[1])
publications_dir = serving.parent / "publications"


def recorded() -> list[str]:
    """Every finished publication's record. Not a DuckDB glob: ``*`` also matches the dot-named
    folder a publication is built in, which is renamed away between the glob and the read."""
    return [str(p) for p in sorted(publications_dir.glob("[!.]*/_publication.parquet"))]


reads = errors = 0
publications: set[str] = set()
running = True


def stop(*_):
    global running
    running = False


signal.signal(signal.SIGTERM, stop)
while running:
    try:
        with duckdb.connect(str(serving), read_only=True) as con:
            run_id, _, counts = con.execute("select * from _publication").fetchone()
            seen = {}
            for table in json.loads(counts):
                (seen[table],) = con.execute(f"select count(*) from {table}").fetchone()
            known = [json.loads(c) for (c,) in con.execute(
                "select row_counts from read_parquet(?)", [recorded()]).fetchall()]  # fmt: skip
        for table, actual in seen.items():
            if not any(actual == counts.get(table) for counts in known):
                raise AssertionError(f"{table}: {actual} rows, no publication recorded that")
        reads += 1
        publications.add(run_id)
    except duckdb.IOException as exc:
        if not serving.exists():
            time.sleep(0.05)  # not published yet
            continue
        errors += 1
        print(f"read error: {exc}", file=sys.stderr)
    except Exception as exc:  # noqa: BLE001 (any failure is what this reader counts)
        errors += 1
        print(f"read error: {type(exc).__name__}: {exc}", file=sys.stderr)
    # A dashboard refreshing: often enough to meet every switch, not a core taken from the run.
    time.sleep(0.2)
print(f"reads={reads} errors={errors} publications={len(publications)}")
