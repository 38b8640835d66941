"""A BI tool stand-in: query the serving copy in a loop and check every snapshot is complete.

Prints ``reads=N errors=N publications=N`` when terminated. A read is complete when
every table's row count equals the count the publication recorded for it.
"""

from __future__ import annotations

import json
import signal
import sys
import time

import duckdb

serving = sys.argv[1]
reads = errors = 0
publications: set[str] = set()
running = True


def stop(*_):
    global running
    running = False


signal.signal(signal.SIGTERM, stop)
while running:
    try:
        with duckdb.connect(serving, read_only=True) as con:
            run_id, _, counts = con.execute("select * from _publication").fetchone()
            for table, expected in json.loads(counts).items():
                (actual,) = con.execute(f"select count(*) from {table}").fetchone()
                if actual != expected:
                    raise AssertionError(f"{table}: {actual} rows, publication says {expected}")
        reads += 1
        publications.add(run_id)
    except duckdb.IOException as exc:
        if "No such file" in str(exc) or "does not exist" in str(exc):
            time.sleep(0.05)  # not published yet
            continue
        errors += 1
        print(f"read error: {exc}", file=sys.stderr)
    except Exception as exc:  # noqa: BLE001 (any failure is what this reader counts)
        errors += 1
        print(f"read error: {type(exc).__name__}: {exc}", file=sys.stderr)
    time.sleep(0.02)
print(f"reads={reads} errors={errors} publications={len(publications)}")
