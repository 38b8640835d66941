"""A generated world, ingested in three daily batches with an incremental
`dbt build` after each, plus a copy of the same raw data built with
`--full-refresh`: the warehouses the dbt tests read (read-only)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pytest

from socialkpi import dbt_runner
from socialkpi.dbt_runner import DbtRun
from socialkpi.evaluation.generator import WorldConfig, generate_world
from socialkpi.ingest import ingest

# Six accounts (one per platform) over 45 days, an export every 2 days with a
# 28-day window (60 for TikTok): every day is restated by many exports. Seed 1
# renames the TikTok account (no account id in TikTok exports: the rename must
# be linked through its videos). 10% of export folders hold a re-delivered file;
# 30% of the CSV exports are French, German or Excel-resaved variants.
WORLD = WorldConfig(
    seed=1, accounts=6, days=45, export_every=2, duplicate_rate=0.1, localized_share=0.3
)
# Export dates loaded by each daily batch (the last batch loads the rest).
BATCH_CUTOFFS = (date(2026, 10, 25), date(2026, 11, 5), None)
MODELS_AND_SEEDS = ("--resource-type", "model", "--resource-type", "seed")


@dataclass(frozen=True)
class Warehouses:
    truth_dir: Path
    incremental: Path  # three batches, incremental builds; the last one with every test
    full_refresh: Path  # the same raw data, every model rebuilt from scratch
    final_build_output: str
    final_artifacts: Path  # run_results.json and manifest.json of that last build


def run_dbt(warehouse: Path, work_dir: Path, *args: str) -> DbtRun:
    """`dbt <args>` on ``warehouse`` as a subprocess (its printed output is tested)."""
    return dbt_runner.run_dbt(list(args), warehouse, work_dir)


@pytest.fixture(scope="session")
def warehouses(tmp_path_factory) -> Warehouses:
    root = tmp_path_factory.mktemp("dbt_world")
    landing, truth = root / "landing", root / "truth"
    generate_world(WORLD, landing, truth, progress=False)

    incremental = root / "incremental.duckdb"
    for cutoff in BATCH_CUTOFFS[:-1]:
        ingest(incremental, landing, up_to=cutoff)
        run_dbt(incremental, root, "build", *MODELS_AND_SEEDS)
    ingest(incremental, landing, up_to=BATCH_CUTOFFS[-1])
    # The last daily run builds and tests everything (unit tests included).
    final_output = run_dbt(incremental, root, "build").output
    final_artifacts = root / "final_build_artifacts"
    final_artifacts.mkdir()
    for artifact in ("run_results.json", "manifest.json"):
        shutil.copy(root / "target" / artifact, final_artifacts / artifact)

    full_refresh = root / "full_refresh.duckdb"
    shutil.copy(incremental, full_refresh)
    run_dbt(full_refresh, root, "build", "--full-refresh", *MODELS_AND_SEEDS)
    return Warehouses(truth, incremental, full_refresh, final_output, final_artifacts)


@pytest.fixture(scope="session")
def mart_db(warehouses) -> duckdb.DuckDBPyConnection:
    """Read-only connection to the incremental warehouse, with the truth as tables."""
    con = duckdb.connect(str(warehouses.incremental), read_only=True)
    id_columns = {"accounts": "platform_account_id", "posts": "post_id"}
    for name in ("account_daily", "accounts", "handles", "posts", "files"):
        types = f", types = {{'{id_columns[name]}': 'VARCHAR'}}" if name in id_columns else ""
        con.execute(
            f"create temp table truth_{name} as select * from read_csv(?, header = true{types})",
            [str(warehouses.truth_dir / f"{name}.csv")],
        )
    # Truth account -> the warehouse's account key, through every handle it had.
    con.execute(
        """
        create temp table account_map as
        select distinct truth_handles.account_id, dim_account_handles.account_key
        from truth_handles
        inner join marts.dim_account_handles
            on dim_account_handles.platform = truth_handles.platform
            and dim_account_handles.handle = truth_handles.handle
        """
    )
    yield con
    con.close()


def rows_only_in_one(left: Path, right: Path, table: str, schema: str = "marts") -> dict[str, int]:
    """Rows of ``schema.table`` found in one warehouse and not the other (multiset
    difference, both ways), doubles rounded to 12 digits: averages of doubles
    may differ in the last bits with the summation order."""
    with duckdb.connect() as con:
        con.execute("attach ? as left_db (read_only)", [str(left)])
        con.execute("attach ? as right_db (read_only)", [str(right)])
        columns = con.execute(
            "select column_name, data_type from duckdb_columns() "
            "where database_name = 'right_db' and schema_name = ? and table_name = ? "
            "order by column_index",
            [schema, table],
        ).fetchall()
        assert columns, f"{schema}.{table} not found"
        select = ", ".join(
            f'round("{name}", 12)' if data_type == "DOUBLE" else f'"{name}"'
            for name, data_type in columns
        )
        counts = {}
        for this, other in (("left_db", "right_db"), ("right_db", "left_db")):
            counts[this] = con.execute(
                f'select count(*) from (select {select} from {this}.{schema}."{table}" '
                f'except all select {select} from {other}.{schema}."{table}")'
            ).fetchone()[0]
        return {"left only": counts["left_db"], "right only": counts["right_db"]}
