"""``generate_world``: simulate, write the landing zone, add bad files, write the truth."""

from __future__ import annotations

import time
from pathlib import Path

from tqdm import tqdm

from socialkpi.evaluation.generator.badfiles import add_bad_files
from socialkpi.evaluation.generator.config import WorldConfig, WorldSummary
from socialkpi.evaluation.generator.landing import Landing
from socialkpi.evaluation.generator.truth import write_truth
from socialkpi.evaluation.generator.world import simulate


def generate_world(
    config: WorldConfig, landing_root: Path, truth_dir: Path, progress: bool = True
) -> WorldSummary:
    """Generate one world: export files under ``landing_root``, truth under ``truth_dir``.

    Same config, same bytes. Files already present in ``landing_root`` are
    overwritten when they have the same path and otherwise left alone, so
    generate into an empty directory.
    """
    started = time.perf_counter()
    landing_root, truth_dir = Path(landing_root), Path(truth_dir)
    world = simulate(config)
    landing = Landing(world, landing_root)
    for account in tqdm(
        world.accounts, desc="writing exports", unit="account", disable=not progress
    ):
        landing.write_account(account)
    bad_rows = add_bad_files(landing, max(1, config.accounts // 50)) if config.bad_files else []
    records = landing.records
    summary = WorldSummary(
        seed=config.seed,
        accounts=config.accounts,
        days=config.days,
        start_date=config.start_date,
        end_date=config.end_date,
        platforms=config.platforms,
        landing_root=landing_root,
        truth_dir=truth_dir,
        files=len(records),
        bytes=sum(r.size_bytes for r in records),
        duplicates=sum(bool(r.is_duplicate_of) for r in records),
        bad_files=len(bad_rows),
        purges=len(world.purges),
        platform_purges=len(world.platform_purges),
        posts=len(world.posts.post_id),
        seconds=0.0,
    )
    # Truth contents never depend on timing: world.json records counts, not seconds.
    counts = {
        k: v
        for k, v in summary.__dict__.items()
        if k not in ("landing_root", "truth_dir", "seconds", "start_date", "end_date", "platforms")
    }
    write_truth(world, truth_dir, records, landing.undefined, bad_rows, counts)
    return WorldSummary(**{**summary.__dict__, "seconds": time.perf_counter() - started})
