"""The ``socialkpi`` command line."""

from __future__ import annotations

import argparse
import json
import logging
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="socialkpi", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    generate = commands.add_parser(
        "generate", help="write a synthetic world: landing zone and ground truth"
    )
    from socialkpi.evaluation.generator.cli import add_arguments as add_generate_arguments

    add_generate_arguments(generate)

    ingest = commands.add_parser(
        "ingest", help="load landed exports into the warehouse (outside Airflow)"
    )
    ingest.add_argument("--up-to", help="last export date to load (YYYY-MM-DD); default all")
    ingest.add_argument(
        "--full-scan", action="store_true",
        help="open and hash every landed file, also those unchanged since an ingest read them",
    )  # fmt: skip

    commands.add_parser("summary", help="print the summary of the published serving copy")

    run_dag = commands.add_parser(
        "run-dag",
        help="run a DAG run through the real scheduler, api-server and dag-processor "
        "(task logs and durations in the UI), then stop them",
    )
    run_dag.add_argument("dag_id")
    run_dag.add_argument("--logical-date", required=True, help="YYYY-MM-DD[THH:MM] (UTC)")
    run_dag.add_argument("--timeout", type=float, default=3600, help="seconds (default 3600)")

    score = commands.add_parser(
        "score", help="score purge detection against generated worlds' ground truth"
    )
    from socialkpi.evaluation.scoring import add_arguments as add_score_arguments

    add_score_arguments(score)

    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if args.command == "generate":
        from socialkpi.evaluation.generator.cli import run as run_generate

        return run_generate(args)
    if args.command == "ingest":
        from datetime import date

        from socialkpi.config import Settings
        from socialkpi.ingest import ingest as run_ingest

        settings = Settings.resolve()
        up_to = date.fromisoformat(args.up_to) if args.up_to else None
        report = run_ingest(
            settings.warehouse_path, settings.landing_root, up_to=up_to,
            full_scan=True if args.full_scan else None,
        )  # fmt: skip
        print(json.dumps(report.summary(), indent=2))
        return 0
    if args.command == "score":
        from socialkpi.evaluation.scoring import run as run_score

        return run_score(args)
    if args.command == "run-dag":
        from datetime import UTC, datetime

        from socialkpi.airflow_run import run_dag as run_dag_through_scheduler

        logical_date = datetime.fromisoformat(args.logical_date)
        if logical_date.tzinfo is None:
            logical_date = logical_date.replace(tzinfo=UTC)
        outcome = run_dag_through_scheduler(args.dag_id, logical_date, timeout=args.timeout)
        print(outcome.summary())
        return 0 if outcome.state == "success" else 1
    if args.command == "summary":
        from socialkpi.config import Settings
        from socialkpi.summary import build_summary

        settings = Settings.resolve()
        if not settings.serving_path.exists():
            print(f"no serving copy at {settings.serving_path}: run the DAG first", file=sys.stderr)
            return 1
        print(build_summary(settings.serving_path))
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
