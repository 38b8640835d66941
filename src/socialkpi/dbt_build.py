"""The daily run's dbt step: one ``dbt build`` of the whole project, and each model's outcome.

The DAG runs dbt once per run (``dbt_build``, in the one-slot writer pool) instead of one
Airflow task per model: the per-model tasks ran one at a time (one DuckDB writer), each paying
a task start, dbt's start and its partial parse, ~5.5 s a model under the scheduler for ~0.5 s
of dbt work (the 12-account demo's run: 556 s then, 70-81 s now). Each model's status still
shows in Airflow: one status task per model (:mod:`socialkpi.dbt_status`) reports the outcome
this module computes from dbt's own artifacts (``run_results.json`` and ``manifest.json`` of
the build's target folder).

A model's outcome folds in its tests (data tests and unit tests; a test of several models
counts for each of them):

- ``success``: the model was built (or is a view that was created) and none of its tests
  failed (tests of severity ``warn`` that warn are counted, not failures);
- ``failed``: the model errored, or one of its tests failed or errored;
- ``skipped``: dbt did not build it because something upstream failed;
- ``missing``: no result at all (dbt stopped before reaching it): a failure, never a success.

No Airflow here: the status tasks and the DAG only read what :func:`node_outcomes` returns.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

BUILDABLE_TYPES = ("model", "seed", "snapshot")
_TEST_TYPES = ("test", "unit_test")
_BUILT = frozenset({"success"})
_TEST_PASSED = frozenset({"pass", "success"})
_TEST_WARNED = frozenset({"warn"})
_SKIPPED = frozenset({"skipped"})


@dataclass(frozen=True)
class BuildNode:
    """A node the build creates (model, seed, snapshot) as the DAG shows it."""

    unique_id: str
    name: str
    resource_type: str
    layer: str  # staging, intermediate, marts, seeds, ...: the task group it shows in


@dataclass
class NodeOutcome:
    status: str  # success | failed | skipped | missing
    detail: str = ""
    seconds: float = 0.0
    tests_passed: int = 0
    tests_warned: int = 0
    tests_failed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def load_json(path: Path) -> dict:
    return json.loads(Path(path).read_text())


def buildable_nodes(manifest: dict, package: str = "socialkpi") -> list[BuildNode]:
    """The project's models, seeds and snapshots in a stable order (layer, then name)."""
    nodes = []
    for unique_id, node in manifest.get("nodes", {}).items():
        if node.get("resource_type") not in BUILDABLE_TYPES or node.get("package_name") != package:
            continue
        if (node.get("config") or {}).get("materialized") == "ephemeral":
            continue  # never built on its own, no result of its own
        fqn = node.get("fqn") or []
        layer = fqn[1] if node["resource_type"] == "model" and len(fqn) > 2 else "seeds"
        if node["resource_type"] == "snapshot":
            layer = "snapshots"
        nodes.append(BuildNode(unique_id, node["name"], node["resource_type"], layer))
    return sorted(nodes, key=lambda n: (n.layer, n.name))


def _test_parents(manifest: dict) -> dict[str, tuple[str, list[str]]]:
    """Each test's (data or unit) name and buildable parents."""
    parents: dict[str, tuple[str, list[str]]] = {}
    for section in ("nodes", "unit_tests"):
        for unique_id, node in manifest.get(section, {}).items():
            if node.get("resource_type") not in _TEST_TYPES:
                continue
            depends = (node.get("depends_on") or {}).get("nodes") or []
            name = node.get("name") or unique_id
            parents[unique_id] = (
                name,
                [d for d in depends if d.split(".", 1)[0] in BUILDABLE_TYPES],
            )
    return parents


def node_outcomes(run_results: dict | None, manifest: dict) -> dict[str, NodeOutcome]:
    """Every buildable node's outcome from one build's ``run_results.json`` and manifest.

    ``run_results`` None (dbt wrote none: it failed before running anything) makes every node
    ``missing``."""
    outcomes = {
        node.unique_id: NodeOutcome("missing", "no result") for node in buildable_nodes(manifest)
    }
    results = (run_results or {}).get("results") or []
    parents = _test_parents(manifest)
    tests = []
    for result in results:
        unique_id = result.get("unique_id", "")
        status = str(result.get("status", "")).lower()
        message = (result.get("message") or "").strip()
        seconds = float(result.get("execution_time") or 0.0)
        if unique_id in outcomes:
            if status in _BUILT:
                outcome = NodeOutcome("success", message, seconds)
            elif status in _SKIPPED:
                outcome = NodeOutcome("skipped", message or "skipped: an upstream node failed")
            else:
                outcome = NodeOutcome("failed", f"{status}: {message}" if message else status)
                outcome.seconds = seconds
            outcomes[unique_id] = outcome
        elif unique_id in parents:
            tests.append((unique_id, status, message))
    for unique_id, status, message in tests:
        name, test_parents = parents[unique_id]
        for parent in test_parents:
            outcome = outcomes.get(parent)
            if outcome is None:
                continue
            if status in _TEST_PASSED:
                outcome.tests_passed += 1
            elif status in _TEST_WARNED:
                outcome.tests_warned += 1
            elif status in _SKIPPED:
                continue
            else:
                outcome.tests_failed.append(f"{name} ({status}): {message}")
                if outcome.status == "success":
                    outcome.status = "failed"
    for outcome in outcomes.values():
        if (
            outcome.status == "failed"
            and outcome.tests_failed
            and not outcome.detail.startswith(("error", "fail"))
        ):
            outcome.detail = "tests failed: " + "; ".join(outcome.tests_failed)
    return outcomes


def summarise(outcomes: dict[str, NodeOutcome]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for outcome in outcomes.values():
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    return dict(sorted(counts.items()))


def failures(outcomes: dict[str, NodeOutcome]) -> list[str]:
    """One line per node that did not succeed, failed and missing ones first."""
    order = {"failed": 0, "missing": 1, "skipped": 2}
    bad = [(uid, o) for uid, o in outcomes.items() if o.status != "success"]
    bad.sort(key=lambda item: (order.get(item[1].status, 3), item[0]))
    return [f"{uid.split('.')[-1]}: {o.status} ({o.detail})" for uid, o in bad]
