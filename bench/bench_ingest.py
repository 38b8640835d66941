"""Benchmark the ingest engine against DuckDB's own read_csv over the same bytes.

    python bench/bench_ingest.py --accounts 100 --days 365

1. Generates a synthetic world (seeded; reused when already generated with the
   same configuration).
2. **Engine**: ``socialkpi.ingest.ingest`` into a fresh warehouse: discovery,
   hashing, decoding, format recognition, duplicates, typing, lineage,
   quarantine and manifest.
3. **Baseline**: the sources the engine loads (same decoded CSV bytes, same
   JSON documents, duplicates and bad files left out), prepared untimed as
   UTF-8 files, then read by DuckDB alone: one ``read_csv`` per format and
   header (all its files at once, every cell as text, same dialect) and one
   ``read_json_objects`` for the JSON documents, into plain tables: no lineage,
   no parsing, no quarantine.

Each side runs in its own process, so that its peak memory (``ru_maxrss``) is
its own. Prints wall times, rows/s, the engine/baseline ratio and peak memory,
and writes the result as JSON to ``bench/results/``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, date, datetime
from multiprocessing import get_context
from pathlib import Path

from results_file import write_result


def _peak_rss_mb() -> float:
    """This process's peak resident memory (``ru_maxrss``), in MB.

    Each side runs in a fresh child process started from this small one (Linux
    carries the parent's high-water mark into a spawned child, so the parent
    must stay small: it never loads anything itself).
    """
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


def _world(args: argparse.Namespace) -> Path:
    """The world's folder (landing/ and truth/), generated unless already there."""
    from socialkpi.evaluation.generator import WorldConfig, generate_world

    end = date.fromisoformat(args.end_date) if args.end_date else None
    config = WorldConfig(
        seed=args.seed, accounts=args.accounts, days=args.days, **({"end_date": end} if end else {})
    )
    name = f"socialkpi-bench-s{config.seed}-a{config.accounts}-d{config.days}-{config.end_date}"
    root = Path(args.worlds_dir) / name
    marker = root / "generated.json"
    if marker.exists() and not args.regenerate:
        print(f"world: reusing {root}")
        return root
    shutil.rmtree(root, ignore_errors=True)
    started = time.perf_counter()
    summary = generate_world(config, root / "landing", root / "truth", progress=True)
    marker.write_text(json.dumps({"files": summary.files, "bytes": summary.bytes}))
    print(f"world: generated {summary.files} files in {time.perf_counter() - started:.1f} s")
    return root


def run_engine(landing: str, workdir: str) -> dict:
    """The engine, in a child process: a fresh warehouse, one ingest run."""
    from socialkpi.ingest import ingest

    warehouse = Path(workdir) / "engine" / "warehouse.duckdb"
    started = time.perf_counter()
    report = ingest(warehouse, Path(landing), progress=True)
    seconds = time.perf_counter() - started
    summary = report.summary()
    return {
        "seconds": seconds,
        "sources": summary["sources"],
        "sources_by_status": {k[8:]: v for k, v in summary.items() if k.startswith("sources_")},
        "rows_read": summary["rows_read"],
        "rows_loaded": summary["rows_loaded"],
        "rows_quarantined": summary["rows_quarantined"],
        "warehouse_mb": warehouse.stat().st_size / 2**20,
        "peak_rss_mb": _peak_rss_mb(),
    }


def prepare_baseline(landing: str, workdir: str) -> dict:
    """The engine's loadable sources as UTF-8 files, grouped like the engine's scans (untimed)."""
    from socialkpi.formats.base import SourceRejected
    from socialkpi.formats.recognition import check_platform, recognize
    from socialkpi.ingest.plan import header_line_key
    from socialkpi.landing import decode_text, discover, open_sources, sniff

    out = Path(workdir) / "baseline_files"
    out.mkdir(parents=True)
    groups: dict[str, dict] = {}
    json_files: list[str] = []
    seen: set[tuple[str, str, str]] = set()
    not_in_baseline = 0
    for landed in discover(Path(landing)):
        if landed.layout_error:
            continue
        try:
            sources = list(open_sources(landed))
        except SourceRejected:
            continue
        for source in sources:
            try:
                text = decode_text(source.data)
            except SourceRejected:
                continue
            try:
                sniffed = sniff(source.file_name, text)
                fmt = check_platform(recognize(sniffed), sniffed, landed.platform)
            except SourceRejected:
                continue
            key = (hashlib.sha256(source.data).hexdigest(), landed.platform, landed.account)
            if key in seen:  # a duplicate: the engine does not read it either
                continue
            seen.add(key)
            path = out / f"{len(seen)}.{'csv' if fmt.csv else 'json'}"
            if fmt.csv is None:
                if not text.lstrip("\ufeff \r\n\t").startswith(("{", "[")):
                    # A format the engine parses itself (a multi-table text export): no
                    # plain DuckDB reader does it; left out of the baseline, counted.
                    not_in_baseline += 1
                    continue
                path.write_text(text, encoding="utf-8")
                json_files.append(str(path))
                continue
            text = text.lstrip("\r\n")
            path.write_bytes(text.encode("utf-8"))
            header = header_line_key(text, fmt.csv.skip_lines) or ("unique", str(path))
            group = groups.setdefault(
                f"{fmt.name}|{header}",
                {"skip": fmt.csv.skip_lines, "delim": fmt.csv.delimiter, "files": []},
            )
            group["files"].append(str(path))
    return {
        "groups": list(groups.values()),
        "json_files": json_files,
        "sources_not_in_baseline": not_in_baseline,
    }


def run_baseline(workdir: str, prepared: dict) -> dict:
    """DuckDB alone, in a child process: read_csv / read_json_objects into plain tables."""
    import duckdb

    database = Path(workdir) / "baseline" / "baseline.duckdb"
    database.parent.mkdir(parents=True)
    csv_rows = json_rows = 0
    started = time.perf_counter()
    with duckdb.connect(str(database)) as con:
        con.execute("set enable_progress_bar = false")
        for number, group in enumerate(prepared["groups"]):
            # Same dialect as the engine; a broken row is skipped rather than failing the read.
            con.execute(
                f"create table csv_{number} as select * from read_csv(?, skip = ?, delim = ?, "
                "header = true, all_varchar = true, quote = '\"', escape = '\"', "
                "ignore_errors = true, max_line_size = 10000000)",
                [group["files"], group["skip"], group["delim"]],
            )
            csv_rows += con.execute(f"select count(*) from csv_{number}").fetchone()[0]
        if prepared["json_files"]:
            con.execute(
                "create table json_documents as select * from read_json_objects(?)",
                [prepared["json_files"]],
            )
            json_rows = con.execute("select count(*) from json_documents").fetchone()[0]
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "csv_files": sum(len(g["files"]) for g in prepared["groups"]),
        "csv_scans": len(prepared["groups"]),
        "json_files": len(prepared["json_files"]),
        "sources_not_in_baseline": prepared.get("sources_not_in_baseline", 0),
        "csv_rows": csv_rows,
        "json_documents": json_rows,
        "database_mb": database.stat().st_size / 2**20,
        "peak_rss_mb": _peak_rss_mb(),
    }


def _in_child(function, *args):
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=100)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--end-date", help="last simulated day (YYYY-MM-DD); generator default")
    parser.add_argument(
        "--worlds-dir",
        default=tempfile.gettempdir(),
        help="where generated worlds are kept and reused (default: %(default)s)",
    )
    parser.add_argument("--regenerate", action="store_true", help="generate the world again")
    parser.add_argument("--workdir", help="scratch folder for warehouses (default: a temp dir)")
    parser.add_argument("--no-baseline", action="store_true", help="time the engine only")
    args = parser.parse_args(argv)

    world = _world(args)
    landing = str(world / "landing")
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="socialkpi-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        engine = _in_child(run_engine, landing, str(workdir))
        baseline = None
        if not args.no_baseline:
            started = time.perf_counter()
            prepared = _in_child(prepare_baseline, landing, str(workdir))
            prepare_seconds = time.perf_counter() - started
            baseline = _in_child(run_baseline, str(workdir), prepared)
            baseline["prepare_seconds_untimed"] = prepare_seconds
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)

    import duckdb

    result = {
        "benchmark": "ingest",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "world": {
            "seed": args.seed,
            "accounts": args.accounts,
            "days": args.days,
            "landing": landing,
        },
        "machine": {
            "python": platform.python_version(),
            "duckdb": duckdb.__version__,
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "tmpdir": tempfile.gettempdir(),
        },
        "engine": engine,
        "baseline": baseline,
    }
    e = engine
    print(f"\nworld {args.accounts} accounts x {args.days} days (seed {args.seed}): {landing}")
    print(
        f"engine:   {e['seconds']:8.1f} s  {e['sources']:>9,} sources "
        f"({e['sources'] / e['seconds']:,.0f}/s)  {e['rows_read']:>11,} rows "
        f"({e['rows_read'] / e['seconds']:,.0f}/s)  peak {e['peak_rss_mb']:,.0f} MB"
    )
    if baseline is not None:
        b = baseline
        rows = b["csv_rows"] + b["json_documents"]
        files = b["csv_files"] + b["json_files"]
        ratio = e["seconds"] / b["seconds"]
        result["engine_over_baseline"] = ratio
        print(
            f"baseline: {b['seconds']:8.1f} s  {files:>9,} files   "
            f"({files / b['seconds']:,.0f}/s)  {rows:>11,} rows "
            f"({rows / b['seconds']:,.0f}/s)  peak {b['peak_rss_mb']:,.0f} MB  "
            f"[{b['csv_scans']} read_csv scans + read_json_objects; "
            f"file preparation {b['prepare_seconds_untimed']:.1f} s not counted]"
        )
        print(f"engine / baseline: {ratio:.2f}x")
    write_result(f"ingest_a{args.accounts}_d{args.days}_s{args.seed}", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
