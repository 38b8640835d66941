"""Build-level guarantees: re-delivered and overlapping exports never double a
row, incremental runs end where a full refresh does, and dbt stays clean."""

from __future__ import annotations

from tests.dbt.conftest import rows_only_in_one

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


# Incremental intermediates whose rows BI never sees, compared as the marts are.
INCREMENTAL_INTERMEDIATES = (
    "int_account_metric_observations",
    "int_post_snapshots_deduplicated",
    "int_follower_totals_screened",
    "int_source_conflicts",
)


def test_full_refresh_equals_incremental_runs(warehouses):
    for mart in MART_GRAINS:
        differing = rows_only_in_one(warehouses.incremental, warehouses.full_refresh, mart)
        assert differing == {"left only": 0, "right only": 0}, mart
    for model in INCREMENTAL_INTERMEDIATES:
        differing = rows_only_in_one(
            warehouses.incremental, warehouses.full_refresh, model, schema="intermediate"
        )
        assert differing == {"left only": 0, "right only": 0}, model


def test_incremental_models_were_built_incrementally(warehouses):
    output = warehouses.final_build_output
    for model in (
        "marts.fct_account_daily",
        "marts.fct_post_daily",
        "marts.mart_engagement_kpis",
        "marts.mart_platform_daily",
        "intermediate.int_account_metrics_deduplicated",
        "intermediate.int_account_daily_assembled",
        "intermediate.int_account_metric_observations",
        "intermediate.int_post_snapshots_deduplicated",
        "intermediate.int_follower_totals_screened",
        "intermediate.int_source_conflicts",
    ):
        assert f"incremental model {model}" in output, model


def test_final_build_ran_unit_tests_and_no_deprecations(warehouses):
    output = warehouses.final_build_output
    assert "unit tests" in output
    assert "Deprecat" not in output
    assert "ERROR=0" in output


def test_every_model_of_a_real_build_has_its_outcome_with_each_test_counted(warehouses):
    """The status tasks' folding (socialkpi.dbt_build) on the artifacts of a real ``dbt build``:
    every model and seed succeeded, and each test result counts once per model it tests."""
    import json

    from socialkpi.dbt_build import buildable_nodes, node_outcomes, summarise

    artifacts = warehouses.final_artifacts
    run_results = json.loads((artifacts / "run_results.json").read_text())
    manifest = json.loads((artifacts / "manifest.json").read_text())
    outcomes = node_outcomes(run_results, manifest)
    built = {r["unique_id"] for r in run_results["results"] if r["unique_id"].startswith(
        ("model.", "seed."))}  # fmt: skip
    assert set(outcomes) == {n.unique_id for n in buildable_nodes(manifest)} == built
    assert summarise(outcomes) == {"success": len(built)}
    # Independently: each test result times the number of models/seeds it depends on.
    graph = {**manifest["nodes"], **manifest.get("unit_tests", {})}
    expected = sum(
        len([d for d in graph[r["unique_id"]]["depends_on"]["nodes"]
             if d.startswith(("model.", "seed."))])
        for r in run_results["results"] if r["unique_id"].startswith(("test.", "unit_test."))
    )  # fmt: skip
    counted = sum(o.tests_passed + o.tests_warned for o in outcomes.values())
    assert counted == expected > 300
