"""dbt macros whose numbers are worked out here independently: the tail probabilities behind
the unfollow-wave evidence (int_purge_comment_baselines, int_purge_drop_events): the Poisson
upper tail of a comment storm, the Poisson lower tail and normal distribution function of a
collapse of new follows, and Fisher's combination of the two. One ``dbt show`` computes every
case (a dbt start costs more than all the arithmetic)."""

from __future__ import annotations

import json
import math

import pytest

from socialkpi.dbt_runner import run_dbt

# (observed, expected): a storm on few comments, one that chance explains, large counts,
# nothing observed, and no expectation at all.
UPPER_CASES = [(4, 0.69), (6, 2.0), (20, 10.0), (1, 0.01), (130, 100.0), (0, 3.0), (5, 0.0)]
# (observed, expected): one follow where 6 were expected, none of 3, at the usual, above it,
# a large account, none expected.
LOWER_CASES = [(1, 6.0), (0, 3.0), (6, 6.0), (12, 6.0), (850, 1000.0), (2, 0.0)]
NORMAL_CASES = [-6.0, -3.0, -1.8, -1.25, -0.5, 0.0, 0.7, 2.5, 5.0]
# (p1, p2): the held-out LinkedIn wave (p 0.036 and 0.012), two middling ones, one certain
# signal, no signal at all.
FISHER_CASES = [(0.0359, 0.012), (0.285, 0.05), (0.5, 0.5), (1.0, 1.0), (0.2, 1.0), (1e-6, 0.9)]


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


def lower_tail(observed: int, expected: float) -> float | None:
    """P(X <= observed), X ~ Poisson(expected), summed from 0 (the macro subtracts an upper
    tail from 1)."""
    if expected <= 0:
        return None
    return sum(
        math.exp(-expected + i * math.log(expected) - math.lgamma(i + 1))
        for i in range(observed + 1)
    )


def normal_cdf(z: float) -> float:
    return 0.5 * math.erfc(-z / math.sqrt(2))


def fisher(p1: float, p2: float) -> float:
    """P(chi-square with 4 degrees of freedom >= -2 ln(p1 p2)), integrating its density
    x exp(-x/2) / 4 numerically (Simpson), not through the closed form the macro uses."""
    start = -2 * math.log(p1 * p2)
    steps, width = 20000, 400.0
    h = width / steps

    def density(x: float) -> float:
        return x * math.exp(-x / 2) / 4

    total = density(start) + density(start + width)
    total += sum((4 if k % 2 else 2) * density(start + k * h) for k in range(1, steps))
    return min(total * h / 3, 1.0)


@pytest.fixture(scope="module")
def macro_values(tmp_path_factory) -> dict[tuple, float | None]:
    """(kind, a, b) -> the macro's value, for every case above, from one ``dbt show``."""

    def values(rows) -> str:
        return ", ".join(f"({float(a)!r}, {float(b)!r})" for a, b in rows)

    sql = " union all ".join([
        "select 'upper' as kind, a, b, {{ poisson_upper_tail('a', 'b') }} as p "
        f"from (values {values(UPPER_CASES)}) as cases(a, b)",
        "select 'lower' as kind, a, b, {{ poisson_lower_tail('a', 'b') }} as p "
        f"from (values {values(LOWER_CASES)}) as cases(a, b)",
        "select 'normal' as kind, a, b, {{ normal_cdf('a') }} as p "
        f"from (values {values((z, 0) for z in NORMAL_CASES)}) as cases(a, b)",
        "select 'fisher' as kind, a, b, {{ fisher_combined_p('a', 'b') }} as p "
        f"from (values {values(FISHER_CASES)}) as cases(a, b)",
    ])  # fmt: skip
    tmp_path = tmp_path_factory.mktemp("macros")
    run = run_dbt(
        ["show", "--quiet", "--output", "json", "--limit", "1000", "--inline", sql],
        tmp_path / "wh.duckdb", tmp_path,
    )  # fmt: skip
    rows = json.loads(run.output[run.output.index("{") :])["show"]
    return {(row["kind"], row["a"], row["b"]): row["p"] for row in rows}


def test_poisson_upper_tail_matches_an_independent_sum(macro_values):
    got = {(a, b): p for (kind, a, b), p in macro_values.items() if kind == "upper"}
    for observed, expected in UPPER_CASES:
        want = upper_tail(observed, expected)
        p = got[(float(observed), float(expected))]
        if want is None:
            assert p is None, (observed, expected)
        else:
            assert math.isclose(p, want, rel_tol=1e-6, abs_tol=1e-12), (observed, expected, p, want)
    # The two cases the detector's threshold (0.01) separates.
    assert got[(4.0, 0.69)] < 0.01 < got[(6.0, 2.0)]


def test_poisson_lower_tail_matches_an_independent_sum(macro_values):
    for observed, expected in LOWER_CASES:
        want = lower_tail(observed, expected)
        p = macro_values[("lower", float(observed), float(expected))]
        if want is None:
            assert p is None, (observed, expected)
        else:
            assert math.isclose(p, want, rel_tol=1e-6, abs_tol=1e-9), (observed, expected, p, want)


def test_normal_cdf_matches_erfc(macro_values):
    for z in NORMAL_CASES:
        p = macro_values[("normal", z, 0.0)]
        assert abs(p - normal_cdf(z)) < 1e-7, (z, p, normal_cdf(z))


def test_fisher_combination_matches_the_chi_square_tail(macro_values):
    for p1, p2 in FISHER_CASES:
        p = macro_values[("fisher", p1, p2)]
        want = fisher(p1, p2)
        assert math.isclose(p, want, rel_tol=1e-6, abs_tol=1e-9), (p1, p2, p, want)
    # The held-out wave passes the detector's threshold (0.01), two middling signals do not.
    assert macro_values[("fisher", 0.0359, 0.012)] < 0.01 < macro_values[("fisher", 0.285, 0.05)]
