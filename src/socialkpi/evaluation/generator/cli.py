"""``socialkpi generate``: write a synthetic landing zone and its ground truth."""

from __future__ import annotations

import argparse
import shutil
import sys
from datetime import date
from pathlib import Path

from socialkpi.config import Settings, project_root
from socialkpi.evaluation.generator.config import (
    DEFAULT_END_DATE,
    PLATFORMS,
    PlatformPurge,
    WorldConfig,
)
from socialkpi.evaluation.generator.generate import generate_world
from socialkpi.evaluation.generator.truth import TRUTH_FILES


def _platforms(text: str) -> tuple[str, ...]:
    names = tuple(p.strip().lower() for p in text.split(",") if p.strip())
    unknown = [p for p in names if p not in PLATFORMS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown platforms {unknown}; choose from {','.join(PLATFORMS)}"
        )
    return names


def _purge(text: str) -> PlatformPurge:
    parts = text.split(":")
    try:
        platform, first = parts[0].strip().lower(), date.fromisoformat(parts[1])
        days = int(parts[2]) if len(parts) > 2 else 2
    except (IndexError, ValueError) as exc:
        raise argparse.ArgumentTypeError("expected PLATFORM:YYYY-MM-DD[:DAYS]") from exc
    if platform not in PLATFORMS or not 1 <= days <= 3:
        raise argparse.ArgumentTypeError("expected a known platform and 1 to 3 days")
    return PlatformPurge(platform, first, days)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``socialkpi generate``."""
    defaults = WorldConfig()
    parser.add_argument(
        "--seed", type=int, default=defaults.seed, help="random seed (default %(default)s)"
    )
    parser.add_argument(
        "--accounts", type=int, default=defaults.accounts, help="number of accounts"
    )
    parser.add_argument("--days", type=int, default=defaults.days, help="simulated days")
    parser.add_argument(
        "--end-date",
        type=date.fromisoformat,
        default=DEFAULT_END_DATE,
        help="last simulated day, YYYY-MM-DD (default %(default)s)",
    )
    parser.add_argument(
        "--landing",
        type=Path,
        default=None,
        help="landing root (default: SOCIALKPI_LANDING_ROOT or data/landing)",
    )
    parser.add_argument(
        "--truth", type=Path, default=None, help="truth directory (default: data/truth)"
    )
    parser.add_argument(
        "--platforms",
        type=_platforms,
        default=PLATFORMS,
        help="comma-separated platforms (default: all six)",
    )
    parser.add_argument(
        "--export-every",
        type=int,
        default=defaults.export_every,
        help="days between two exports of an account",
    )
    parser.add_argument(
        "--window",
        type=int,
        default=defaults.window_days,
        help="days of data per export (all but TikTok)",
    )
    parser.add_argument(
        "--tiktok-window",
        type=int,
        default=defaults.tiktok_window_days,
        help="days of data per TikTok export",
    )
    parser.add_argument(
        "--bad-files",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="drop bad files (empty, truncated zip, garbage, ...)",
    )
    parser.add_argument(
        "--purge",
        dest="purges",
        type=_purge,
        action="append",
        default=None,
        metavar="PLATFORM:YYYY-MM-DD[:DAYS]",
        help="platform-wide purge (repeatable; default instagram Dec 18, x Jul 12)",
    )
    parser.add_argument("--no-platform-purges", action="store_true", help="no platform-wide purge")
    parser.add_argument(
        "--missing-rate",
        type=float,
        default=defaults.missing_export_rate,
        help="share of export days with no export at all",
    )
    parser.add_argument(
        "--duplicate-rate",
        type=float,
        default=defaults.duplicate_rate,
        help="share of export folders with a re-delivered file",
    )
    parser.add_argument(
        "--localized-share",
        type=float,
        default=defaults.localized_share,
        help="share of CSV exports written as French or Excel-resaved variants",
    )
    parser.add_argument(
        "--glitch-rate",
        type=float,
        default=defaults.glitch_rate,
        help="probability per account and export day of a one-day glitched API total "
        "(0, or an absurd jump that reverts; default %(default)s)",
    )
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="delete the platform folders and truth files of a previous world first",
    )
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="show a progress bar",
    )


def _config(args: argparse.Namespace) -> WorldConfig:
    purges = None
    if args.no_platform_purges:
        purges = ()
    elif args.purges:
        purges = tuple(args.purges)
    return WorldConfig(
        seed=args.seed,
        accounts=args.accounts,
        days=args.days,
        end_date=args.end_date,
        platforms=tuple(args.platforms),
        export_every=args.export_every,
        window_days=args.window,
        tiktok_window_days=args.tiktok_window,
        bad_files=args.bad_files,
        platform_purges=purges,
        missing_export_rate=args.missing_rate,
        duplicate_rate=args.duplicate_rate,
        localized_share=args.localized_share,
        glitch_rate=args.glitch_rate,
    )


def _previous_world(landing: Path, truth: Path) -> list[Path]:
    found = [landing / p for p in PLATFORMS if (landing / p).exists()]
    return found + [truth / name for name in TRUTH_FILES if (truth / name).exists()]


def run(args: argparse.Namespace) -> int:
    """Generate the world described by ``args``; print a summary; return an exit code."""
    try:
        config = _config(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    landing = (args.landing or Settings.resolve().landing_root).resolve()
    truth = (args.truth or project_root() / "data" / "truth").resolve()
    previous = _previous_world(landing, truth)
    if previous and not args.overwrite:
        print(
            f"error: {landing} or {truth} already holds a world ({previous[0]}); "
            "use --overwrite or other directories",
            file=sys.stderr,
        )
        return 2
    for path in previous:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    summary = generate_world(config, landing, truth, progress=args.progress)
    print("\n".join(summary.lines()))
    return 0
