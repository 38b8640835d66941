"""Every hostile case of tests/hostile at once, beside its valid world (and the corpus),
through the session's real daily DAG run: the run completes and publishes, and the valid
world's marts equal a clean run's."""

from __future__ import annotations

import os

import duckdb
import pytest

from tests.utils import dbt_build

pytestmark = pytest.mark.airflow

VOLATILE = {"loaded_at", "account_key"}


def valid_world_daily(warehouse, accounts: list[str]) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = [c for (c,) in con.execute(
            "select column_name from duckdb_columns() where schema_name = 'marts' "
            "and table_name = 'fct_account_daily' order by column_index").fetchall()
            if c not in VOLATILE]  # fmt: skip
        return con.execute(
            f"select {', '.join(columns)} from marts.fct_account_daily "
            "where account_name in (select unnest(?)) order by all",
            [accounts],
        ).fetchall()


def test_the_run_over_every_hostile_case_publishes_the_valid_worlds_marts(real_world, tmp_path):
    if os.environ.get("SOCIALKPI_REAL_EXPORTS_FAST") != "1":
        assert "state=success" in real_world.log
    from socialkpi.ingest import ingest

    clean = tmp_path / "clean" / "socialkpi.duckdb"
    ingest(clean, real_world.valid_landing, progress=False)
    dbt_build(clean, tmp_path / "clean-dbt", allow_warnings=True)
    accounts = sorted({p.name for p in real_world.valid_landing.glob("*/*") if p.is_dir()})
    published = valid_world_daily(real_world.serving_path, accounts)
    assert published == valid_world_daily(clean, accounts)
    assert len(published) > 100
