"""Benchmark: dbt builds of the marts against the same SQL run as one plain DuckDB script.

Steps, all in one run on the same machine:

1. generate a world (``--accounts``, ``--days``) and ingest every export except the
   last download day into a raw warehouse;
2. copy that warehouse twice (same file name, so compiled SQL resolves the same catalog);
3. **dbt**: ``dbt run --full-refresh`` (models only), then ``dbt build`` (models + tests);
4. **baseline**: every model's compiled SQL (``dbt compile --full-refresh``), executed in
   dependency order as ``create or replace table/view ... as <sql>`` over one DuckDB
   connection, i.e. the same transformations without dbt;
5. **incremental day**: ingest the last download day into the dbt copy, then ``dbt run``
   (incremental marts rebuild only the touched days plus the lookback).

Prints wall times and the ratios dbt / baseline; writes JSON to ``bench/results/``.

    .venv/bin/python bench/bench_dbt.py --accounts 200 --days 365
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb

from socialkpi.dbt_runner import DbtFailed, run_dbt

ROOT = Path(__file__).resolve().parents[1]
DBT_DIR = ROOT / "dbt_project"


def dbt(args: list[str], warehouse: Path) -> float:
    """Wall time of ``dbt <args>``; target and logs beside the warehouse (not in the project)."""
    try:
        return run_dbt(args, warehouse, warehouse.parent).seconds
    except DbtFailed as failure:
        sys.exit(str(failure))


def slowest_models(run_results: Path, top: int = 8) -> dict[str, float]:
    """The models that took longest in a dbt run (where an incremental day spends its time)."""
    timings = {
        result["unique_id"].split(".")[-1]: round(result["execution_time"], 2)
        for result in json.loads(run_results.read_text())["results"]
    }
    return dict(sorted(timings.items(), key=lambda item: -item[1])[:top])


def model_script(manifest_path: Path) -> list[str]:
    """Compiled SQL of every model as DDL statements, in dependency order."""
    manifest = json.loads(manifest_path.read_text())
    models = {
        uid: node
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] in ("model", "seed")
    }
    ordered, seen = [], set()

    def visit(uid: str) -> None:
        if uid in seen or uid not in models:
            return
        seen.add(uid)
        for parent in models[uid]["depends_on"].get("nodes", []):
            visit(parent)
        ordered.append(uid)

    for uid in sorted(models):
        visit(uid)
    statements = []
    for uid in ordered:
        node = models[uid]
        relation = f'"{node["schema"]}"."{node["alias"] or node["name"]}"'
        statements.append(f'create schema if not exists "{node["schema"]}"')
        if node["resource_type"] == "seed":
            seed = DBT_DIR / node["original_file_path"]
            statements.append(
                f"create or replace table {relation} as select * from read_csv('{seed}')"
            )
            continue
        kind = "view" if node["config"]["materialized"] == "view" else "table"
        statements.append(f"create or replace {kind} {relation} as {node['compiled_code']}")
    return statements


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--accounts", type=int, default=200)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--work", type=Path, default=Path("/tmp/socialkpi-bench-dbt"))
    args = parser.parse_args()

    from socialkpi.evaluation.generator import WorldConfig, generate_world
    from socialkpi.ingest import ingest

    shutil.rmtree(args.work, ignore_errors=True)
    landing, truth = args.work / "landing", args.work / "truth"
    end = date(2026, 11, 20)
    config = WorldConfig(seed=args.seed, accounts=args.accounts, days=args.days, end_date=end)
    generate_world(config, landing, truth, progress=False)
    last_download = end + timedelta(days=1)
    raw = args.work / "raw" / "socialkpi.duckdb"
    raw.parent.mkdir(parents=True)
    started = time.perf_counter()
    ingest(raw, landing, up_to=last_download - timedelta(days=1))
    ingest_seconds = time.perf_counter() - started
    with duckdb.connect(str(raw), read_only=True) as con:
        raw_rows = sum(
            con.execute(f'select count(*) from raw."{t}"').fetchone()[0]
            for (t,) in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'raw'"
            ).fetchall()
        )

    dbt_wh = args.work / "dbt" / "socialkpi.duckdb"
    base_wh = args.work / "baseline" / "socialkpi.duckdb"
    for target in (dbt_wh, base_wh):
        target.parent.mkdir(parents=True)
        shutil.copy(raw, target)

    dbt(["seed"], dbt_wh)
    run_full = dbt(["run", "--full-refresh"], dbt_wh)
    build_full = dbt(["build", "--full-refresh"], dbt_wh)

    dbt(["compile", "--full-refresh"], base_wh)
    statements = model_script(base_wh.parent / "target" / "manifest.json")
    started = time.perf_counter()
    with duckdb.connect(str(base_wh)) as con:
        for statement in statements:
            con.execute(statement)
    baseline = time.perf_counter() - started

    ingest(dbt_wh, landing, up_to=last_download)
    incremental = dbt(["run"], dbt_wh)
    slowest = slowest_models(dbt_wh.parent / "target" / "run_results.json")

    results = {
        "world": f"{args.accounts} accounts x {args.days} days (seed {args.seed})",
        "raw_rows": raw_rows,
        "ingest_seconds": round(ingest_seconds, 2),
        "dbt_run_full_seconds": round(run_full, 2),
        "dbt_build_full_seconds": round(build_full, 2),
        "dbt_run_incremental_day_seconds": round(incremental, 2),
        "plain_duckdb_script_seconds": round(baseline, 2),
        "ratio_dbt_run_full_vs_script": round(run_full / baseline, 2),
        "ratio_dbt_build_full_vs_script": round(build_full / baseline, 2),
        "ratio_incremental_day_vs_script_full": round(incremental / baseline, 2),
    }
    results["incremental_day_slowest_models_seconds"] = slowest
    for key, value in results.items():
        print(f"{key:40s} {value}")
    out = ROOT / "bench" / "results" / f"dbt_{args.accounts}x{args.days}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
