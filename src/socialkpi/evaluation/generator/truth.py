"""Writes the ground truth CSV files (schemas in this package's README.md)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from socialkpi.evaluation.generator.landing import FileRecord
from socialkpi.evaluation.generator.world import (
    DAILY_METRICS,
    PLATFORM_DAILY_METRICS,
    PLATFORM_POST_METRICS,
    POST_METRICS,
    World,
    post_saturation,
)

TRUTH_FILES = (
    "accounts.csv",
    "handles.csv",
    "account_daily.csv",
    "purges.csv",
    "platform_purges.csv",
    "events.csv",
    "glitches.csv",
    "posts.csv",
    "files.csv",
    "bad_files.csv",
    "undefined_cells.csv",
    "world.json",
)
POST_DERIVED = {
    "x": {
        "engagements": (
            "likes",
            "saves",
            "shares",
            "comments",
            "reposts",
            "profile_visits",
            "detail_expands",
            "link_clicks",
            "hashtag_clicks",
            "permalink_clicks",
        )
    },
    "facebook": {
        "reactions_comments_shares": ("likes", "comments", "shares"),
        "total_clicks": ("link_clicks", "other_clicks"),
    },
}


def _write(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n")


def _masked(values: np.ndarray, keep: np.ndarray):
    """Integers as nullable, NA where the platform's exports do not report them."""
    array = pd.array(values, dtype="Int64")
    array[~keep] = pd.NA
    return array


def write_truth(
    world: World,
    truth_dir: Path,
    records: list[FileRecord],
    undefined: list[dict],
    bad_rows: list[dict],
    summary: dict,
) -> None:
    """Write every truth file into ``truth_dir``."""
    truth_dir.mkdir(parents=True, exist_ok=True)
    _write(_accounts(world), truth_dir / "accounts.csv")
    _write(_handles(world), truth_dir / "handles.csv")
    _write(_daily(world), truth_dir / "account_daily.csv")
    _write(
        pd.DataFrame(
            world.purges,
            columns=[
                "purge_id",
                "platform",
                "account_id",
                "first_date",
                "last_date",
                "followers_before",
                "followers_after",
                "loss",
                "loss_pct",
                "scope",
                "platform_event",
            ],
        ),
        truth_dir / "purges.csv",
    )
    platform_rows = []
    for p in world.platform_purges:
        event = f"{p.platform}-{p.first_date}"
        hit = [r for r in world.purges if r["platform_event"] == event]
        platform_rows.append(
            {
                "platform_event": event,
                "platform": p.platform,
                "first_date": p.first_date.isoformat(),
                "days": p.days,
                "accounts_on_platform": sum(a.platform == p.platform for a in world.accounts),
                "accounts_affected": len(hit),
            }
        )
    _write(
        pd.DataFrame(
            platform_rows,
            columns=[
                "platform_event",
                "platform",
                "first_date",
                "days",
                "accounts_on_platform",
                "accounts_affected",
            ],
        ),
        truth_dir / "platform_purges.csv",
    )
    _write(
        pd.DataFrame(
            world.events,
            columns=["account_id", "platform", "kind", "first_date", "last_date", "magnitude"],
        ),
        truth_dir / "events.csv",
    )
    _write(_glitches(world), truth_dir / "glitches.csv")
    _write(_posts(world), truth_dir / "posts.csv")
    _write(
        pd.DataFrame([vars(r) for r in records], columns=list(FileRecord.__dataclass_fields__)),
        truth_dir / "files.csv",
    )
    _write(
        pd.DataFrame(
            bad_rows,
            columns=[
                "path",
                "platform",
                "account_id",
                "account_folder",
                "export_date",
                "kind",
                "source_path",
                "bad_lines",
                "valid_rows",
                "description",
            ],
        ),
        truth_dir / "bad_files.csv",
    )
    _write(
        pd.DataFrame(
            undefined,
            columns=[
                "path",
                "member",
                "platform",
                "account_id",
                "export_date",
                "date",
                "column",
                "true_value",
                "is_duplicate",
            ],
        ),
        truth_dir / "undefined_cells.csv",
    )
    (truth_dir / "world.json").write_text(
        json.dumps(
            {"config": world.config.to_json_dict(), "summary": summary},
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )


GLITCH_COLUMNS = [
    "glitch_id",
    "platform",
    "account_id",
    "date",
    "kind",
    "true_total",
    "reported_total",
    "source_path",
    "other_source",
]


def _glitches(world: World) -> pd.DataFrame:
    """One row per glitched API snapshot: the day, what it reported instead of the truth, the
    file (landing path), and the other file stating the right total that day, if any."""
    rows = []
    for k, g in enumerate(sorted(world.glitches, key=lambda g: (g["day"], g["account"])), 1):
        a, e = world.accounts[g["account"]], g["export_index"]
        export_date = world.dates[e].isoformat()
        rows.append(
            {
                "glitch_id": f"glitch_{k:04d}",
                "platform": a.platform,
                "account_id": a.account_id,
                "date": world.dates[g["day"]].isoformat(),
                "kind": g["kind"],
                "true_total": g["true_total"],
                "reported_total": g["reported_total"],
                "source_path": f"{a.platform}/{a.handle_at(e)[0]}/{export_date}/"
                f"api_snapshot_{a.platform}_{export_date}.json",
                "other_source": g["other_source"],
            }
        )
    return pd.DataFrame(rows, columns=GLITCH_COLUMNS)


def _accounts(world: World) -> pd.DataFrame:
    config = world.config
    scheduled = np.arange(world.days, 0, -config.export_every)[::-1]
    rows = []
    for a in world.accounts:
        folder, username = a.handle_at(world.days)
        history = "|".join(f"{h}@{world.dates[f].isoformat()}" for h, _, f in a.handles)
        missing = np.setdiff1d(scheduled, a.export_days)
        rows.append(
            {
                "account_id": a.account_id,
                "platform": a.platform,
                "handle": folder,
                "username": username,
                "display_name": a.display_name,
                "platform_account_id": a.platform_id,
                "handle_history": history,
                "renamed_on": world.dates[a.handles[-1][2]].isoformat()
                if len(a.handles) > 1
                else "",
                "size_class": a.size_class,
                "followers_initial": a.followers_initial,
                "is_bought_followers": a.is_bought_followers,
                "language": a.language,
                "first_export_date": world.dates[int(a.export_days[0])].isoformat(),
                "last_export_date": world.dates[int(a.export_days[-1])].isoformat(),
                "exports": len(a.export_days),
                "missing_export_dates": ";".join(
                    world.dates[e].isoformat() for e in missing.tolist()
                ),
            }
        )
    return pd.DataFrame(rows)


def _handles(world: World) -> pd.DataFrame:
    rows = []
    for a in world.accounts:
        for k, (folder, username, valid_from) in enumerate(a.handles):
            valid_to = a.handles[k + 1][2] - 1 if k + 1 < len(a.handles) else None
            rows.append(
                {
                    "account_id": a.account_id,
                    "platform": a.platform,
                    "handle": folder,
                    "username": username,
                    "valid_from": world.dates[valid_from].isoformat(),
                    "valid_to": world.dates[valid_to].isoformat() if valid_to is not None else "",
                }
            )
    return pd.DataFrame(rows)


# The product's engagements of an account's day (dbt_project/README.md, "KPIs"): the
# actions each platform's daily export counts, summed here from the world's simulated
# actions themselves (unmasked, before any export), so that the marts' figure is checked
# against the actions, not against the exported columns the SQL adds up.
ENGAGEMENT_ACTIONS = {
    "instagram": ("likes", "comments", "shares", "saves"),
    "facebook": ("likes", "comments", "shares", "saves"),
    "x": ("likes", "comments", "reposts", "shares", "saves"),
    "tiktok": ("likes", "comments", "shares"),
    "linkedin": ("likes", "comments", "reposts"),
}


def _engagement_actions(world: World):
    """Engagement actions per account and day (NA where the platform's daily exports
    report none), raveled like the truth frame."""
    actions = np.zeros((len(world.accounts), world.days), dtype=np.int64)
    counted = np.zeros(len(world.accounts), dtype=bool)
    for account in world.accounts:
        parts = ENGAGEMENT_ACTIONS.get(account.platform, ())
        counted[account.index] = bool(parts)
        for metric in parts:
            actions[account.index] += world.daily[metric][account.index]
    return _masked(actions.ravel(), np.repeat(counted, world.days))


def _daily(world: World) -> pd.DataFrame:
    n, days = len(world.accounts), world.days
    platforms = np.array([a.platform for a in world.accounts])
    reported = np.zeros((n, days), dtype=bool)
    for a in world.accounts:
        if a.platform == "tiktok":
            reported[a.index] = a.newest_export(days) > 0  # FollowerHistory covers every day
        else:
            reported[a.index, a.export_days - 1] = True  # API snapshot of day E-1
    frame = pd.DataFrame(
        {
            "account_id": np.repeat([a.account_id for a in world.accounts], days),
            "platform": np.repeat(platforms, days),
            "date": np.tile([d.isoformat() for d in world.dates[:days]], n),
        }
    )
    for column in ("followers_total", "gains", "losses", "net_change", "purge_loss"):
        frame[column] = world.daily[column].ravel()
    frame["total_in_exports"] = reported.ravel()
    for metric in DAILY_METRICS:
        keep = np.array([metric in PLATFORM_DAILY_METRICS[a.platform] for a in world.accounts])
        frame[metric] = _masked(world.daily[metric].ravel(), np.repeat(keep, days))
    frame["engagement_actions"] = _engagement_actions(world)
    return frame


def _posts(world: World) -> pd.DataFrame:
    posts = world.posts
    accounts = world.accounts
    platform = np.array([accounts[i].platform for i in posts.account.tolist()])
    newest = (
        np.concatenate([a.newest_export(world.days) for a in accounts]) if accounts else np.zeros(0)
    )
    last_export = newest[posts.account * world.days + posts.day]
    saturation = post_saturation(last_export, posts.day, posts.minute, posts.tau)
    listed = np.isin(platform, [p for p, m in PLATFORM_POST_METRICS.items() if m]) & (
        last_export > 0
    )
    frame = pd.DataFrame(
        {
            "post_id": posts.post_id,
            "account_id": [accounts[i].account_id for i in posts.account.tolist()],
            "platform": platform,
            "publish_time": [
                f"{world.dates[d].isoformat()} {m // 60:02d}:{m % 60:02d}"
                for d, m in zip(posts.day.tolist(), posts.minute.tolist(), strict=True)
            ],
            "post_type": posts.post_type,
            "duration_sec": posts.duration,
            "listed_in_exports": listed,
            "last_export_date": [
                world.dates[e].isoformat() if e > 0 else "" for e in last_export.tolist()
            ],
        }
    )
    values = {m: np.floor(posts.final[m] * saturation).astype(np.int64) for m in POST_METRICS}
    for derived in ("engagements", "reactions_comments_shares", "total_clicks"):
        parts = next(d[derived] for d in POST_DERIVED.values() if derived in d)
        values[derived] = sum(values[m] for m in parts)
    for metric, column in values.items():
        keep = (
            np.array(
                [
                    metric in PLATFORM_POST_METRICS[p] or metric in POST_DERIVED.get(p, {})
                    for p in platform
                ],
                dtype=bool,
            )
            & listed
        )
        frame[metric] = _masked(column, keep)
    return frame
