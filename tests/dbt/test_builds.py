"""Build-level guarantees: re-delivered and overlapping exports never double a
row, incremental runs end where a full refresh does, and dbt stays clean."""

from __future__ import annotations

import duckdb

# Grain of every mart BI reads.
MART_GRAINS = {
    "dim_accounts": ["account_key"],
    "dim_account_handles": ["account_key", "handle"],
    "fct_account_daily": ["account_key", "activity_date"],
    "fct_post_performance": ["post_key"],
    "fct_post_daily": ["post_key", "snapshot_date"],
    "mart_engagement_kpis": ["account_key", "period_grain", "period_start_date"],
    "mart_platform_daily": ["platform", "activity_date"],
    "mart_brand_daily": ["brand", "activity_date"],
    "ops_file_loads": ["source_file", "content_hash"],
}


def test_world_has_redeliveries_and_overlapping_exports(mart_db):
    duplicates = mart_db.execute(
        "select count(*) from truth_files where is_duplicate_of is not null"
    ).fetchone()[0]
    assert duplicates > 0
    # Every day is reported by several exports (overlapping windows).
    overlapping = mart_db.execute(
        "select count(*) from raw.raw_x_account_overview group by _account, activity_date "
        "having count(distinct _export_date) > 1 limit 1"
    ).fetchall()
    assert overlapping


def test_no_duplicate_grain_rows_after_redelivery_and_overlap(mart_db):
    for mart, grain in MART_GRAINS.items():
        columns = ", ".join(grain)
        duplicated = mart_db.execute(
            f"select count(*) from (select {columns} from marts.{mart} "
            f"group by {columns} having count(*) > 1)"
        ).fetchone()[0]
        assert duplicated == 0, mart
        assert mart_db.execute(f"select count(*) from marts.{mart}").fetchone()[0] > 0, mart


def test_full_refresh_equals_incremental_runs(warehouses):
    con = duckdb.connect()
    con.execute(f"attach '{warehouses.incremental}' as incremental (read_only)")
    con.execute(f"attach '{warehouses.full_refresh}' as full_refresh (read_only)")
    for mart in MART_GRAINS:
        columns = con.execute(
            "select column_name, data_type from duckdb_columns() "
            "where database_name = 'full_refresh' and schema_name = 'marts' and table_name = ? "
            "order by column_index",
            [mart],
        ).fetchall()
        # Averages of doubles may differ in the last bits with the summation order.
        select = ", ".join(
            f"round({name}, 12)" if data_type == "DOUBLE" else name for name, data_type in columns
        )
        for left, right in (("incremental", "full_refresh"), ("full_refresh", "incremental")):
            differing = con.execute(
                f"select count(*) from (select {select} from {left}.marts.{mart} "
                f"except all select {select} from {right}.marts.{mart})"
            ).fetchone()[0]
            assert differing == 0, (mart, f"rows in {left} only")
    con.close()


def test_incremental_marts_were_built_incrementally(warehouses):
    output = warehouses.final_build_output
    for mart in (
        "fct_account_daily",
        "fct_post_daily",
        "mart_engagement_kpis",
        "mart_platform_daily",
    ):
        assert f"incremental model marts.{mart}" in output, mart


def test_final_build_ran_unit_tests_and_no_deprecations(warehouses):
    output = warehouses.final_build_output
    assert "unit tests" in output
    assert "Deprecat" not in output
    assert "ERROR=0" in output
