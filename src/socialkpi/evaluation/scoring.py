"""Score the purge detector against the generator's ground truth.

``socialkpi score`` generates worlds (:mod:`socialkpi.evaluation.generator`), runs the
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

Per class (issue 11), ``marts.fct_follower_drop_events`` against every true drop:
purges (``purges.csv``, platform_purge / account_purge by scope), unfollow waves
(``events.csv`` bad_buzz; loss = the true total's net decline over the wave's days)
and data glitches (``glitches.csv``). Matching is one to one on the account and
overlapping days (one day of tolerance), the same class first. Per class:
**recall** = significant true events (purges of 2% and 200 followers, waves of
2%, every glitch whose file the ingest loaded) matched by an event of that class;
**precision** = detected events of the class that match a true event of the class
(any size); purges are also scored with both scopes together (a glitch reported as
a purge lowers their precision); **accuracy** = significant true events found with
the right class, a miss counting as wrong; the **confusion matrix** counts truth x
detected class over all sizes (``none``: unmatched).
"""

from __future__ import annotations

import dataclasses
import json
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


CLASSES = ("platform_purge", "account_purge", "unfollow_wave", "data_glitch")
PURGE_CLASSES = ("platform_purge", "account_purge")
NONE = "none"


@dataclass
class ClassScore:
    """Counts behind the per-class scores of fct_follower_drop_events; add them with ``+``.

    ``confusion[(truth, detected)]`` counts matched pairs, ``(truth, "none")`` true events
    no detected event matches, ``("none", detected)`` detected events matching no truth.
    ``significant`` / ``significant_right`` count the true events of the size classes
    (purges of 2% and 200 followers, waves of 2%, every glitch), per class, and those
    matched by an event of the right class."""

    confusion: dict[tuple[str, str], int] = field(default_factory=dict)
    significant: dict[str, int] = field(default_factory=dict)
    significant_right: dict[str, int] = field(default_factory=dict)
    # detected events per class, and those matching a true event of the same class
    detected: dict[str, int] = field(default_factory=dict)
    detected_right: dict[str, int] = field(default_factory=dict)

    def __add__(self, other: ClassScore) -> ClassScore:
        def add(a: dict, b: dict) -> dict:
            return {k: a.get(k, 0) + b.get(k, 0) for k in {*a, *b}}

        return ClassScore(
            add(self.confusion, other.confusion),
            add(self.significant, other.significant),
            add(self.significant_right, other.significant_right),
            add(self.detected, other.detected),
            add(self.detected_right, other.detected_right),
        )

    def recall(self, *classes: str) -> float | None:
        total = sum(self.significant.get(c, 0) for c in classes)
        return sum(self.significant_right.get(c, 0) for c in classes) / total if total else None

    def precision(self, *classes: str) -> float | None:
        total = sum(self.detected.get(c, 0) for c in classes)
        return sum(self.detected_right.get(c, 0) for c in classes) / total if total else None

    @property
    def accuracy(self) -> float | None:
        """Share of the significant true events found with the right class (a miss is wrong)."""
        return self.recall(*CLASSES)


@dataclass(frozen=True)
class ClassTargets:
    """The targets of issue 11."""

    purge_recall: float = 0.97
    purge_precision: float = 0.99
    wave_recall: float = 0.9
    glitch_recall: float = 0.95
    accuracy: float = 0.95

    def met_by(self, score: ClassScore) -> bool:
        def at_least(value, floor):
            return value is not None and value >= floor

        return (
            at_least(score.recall(*PURGE_CLASSES), self.purge_recall)
            and at_least(score.precision(*PURGE_CLASSES), self.purge_precision)
            and at_least(score.recall("unfollow_wave"), self.wave_recall)
            and at_least(score.recall("data_glitch"), self.glitch_recall)
            and at_least(score.accuracy, self.accuracy)
        )


@dataclass
class WorldScore:
    seed: int
    scores: dict[str, MethodScore]
    seconds: dict[str, float]
    misses: list[dict] = field(default_factory=list)
    false_alarms: list[dict] = field(default_factory=list)
    classes: ClassScore = field(default_factory=ClassScore)
    class_misses: list[dict] = field(default_factory=list)


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


def _truth_drop_events(con: duckdb.DuckDBPyConnection, truth_dir: Path) -> list[dict]:
    """Every true follower drop with its class, the warehouse's account key and whether it is
    significant: purges (purges.csv) of 2% and 200 followers, unfollow waves (events.csv
    bad_buzz; loss = the net decline of the true total over the wave's days, from
    account_daily.csv) of 2%, and every glitch (glitches.csv) whose file was loaded (not
    skipped as a re-delivery of an earlier file)."""
    names = ("purges.csv", "events.csv", "account_daily.csv", "glitches.csv", "accounts.csv")
    files = [str(truth_dir / name) for name in names]
    rows = con.execute(
        """
        with daily as (
            select account_id, cast(date as date) as day, followers_total, net_change
            from read_csv($3, header = true)
        ),
        truth as (
            select account_id,
                case when scope = 'platform_wide' then 'platform_purge' else 'account_purge' end
                    as event_class,
                cast(first_date as date) as first_date, cast(last_date as date) as last_date,
                cast(loss as double) as loss, cast(loss_pct as double) as loss_pct,
                loss_pct >= 2 and loss >= 200 as is_significant, purge_id as truth_id
            from read_csv($1, header = true)
            union all
            select waves.account_id, 'unfollow_wave',
                cast(waves.first_date as date), cast(waves.last_date as date),
                -sum(daily.net_change),
                100.0 * -sum(daily.net_change)
                    / nullif(arg_min(daily.followers_total - daily.net_change, daily.day), 0),
                100.0 * -sum(daily.net_change)
                    / nullif(arg_min(daily.followers_total - daily.net_change, daily.day), 0) >= 2,
                'wave_' || waves.account_id || '_' || waves.first_date
            from read_csv($2, header = true, types = {'magnitude': 'DOUBLE'}) as waves
            inner join daily
                on daily.account_id = waves.account_id
                and daily.day between cast(waves.first_date as date)
                    and cast(waves.last_date as date)
            where waves.kind = 'bad_buzz'
            group by waves.account_id, waves.first_date, waves.last_date
            union all
            -- A glitched file that repeats a loaded one of the same export date is skipped as
            -- a re-delivery by the ingest: nothing to find.
            select account_id, 'data_glitch', cast(date as date), cast(date as date),
                0, 0,
                not exists (
                    select 1 from marts.ops_file_loads as loads
                    where loads.source_file = glitches.source_path
                        and loads.load_status = 'duplicate'
                ),
                glitch_id
            from read_csv($4, header = true, types = {'other_source': 'VARCHAR'}) as glitches
        )
        select truth.truth_id, truth.event_class, accounts.account_key, truth.account_id,
            truth.first_date, truth.last_date, truth.loss, truth.loss_pct, truth.is_significant
        from truth
        inner join read_csv($5, header = true) as truth_accounts
            on truth.account_id = truth_accounts.account_id
        left join marts.dim_accounts as accounts
            on accounts.platform = truth_accounts.platform
            and accounts.account_name = truth_accounts.handle
        order by truth.first_date, truth.account_id
        """,
        files,
    ).fetchall()
    keys = ("truth_id", "event_class", "account_key", "account_id", "first_date", "last_date",
            "loss", "loss_pct", "is_significant")  # fmt: skip
    return [dict(zip(keys, row, strict=True)) for row in rows]


DROP_EVENTS_SQL = """
select event_id, event_class, account_key, platform, account_name, first_date, last_date,
       followers_before, followers_lost, loss_pct, flows_explained_share, days_to_revert,
       platform_share_hit, sources_disagreeing, glitch_source_file
from marts.fct_follower_drop_events
"""


def match_classes(
    truth: list[dict], detected: list[dict], tolerance_days: int = MATCH_TOLERANCE_DAYS
) -> tuple[ClassScore, list[dict]]:
    """One-to-one matching of detected drop events to true ones (same account, day ranges
    overlapping within the tolerance; the same class first, then the largest overlap);
    the per-class counts and the significant true events not found with the right class."""
    tolerance = timedelta(days=tolerance_days)
    pairs = []
    for t_index, true_event in enumerate(truth):
        for d_index, event in enumerate(detected):
            if event["account_key"] != true_event["account_key"]:
                continue
            if (
                event["first_date"] <= true_event["last_date"] + tolerance
                and event["last_date"] >= true_event["first_date"] - tolerance
            ):
                overlap = (
                    min(event["last_date"], true_event["last_date"])
                    - max(event["first_date"], true_event["first_date"])
                ).days + 1
                distance = abs((event["first_date"] - true_event["first_date"]).days)
                other_class = event["event_class"] != true_event["event_class"]
                pairs.append((other_class, -overlap, distance, t_index, d_index))
    matched_truth: dict[int, int] = {}
    matched_detected: dict[int, int] = {}
    for _, _, _, t_index, d_index in sorted(pairs):
        if t_index not in matched_truth and d_index not in matched_detected:
            matched_truth[t_index] = d_index
            matched_detected[d_index] = t_index

    score = ClassScore()
    misses = []

    def bump(counts: dict, key, by: int = 1) -> None:
        counts[key] = counts.get(key, 0) + by

    for t_index, true_event in enumerate(truth):
        found = (
            detected[matched_truth[t_index]]["event_class"] if t_index in matched_truth else NONE
        )
        bump(score.confusion, (true_event["event_class"], found))
        if true_event["is_significant"]:
            bump(score.significant, true_event["event_class"])
            right = found == true_event["event_class"]
            bump(score.significant_right, true_event["event_class"], int(right))
            if not right:
                misses.append({**true_event, "found_as": found})
    for d_index, event in enumerate(detected):
        bump(score.detected, event["event_class"])
        if d_index not in matched_detected:
            bump(score.confusion, (NONE, event["event_class"]))
            continue
        true_class = truth[matched_detected[d_index]]["event_class"]
        bump(score.detected_right, event["event_class"], int(true_class == event["event_class"]))
    return score, misses


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
        truth_drops = _truth_drop_events(con, truth_dir)
        drops = _events(con, DROP_EVENTS_SQL)
    detector_score, misses, false_alarms = match_events(truth, detected)
    generic_score, _, _ = match_events(truth, generic)
    classes, class_misses = match_classes(truth_drops, drops)
    return WorldScore(
        seed=seed,
        scores={DETECTOR: detector_score, GENERIC: generic_score},
        seconds={},
        misses=misses,
        false_alarms=false_alarms,
        classes=classes,
        class_misses=class_misses,
    )


def run_dbt(warehouse_path: Path, work_dir: Path, tests: bool = True) -> None:
    """``dbt build`` on ``warehouse_path``; only models and seeds when ``tests`` is false."""
    selection = [] if tests else ["--resource-type", "model", "--resource-type", "seed"]
    dbt_runner.run_dbt(["build", *selection], warehouse_path, work_dir)


def _kept_world_matches(config, truth: Path, warehouse: Path) -> bool:
    """A kept world of exactly this configuration: its truth says so, and its warehouse is there."""
    if not (warehouse.exists() and (truth / "world.json").exists()):
        return False
    kept = json.loads((truth / "world.json").read_text())["config"]
    wanted = json.loads(json.dumps(dataclasses.asdict(config), default=str))
    return all(kept.get(name) == value for name, value in wanted.items())


def score_world(
    config, work_dir: Path, dbt_tests: bool = True, keep: bool = False, reuse: bool = False
) -> WorldScore:
    """Generate ``config``'s world under ``work_dir``, run the pipeline on it, score it.

    ``reuse``: a world kept by an earlier ``--keep`` run (its truth and its warehouse, with
    the raw layer loaded) is scored again after a new ``dbt build``, without generating or
    ingesting it again: a change to the models is judged in a fraction of the time."""
    from socialkpi.evaluation.generator import generate_world
    from socialkpi.ingest import ingest

    world_dir = Path(work_dir) / f"seed_{config.seed}"
    landing, truth, warehouse = world_dir / "landing", world_dir / "truth", world_dir / "wh.duckdb"
    seconds = {}
    if not (reuse and _kept_world_matches(config, truth, warehouse)):
        if world_dir.exists():
            shutil.rmtree(world_dir)
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


def format_class_table(results: list[WorldScore], targets: ClassTargets = ClassTargets()) -> str:
    """Per-class recall (significant true events) and precision, the accuracy, and the
    confusion matrix (rows: truth; columns: the detected class), pooled over ``results``."""
    total = ClassScore()
    for result in results:
        total = total + result.classes
    headers = ["class", "recall", "precision", "significant", "found right", "detected", "target"]
    lines_of = [
        ("purges (both scopes)", PURGE_CLASSES,
         f"recall >= {targets.purge_recall}, precision >= {targets.purge_precision}"),
        ("platform_purge", ("platform_purge",), ""),
        ("account_purge", ("account_purge",), ""),
        ("unfollow_wave", ("unfollow_wave",), f"recall >= {targets.wave_recall}"),
        ("data_glitch", ("data_glitch",), f"recall >= {targets.glitch_recall}"),
        ("all (accuracy)", CLASSES, f"accuracy >= {targets.accuracy}"),
    ]  # fmt: skip
    rows = []
    for label, classes, target in lines_of:
        rows.append([
            label, _fmt(total.recall(*classes)), _fmt(total.precision(*classes)),
            str(sum(total.significant.get(c, 0) for c in classes)),
            str(sum(total.significant_right.get(c, 0) for c in classes)),
            str(sum(total.detected.get(c, 0) for c in classes)), target,
        ])  # fmt: skip
    lines = _table(headers, rows)
    lines += ["", "confusion matrix (rows: truth, all sizes; columns: detected class)"]
    columns = [*CLASSES, NONE]
    matrix = [
        [truth, *(str(total.confusion.get((truth, found), 0)) for found in columns)]
        for truth in columns
    ]
    lines += _table(["truth \\ detected", *columns], matrix)
    return "\n".join(lines)


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = [
        " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)),
        "-|-".join("-" * w for w in widths),
    ]
    return lines + [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]


def pooled_classes(results: list[WorldScore]) -> ClassScore:
    total = ClassScore()
    for result in results:
        total = total + result.classes
    return total


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
        "--glitch-rate", type=float, default=0.003,
        help="glitched API snapshots per account and export day (default %(default)s)",
    )  # fmt: skip
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
    parser.add_argument(
        "--reuse", action="store_true",
        help="score the worlds an earlier --keep run left in --work-dir again, after a new dbt "
        "build (no generating, no ingest); the others are made as usual",
    )  # fmt: skip
    parser.add_argument("--verbose", action="store_true", help="list misses and false alarms")


def run(args) -> int:
    """Score every seed, print the table; exit code 0 when the detector meets the targets."""
    import tempfile

    from socialkpi.evaluation.generator import WorldConfig

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
                "glitch_rate": args.glitch_rate,
            }
            if args.end_date:
                options["end_date"] = args.end_date
            config = WorldConfig(**options)
            result = score_world(
                config, Path(work_dir), not args.no_dbt_tests, keep=args.keep, reuse=args.reuse
            )
            results.append(result)
            print(format_table([result]).splitlines()[-1], flush=True)
            if args.verbose:
                for purge in result.misses:
                    print(f"  missed: {purge}")
                for event in result.false_alarms:
                    print(f"  false alarm: {event}")
                for event in result.class_misses:
                    print(f"  not found as its class: {event}")
    finally:
        if temporary and not args.keep:
            shutil.rmtree(temporary, ignore_errors=True)
    print()
    print(
        f"{len(seeds)} world(s) of {args.accounts} accounts x {args.days} days, "
        f"export every {args.export_every} day(s), seeds {','.join(map(str, seeds))}"
    )
    print(format_table(results))
    print()
    print(format_class_table(results))
    met = Targets().met_by(pooled(results)) and ClassTargets().met_by(pooled_classes(results))
    return 0 if met else 1
