"""dbt macros whose numbers are worked out here independently: the Poisson tail behind the
comment-storm test (int_purge_comment_baselines)."""

from __future__ import annotations

import json
import math

from socialkpi.dbt_runner import run_dbt

# (observed, expected): a storm on few comments, one that chance explains, large counts,
# nothing observed, and no expectation at all.
CASES = [(4, 0.69), (6, 2.0), (20, 10.0), (1, 0.01), (130, 100.0), (0, 3.0), (5, 0.0)]


def upper_tail(observed: int, expected: float) -> float | None:
    """P(X >= observed), X ~ Poisson(expected), summed over the upper tail itself (the macro
    sums the lower part and subtracts), term by term from the mode-free recurrence."""
    if expected <= 0:
        return None
    if observed <= 0:
        return 1.0
    term = math.exp(-expected + observed * math.log(expected) - math.lgamma(observed + 1))
    total, i = 0.0, observed
    while term > 1e-18 * max(total, 1e-300) or i < expected:
        total += term
        i += 1
        term *= expected / i
    return total


def test_poisson_upper_tail_matches_an_independent_sum(tmp_path):
    values = ", ".join(f"({k}, {lam!r})" for k, lam in CASES)
    sql = (
        "select observed, expected, {{ poisson_upper_tail('observed', 'expected') }} as p "
        f"from (values {values}) as cases(observed, expected)"
    )
    run = run_dbt(
        ["show", "--quiet", "--output", "json", "--limit", "100", "--inline", sql],
        tmp_path / "wh.duckdb", tmp_path,
    )  # fmt: skip
    rows = json.loads(run.output[run.output.index("{") :])["show"]
    got = {(row["observed"], row["expected"]): row["p"] for row in rows}
    for observed, expected in CASES:
        want = upper_tail(observed, expected)
        p = got[(observed, float(expected))]
        if want is None:
            assert p is None, (observed, expected)
        else:
            assert math.isclose(p, want, rel_tol=1e-6, abs_tol=1e-12), (observed, expected, p, want)
    # The two cases the detector's threshold (0.01) separates.
    assert got[(4, 0.69)] < 0.01 < got[(6, 2.0)]
