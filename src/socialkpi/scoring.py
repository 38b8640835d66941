"""Score the purge detector against the generator's ground truth.

``socialkpi score`` generates worlds (:mod:`socialkpi.generator`), runs the
pipeline on each (ingest, then ``dbt build``) and compares the events of
``marts.fct_follower_purge_events`` with the truth's ``purges.csv``. The same
worlds are scored for the generic approach of common dbt anomaly packages: a
z-score of the raw follower total against the mean and standard deviation of a
trailing 14-day window that includes the tested day, flagged below -3.

Definitions (one row per method, pooled over the worlds):

- a detected event **matches** a true purge of the same account when their
  day ranges overlap, one day of tolerance either side; matching is one to one,
  the largest overlap first;
- **recall**: share of the true purges of at least ``min_loss_pct`` (2%) and
  ``min_loss_followers`` (200) that some detected event matches;
- **precision**: share of detected events that match a true purge (of any
  size: a real 1% purge found is not a false alarm);
- **scope accuracy**: among matched purges of recall's size class, the share
  whose scope (``platform_wide`` / ``account_specific``) is right;
- **median loss error**: among the same matches, the median of
  ``|followers lost (detected) - loss (truth)| / loss (truth)``.
"""

from __future__ import annotations

import logging
import shutil
import statistics
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import duckdb

from socialkpi import dbt_runner

log = logging.getLogger(__name__)

DETECTOR = "purge detector (fct_follower_purge_events)"
GENERIC = "generic z-score (14-day window incl. day, |z|>3)"
MATCH_TOLERANCE_DAYS = 1

# The generic anomaly test of dbt packages: mean and standard deviation of the raw
# total over a trailing 14-day window that includes the tested day, z below -3.
GENERIC_EVENTS_SQL = """
with observed as (
    select account_key, activity_date, followers_total
    from marts.fct_account_daily
    where followers_total is not null
),
scored as (
    select
        *,
        lag(followers_total) over by_day as followers_before,
        (followers_total - avg(followers_total) over last_14_days)
            / nullif(stddev_samp(followers_total) over last_14_days, 0) as z_score
    from observed
    window
        by_day as (partition by account_key order by activity_date),
        last_14_days as (
            partition by account_key order by activity_date
            range between interval 13 days preceding and current row
        )
),
runs as (
    select
        *,
        coalesce(z_score < -3, false) as is_flagged,
        row_number() over (partition by account_key order by activity_date)
        - row_number() over (
            partition by account_key, coalesce(z_score < -3, false) order by activity_date
        ) as run_number
    from scored
)
select
    account_key,
    min(activity_date) as first_date,
    max(activity_date) as last_date,
    arg_min(followers_before, activity_date) as followers_before,
    arg_min(followers_before, activity_date) - arg_max(followers_total, activity_date)
        as followers_lost,
    cast(null as varchar) as scope
from runs
where is_flagged
group by account_key, run_number
"""

DETECTOR_EVENTS_SQL = """
select account_key, first_date, last_date, followers_before, followers_lost, scope
from marts.fct_follower_purge_events
"""


@dataclass
class MethodScore:
    """Counts behind one method's scores; add them up over worlds with ``+``."""

    detected: int = 0
    detected_matched: int = 0
    truth_in_class: int = 0
    truth_in_class_matched: int = 0
    scope_checked: int = 0
    scope_right: int = 0
    loss_errors: list[float] = field(default_factory=list)

    def __add__(self, other: MethodScore) -> MethodScore:
        return MethodScore(
            self.detected + other.detected,
            self.detected_matched + other.detected_matched,
            self.truth_in_class + other.truth_in_class,
            self.truth_in_class_matched + other.truth_in_class_matched,
            self.scope_checked + other.scope_checked,
            self.scope_right + other.scope_right,
            self.loss_errors + other.loss_errors,
        )

    @property
    def precision(self) -> float | None:
        return self.detected_matched / self.detected if self.detected else None

    @property
    def recall(self) -> float | None:
        return self.truth_in_class_matched / self.truth_in_class if self.truth_in_class else None

    @property
    def scope_accuracy(self) -> float | None:
        return self.scope_right / self.scope_checked if self.scope_checked else None

    @property
    def median_loss_error(self) -> float | None:
        return statistics.median(self.loss_errors) if self.loss_errors else None


@dataclass(frozen=True)
class Targets:
    recall: float = 0.95
    precision: float = 0.95
    scope_accuracy: float = 0.9
    median_loss_error: float = 0.10

    def met_by(self, score: MethodScore) -> bool:
        def at_least(value, floor):
            return value is not None and value >= floor

        return (
            at_least(score.recall, self.recall)
            and at_least(score.precision, self.precision)
            and at_least(score.scope_accuracy, self.scope_accuracy)
            and score.median_loss_error is not None
            and score.median_loss_error <= self.median_loss_error
        )


@dataclass
class WorldScore:
    seed: int
    scores: dict[str, MethodScore]
    seconds: dict[str, float]
    misses: list[dict] = field(default_factory=list)
    false_alarms: list[dict] = field(default_factory=list)


def _truth_purges(con: duckdb.DuckDBPyConnection, truth_dir: Path) -> list[dict]:
    """True purges with the warehouse's account key (through the account's current handle)."""
    rows = con.execute(
        """
        select purges.purge_id, accounts.account_key, purges.platform, purges.account_id,
               purges.first_date, purges.last_date, purges.followers_before, purges.loss,
               purges.loss_pct, purges.scope
        from read_csv(?, header = true) as purges
        inner join read_csv(?, header = true) as truth_accounts
            on purges.account_id = truth_accounts.account_id
        left join marts.dim_accounts as accounts
            on accounts.platform = truth_accounts.platform
            and accounts.account_name = truth_accounts.handle
        order by purges.purge_id
        """,
        [str(truth_dir / "purges.csv"), str(truth_dir / "accounts.csv")],
    ).fetchall()
    keys = ("purge_id", "account_key", "platform", "account_id", "first_date", "last_date",
            "followers_before", "loss", "loss_pct", "scope")  # fmt: skip
    return [dict(zip(keys, row, strict=True)) for row in rows]


def _events(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def match_events(
    truth: list[dict],
    detected: list[dict],
    min_loss_pct: float = 2.0,
    min_loss_followers: int = 200,
    tolerance_days: int = MATCH_TOLERANCE_DAYS,
) -> tuple[MethodScore, list[dict], list[dict]]:
    """One-to-one matching of detected events to true purges; the score, misses, false alarms."""
    tolerance = timedelta(days=tolerance_days)
    pairs = []
    for t_index, purge in enumerate(truth):
        for d_index, event in enumerate(detected):
            if event["account_key"] != purge["account_key"]:
                continue
            if (
                event["first_date"] <= purge["last_date"] + tolerance
                and event["last_date"] >= purge["first_date"] - tolerance
            ):
                overlap = (
                    min(event["last_date"], purge["last_date"])
                    - max(event["first_date"], purge["first_date"])
                ).days + 1
                distance = abs((event["first_date"] - purge["first_date"]).days)
                pairs.append((-overlap, distance, t_index, d_index))
    matched_truth: dict[int, int] = {}
    matched_detected: set[int] = set()
    for _, _, t_index, d_index in sorted(pairs):
        if t_index not in matched_truth and d_index not in matched_detected:
            matched_truth[t_index] = d_index
            matched_detected.add(d_index)

    score = MethodScore(detected=len(detected), detected_matched=len(matched_detected))
    misses = []
    for t_index, purge in enumerate(truth):
        if purge["loss_pct"] < min_loss_pct or purge["loss"] < min_loss_followers:
            continue
        score.truth_in_class += 1
        if t_index not in matched_truth:
            misses.append(purge)
            continue
        score.truth_in_class_matched += 1
        event = detected[matched_truth[t_index]]
        if event.get("scope") is not None:
            score.scope_checked += 1
            score.scope_right += event["scope"] == purge["scope"]
        if purge["loss"]:
            lost = event["followers_lost"] or 0
            score.loss_errors.append(abs(lost - purge["loss"]) / purge["loss"])
    false_alarms = [e for i, e in enumerate(detected) if i not in matched_detected]
    return score, misses, false_alarms


def score_warehouse(warehouse_path: Path, truth_dir: Path, seed: int = 0) -> WorldScore:
    """Score the detector's events and the generic z-score's on one built warehouse."""
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        truth = _truth_purges(con, truth_dir)
        detected = _events(con, DETECTOR_EVENTS_SQL)
        generic = _events(con, GENERIC_EVENTS_SQL)
    detector_score, misses, false_alarms = match_events(truth, detected)
    generic_score, _, _ = match_events(truth, generic)
    return WorldScore(
        seed=seed,
        scores={DETECTOR: detector_score, GENERIC: generic_score},
        seconds={},
        misses=misses,
        false_alarms=false_alarms,
    )


def run_dbt(warehouse_path: Path, work_dir: Path, tests: bool = True) -> None:
    """``dbt build`` on ``warehouse_path``; only models and seeds when ``tests`` is false."""
    selection = [] if tests else ["--resource-type", "model", "--resource-type", "seed"]
    dbt_runner.run_dbt(["build", *selection], warehouse_path, work_dir)


def score_world(config, work_dir: Path, dbt_tests: bool = True, keep: bool = False) -> WorldScore:
    """Generate ``config``'s world under ``work_dir``, run the pipeline on it, score it."""
    from socialkpi.generator import generate_world
    from socialkpi.ingest import ingest

    world_dir = Path(work_dir) / f"seed_{config.seed}"
    if world_dir.exists():
        shutil.rmtree(world_dir)
    landing, truth, warehouse = world_dir / "landing", world_dir / "truth", world_dir / "wh.duckdb"
    seconds = {}
    started = time.perf_counter()
    generate_world(config, landing, truth, progress=False)
    seconds["generate"] = time.perf_counter() - started
    started = time.perf_counter()
    ingest(warehouse, landing)
    seconds["ingest"] = time.perf_counter() - started
    started = time.perf_counter()
    run_dbt(warehouse, world_dir, tests=dbt_tests)
    seconds["dbt"] = time.perf_counter() - started
    result = score_warehouse(warehouse, truth, seed=config.seed)
    result.seconds = seconds
    if not keep:
        shutil.rmtree(landing, ignore_errors=True)
    return result


def _fmt(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "n/a"
    return f"{value:.1%}" if percent else f"{value:.3f}"


def format_table(results: list[WorldScore], targets: Targets = Targets()) -> str:
    """The pooled scores of both methods side by side, then one line per world."""
    headers = ["method", "recall", "precision", "scope acc.", "median loss err.",
               "purges >=2%", "found", "events", "false"]  # fmt: skip
    rows = []
    for method in (DETECTOR, GENERIC):
        total = MethodScore()
        for result in results:
            total = total + result.scores[method]
        rows.append([
            method, _fmt(total.recall), _fmt(total.precision), _fmt(total.scope_accuracy),
            _fmt(total.median_loss_error, percent=True), str(total.truth_in_class),
            str(total.truth_in_class_matched), str(total.detected),
            str(total.detected - total.detected_matched),
        ])  # fmt: skip
    rows.append([
        "targets", f">= {targets.recall}", f">= {targets.precision}",
        f">= {targets.scope_accuracy}", f"<= {targets.median_loss_error:.0%}", "", "", "", "",
    ])  # fmt: skip
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = [
        " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)),
        "-|-".join("-" * w for w in widths),
    ]
    lines += [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.append("")
    for result in results:
        d, g = result.scores[DETECTOR], result.scores[GENERIC]
        timing = ", ".join(f"{k} {v:.0f}s" for k, v in result.seconds.items())
        lines.append(
            f"seed {result.seed}: detector recall {_fmt(d.recall)} precision {_fmt(d.precision)} "
            f"scope {_fmt(d.scope_accuracy)} loss err {_fmt(d.median_loss_error, True)} | "
            f"generic recall {_fmt(g.recall)} precision {_fmt(g.precision)}"
            + (f" ({timing})" if timing else "")
        )
    return "\n".join(lines)


def pooled(results: list[WorldScore], method: str = DETECTOR) -> MethodScore:
    """One method's counts added up over ``results``."""
    total = MethodScore()
    for result in results:
        total = total + result.scores[method]
    return total


def add_arguments(parser) -> None:
    """Options of ``socialkpi score``."""
    parser.add_argument("--seeds", default="1,2,3,4,5", help="comma-separated world seeds")
    parser.add_argument("--accounts", type=int, default=200)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--export-every", type=int, default=1, help="days between exports")
    parser.add_argument("--end-date", type=date.fromisoformat, default=None)
    parser.add_argument(
        "--work-dir", type=Path, default=None,
        help="where worlds and warehouses go (default: a temporary directory, removed after)",
    )  # fmt: skip
    parser.add_argument(
        "--no-dbt-tests",
        action="store_true",
        help="build models and seeds only (default: dbt build with every test)",
    )
    parser.add_argument("--keep", action="store_true", help="keep landing zones and warehouses")
    parser.add_argument("--verbose", action="store_true", help="list misses and false alarms")


def run(args) -> int:
    """Score every seed, print the table; exit code 0 when the detector meets the targets."""
    import tempfile

    from socialkpi.generator import WorldConfig

    seeds = [int(s) for s in str(args.seeds).split(",") if s.strip()]
    temporary = None
    work_dir = args.work_dir
    if work_dir is None:
        temporary = tempfile.mkdtemp(prefix="socialkpi-score-")
        work_dir = Path(temporary)
    results = []
    try:
        for seed in seeds:
            options = {
                "seed": seed,
                "accounts": args.accounts,
                "days": args.days,
                "export_every": args.export_every,
            }
            if args.end_date:
                options["end_date"] = args.end_date
            config = WorldConfig(**options)
            result = score_world(config, Path(work_dir), not args.no_dbt_tests, keep=args.keep)
            results.append(result)
            print(format_table([result]).splitlines()[-1], flush=True)
            if args.verbose:
                for purge in result.misses:
                    print(f"  missed: {purge}")
                for event in result.false_alarms:
                    print(f"  false alarm: {event}")
    finally:
        if temporary and not args.keep:
            shutil.rmtree(temporary, ignore_errors=True)
    print()
    print(
        f"{len(seeds)} world(s) of {args.accounts} accounts x {args.days} days, "
        f"export every {args.export_every} day(s), seeds {','.join(map(str, seeds))}"
    )
    print(format_table(results))
    return 0 if Targets().met_by(pooled(results)) else 1
