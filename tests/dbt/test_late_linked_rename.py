"""A renamed account whose first export under the new handle carries no id.

Facebook accounts, each renamed once. In the first export folder of each new
handle only the Meta metric files (Views.csv, Follows.csv, ... : no account
id, no post id) are kept: the API snapshot and the content export are
removed. That day the new folder is an account of its own; the next day's
API snapshot and content export link it to the old folder, and its rows must
move to the surviving account key. Loaded in daily batches with an
incremental build after each, the marts must end exactly as a full refresh of
the same raw data builds them, with no row left under the retired key.
"""

from __future__ import annotations

import csv
import shutil
from datetime import date, timedelta

import duckdb
import pytest

from socialkpi.evaluation.generator import WorldConfig, generate_world
from socialkpi.ingest import ingest
from tests.dbt.conftest import rows_only_in_one
from tests.utils import dbt_build

WORLD = WorldConfig(
    seed=3, accounts=6, days=30, platforms=("facebook",), rename_rate=1.0, bad_files=False,
    platform_purges=(), missing_export_rate=0.0, duplicate_rate=0.0,
)  # fmt: skip
MODELS_AND_SEEDS = ("--resource-type", "model", "--resource-type", "seed")
# The purge models are left out here: tests/purges checks them for determinism.
NOT_PURGES = ("--exclude", "path:models/intermediate/purges", "path:models/marts/purges")


def mart_tables(con) -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables "
        "where table_schema = 'marts' and table_type = 'BASE TABLE' order by 1"
    ).fetchall()
    return [name for (name,) in rows]


def orphan_account_rows(warehouse) -> int:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            """
            select
                (select count(*) from marts.fct_account_daily
                 where account_key not in (select account_key from marts.dim_accounts))
                + (select count(*) from marts.mart_engagement_kpis
                   where account_key not in (select account_key from marts.dim_accounts))
                + (select count(*) from marts.fct_post_daily
                   where account_key not in (select account_key from marts.dim_accounts))
            """
        ).fetchone()[0]


@pytest.fixture(scope="module")
def rename_world(tmp_path_factory):
    root = tmp_path_factory.mktemp("late_linked_rename")
    landing, truth = root / "landing", root / "truth"
    generate_world(WORLD, landing, truth, progress=False)
    with (truth / "accounts.csv").open(encoding="utf-8") as handle:
        renamed = [row for row in csv.DictReader(handle) if row["renamed_on"]]
    assert renamed, "the world must rename accounts"

    # Strip the id-bearing files from each new handle's first export folder.
    first_days = []
    for account in renamed:
        new_folder = landing / "facebook" / account["handle"]
        first_export = min(new_folder.iterdir())
        for path in first_export.iterdir():
            # The content export is named after the page id.
            if path.name.startswith("api_snapshot") or account["platform_account_id"] in path.name:
                path.unlink()
        remaining = sorted(p.name for p in first_export.iterdir())
        assert remaining and not any("api_snapshot" in name for name in remaining), remaining
        first_days.append(date.fromisoformat(first_export.name))
    return root, landing, first_days


def test_incremental_runs_move_late_linked_folders_to_the_surviving_key(rename_world):
    root, landing, first_days = rename_world
    daily = root / "daily.duckdb"
    split_seen = False
    cutoffs = sorted({day + timedelta(days=offset) for day in first_days for offset in (-1, 0)})
    for cutoff in cutoffs:
        ingest(daily, landing, up_to=cutoff)
        dbt_build(daily, root, *MODELS_AND_SEEDS, *NOT_PURGES)
        with duckdb.connect(str(daily), read_only=True) as con:
            accounts = con.execute("select count(*) from marts.dim_accounts").fetchone()[0]
        # On a new handle's first day the unlinked folder is an account of its own.
        split_seen = split_seen or accounts > WORLD.accounts
    assert split_seen, "the scenario did not happen: no unlinked folder was ever built"
    ingest(daily, landing)
    dbt_build(daily, root, *NOT_PURGES)  # every test: relationships to dim_accounts too

    full = root / "full_refresh.duckdb"
    shutil.copy(daily, full)
    dbt_build(full, root, "--full-refresh", *MODELS_AND_SEEDS, *NOT_PURGES)

    assert orphan_account_rows(daily) == 0
    with duckdb.connect(str(daily), read_only=True) as con:
        assert (
            con.execute("select count(*) from marts.dim_accounts").fetchone()[0] == WORLD.accounts
        )
    with duckdb.connect(str(full), read_only=True) as con:
        tables = mart_tables(con)
    assert {"fct_account_daily", "mart_engagement_kpis", "mart_platform_daily"} <= set(tables)
    for table in tables:
        assert rows_only_in_one(daily, full, table) == {"left only": 0, "right only": 0}, table
