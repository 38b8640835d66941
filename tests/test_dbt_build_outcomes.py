"""Each model's outcome of one ``dbt build`` (socialkpi.dbt_build), from dbt's artifacts.

The artifacts are small hand-made ``manifest.json`` / ``run_results.json`` in dbt's shape; the
right outcome of each case is worked out by hand in the test. The same folding on the artifacts
of a real build is tested in tests/dbt/test_builds.py.
"""

from __future__ import annotations

from socialkpi.dbt_build import buildable_nodes, failures, node_outcomes, summarise


def _model(name: str, layer: str = "staging", materialized: str = "table") -> tuple[str, dict]:
    uid = f"model.socialkpi.{name}"
    return uid, {
        "resource_type": "model", "package_name": "socialkpi", "name": name,
        "fqn": ["socialkpi", layer, name], "config": {"materialized": materialized},
        "depends_on": {"nodes": []},
    }  # fmt: skip


def _test(name: str, *parents: str) -> tuple[str, dict]:
    uid = f"test.socialkpi.{name}.abc123"
    return uid, {
        "resource_type": "test", "package_name": "socialkpi", "name": name,
        "fqn": ["socialkpi", name], "config": {"materialized": "test"},
        "depends_on": {"nodes": [f"model.socialkpi.{p}" for p in parents]},
    }  # fmt: skip


def _manifest() -> dict:
    nodes = dict(
        [
            _model("stg_a"),
            _model("stg_b"),
            _model("int_ab", "intermediate"),
            _model("fct_ab", "marts"),
            _model("eph", "intermediate", materialized="ephemeral"),
            _test("not_null_stg_a_id", "stg_a"),
            _test("unique_stg_a_id", "stg_a"),
            _test("relationships_int_ab_stg_b", "int_ab", "stg_b"),
            _test("accepted_values_fct_ab", "fct_ab"),
        ]
    )
    nodes["seed.socialkpi.brands"] = {
        "resource_type": "seed", "package_name": "socialkpi", "name": "brands",
        "fqn": ["socialkpi", "brands"], "config": {"materialized": "seed"},
    }  # fmt: skip
    nodes["model.other_pkg.theirs"] = {**_model("theirs")[1], "package_name": "other_pkg"}
    unit_tests = {
        "unit_test.socialkpi.int_ab.test_join": {
            "resource_type": "unit_test",
            "package_name": "socialkpi",
            "name": "test_join",
            "depends_on": {"nodes": ["model.socialkpi.int_ab"]},
        }  # fmt: skip
    }
    return {"nodes": nodes, "unit_tests": unit_tests}


def _result(uid: str, status: str, message: str = "", seconds: float = 0.5) -> dict:
    return {"unique_id": uid, "status": status, "message": message, "execution_time": seconds}


def test_buildable_nodes_are_the_projects_models_and_seeds_by_layer():
    nodes = buildable_nodes(_manifest())
    # No ephemeral model (never built), no test, no other package's model.
    assert [(n.layer, n.name) for n in nodes] == [
        ("intermediate", "int_ab"),
        ("marts", "fct_ab"),
        ("seeds", "brands"),
        ("staging", "stg_a"),
        ("staging", "stg_b"),
    ]


def test_a_clean_build_is_success_everywhere_with_its_tests_counted():
    results = {"results": [
        _result("seed.socialkpi.brands", "success", "INSERT 3"),
        _result("model.socialkpi.stg_a", "success", "OK", 1.25),
        _result("model.socialkpi.stg_b", "success"),
        _result("test.socialkpi.not_null_stg_a_id.abc123", "pass"),
        _result("test.socialkpi.unique_stg_a_id.abc123", "warn", "Got 2 results"),
        _result("unit_test.socialkpi.int_ab.test_join", "pass"),
        _result("model.socialkpi.int_ab", "success"),
        _result("test.socialkpi.relationships_int_ab_stg_b.abc123", "pass"),
        _result("model.socialkpi.fct_ab", "success"),
        _result("test.socialkpi.accepted_values_fct_ab.abc123", "pass"),
    ]}  # fmt: skip
    outcomes = node_outcomes(results, _manifest())
    assert summarise(outcomes) == {"success": 5}
    stg_a = outcomes["model.socialkpi.stg_a"]
    assert (stg_a.seconds, stg_a.tests_passed, stg_a.tests_warned) == (1.25, 1, 1)
    # The relationships test counts for both its models, the unit test for its model.
    assert outcomes["model.socialkpi.stg_b"].tests_passed == 1
    assert outcomes["model.socialkpi.int_ab"].tests_passed == 2
    assert failures(outcomes) == []


def test_a_failing_test_fails_its_models_and_dbt_skips_the_downstream_ones():
    results = {"results": [
        _result("seed.socialkpi.brands", "success"),
        _result("model.socialkpi.stg_a", "success"),
        _result("test.socialkpi.not_null_stg_a_id.abc123", "fail", "Got 4 results"),
        _result("model.socialkpi.stg_b", "error", "Binder Error: column x not found"),
        _result("test.socialkpi.relationships_int_ab_stg_b.abc123", "skipped"),
        _result("model.socialkpi.int_ab", "skipped"),
        _result("model.socialkpi.fct_ab", "skipped"),
    ]}  # fmt: skip
    outcomes = node_outcomes(results, _manifest())
    assert summarise(outcomes) == {"failed": 2, "skipped": 2, "success": 1}
    stg_a, stg_b = outcomes["model.socialkpi.stg_a"], outcomes["model.socialkpi.stg_b"]
    assert stg_a.status == "failed"
    assert stg_a.detail == "tests failed: not_null_stg_a_id (fail): Got 4 results"
    assert stg_b.detail == "error: Binder Error: column x not found"
    assert outcomes["model.socialkpi.fct_ab"].status == "skipped"
    assert failures(outcomes)[:2] == [
        "stg_a: failed (tests failed: not_null_stg_a_id (fail): Got 4 results)",
        "stg_b: failed (error: Binder Error: column x not found)",
    ]


def test_nodes_dbt_never_reached_are_missing_never_success():
    partial = {"results": [_result("model.socialkpi.stg_a", "success")]}
    outcomes = node_outcomes(partial, _manifest())
    assert outcomes["model.socialkpi.stg_a"].status == "success"
    assert summarise(outcomes) == {"missing": 4, "success": 1}
    # No run_results.json at all (dbt stopped before running anything).
    assert summarise(node_outcomes(None, _manifest())) == {"missing": 5}
