"""A small warehouse holding every column type the marts use, and helpers to publish it and
read what was published."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import duckdb

from socialkpi.config import project_root

REPO = project_root()
UV = Path(sys.executable).parent / "uv"

DAILY = [
    # account, day, followers_total, net change (NULL on the first day), rate, is_purge, loaded_at
    ("acme", date(2026, 3, 2), 1000, None, None, False, datetime(2026, 3, 6, 1, 2, 3)),
    ("acme", date(2026, 3, 3), 1010, 10, 0.0128, False, datetime(2026, 3, 6, 1, 2, 3)),
    ("o'brien café", date(2026, 3, 4), 500, None, None, False, datetime(2026, 3, 6, 1, 2, 3)),
    ("o'brien café", date(2026, 3, 5), 470, -30, None, True, datetime(2026, 3, 6, 1, 2, 3)),
]


def make_warehouse(path: Path, days: int = len(DAILY)) -> Path:
    """marts.fct_account_daily (DATE, BIGINT with NULLs, DOUBLE, BOOLEAN, TIMESTAMP), its dbt
    comments, marts.ops_file_loads (INTEGER, JSON) and quality.validation_results."""
    with duckdb.connect(str(path)) as con:
        con.execute("create schema if not exists marts")
        con.execute("create schema if not exists quality")
        con.execute("create schema if not exists staging")
        con.execute(
            "create or replace table marts.fct_account_daily (account_name varchar, "
            "activity_date date, followers_total bigint, followers_net_change bigint, "
            "daily_engagement_rate double, is_purge_day boolean, loaded_at timestamp)"
        )
        con.executemany("insert into marts.fct_account_daily values (?, ?, ?, ?, ?, ?, ?)",
                        DAILY[:days])  # fmt: skip
        con.execute("comment on table marts.fct_account_daily is 'One row per account and day'")
        con.execute(
            "comment on column marts.fct_account_daily.followers_total is "
            "'Followers at the end of the day'"
        )
        con.execute(
            "create or replace table marts.ops_file_loads (source_file varchar, "
            "rows_loaded integer, extra json)"
        )
        con.executemany(
            "insert into marts.ops_file_loads values (?, ?, ?)",
            [[f"tiktok/acme/file{i}.csv", i, json.dumps({"n": i})] for i in range(days)],
        )
        con.execute(
            "create or replace table quality.validation_results (run_id varchar, "
            "suite_name varchar, success boolean, window_start date)"
        )
        con.execute("insert into quality.validation_results values ('r', 's', true, '2026-03-02')")
        # Not published: staging is internal.
        con.execute("create or replace view staging.stg_x as select 1 as x")
    return path


def serving_state(serving: Path, volatile=("published_at", "run_id")) -> dict[str, list]:
    """Every view of the serving catalog with its rows (volatile columns left out)."""
    state = {}
    with duckdb.connect(str(serving), read_only=True) as con:
        views = con.execute(
            "select schema_name, view_name from duckdb_views() where not internal order by all"
        ).fetchall()
        for schema, view in views:
            columns = [c for (c,) in con.execute(
                "select column_name from duckdb_columns() where schema_name = ? and table_name = ? "
                "order by column_index", [schema, view]).fetchall() if c not in volatile]  # fmt: skip
            select = ", ".join(f'"{c}"' for c in columns)
            state[f"{schema}.{view}"] = con.execute(
                f'select {select} from "{schema}"."{view}" order by all'
            ).fetchall()
    return state


def temporaries(root: Path) -> list[str]:
    """Anything under ``root`` named like a temporary of an interrupted write."""
    return sorted(
        str(p.relative_to(root))
        for p in Path(root).rglob("*")
        if (p.name.startswith(".") and (".tmp" in p.name or p.name.endswith(".old")))
        or p.name.endswith(".wal")
    )


def uv_python(
    duckdb_version: str, *args: str, extra: tuple[str, ...] = ()
) -> subprocess.CompletedProcess:
    """Python with only ``duckdb==<version>`` (plus ``extra``), in an environment uv builds
    from the package registry (cached after the first use)."""
    command = [str(UV), "run", "--quiet", "--no-project", "--with", f"duckdb=={duckdb_version}"]
    for package in extra:
        command += ["--with", package]
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    return subprocess.run([*command, "python", *args], capture_output=True, text=True,
                          timeout=300, env=env, cwd="/")  # fmt: skip


def registry_unreachable(result: subprocess.CompletedProcess) -> bool:
    """True when uv could not build the environment because the registry did not answer
    (then a test skips and says why; any other failure is the test's to judge)."""
    text = result.stderr.lower()
    return result.returncode != 0 and any(
        phrase in text
        for phrase in ("failed to fetch", "error sending request", "dns error",
                       "failed to download", "network is unreachable", "offline mode")
    )  # fmt: skip
