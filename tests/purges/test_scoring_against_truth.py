"""The purge detector, scored against a generated world's ground truth, beats a floor and the generic z-score.

One fixed world (60 accounts x 120 days, daily exports, the default traps:
weekly seasonality, viral spikes, bad buzz, missing and restated days,
renames, small accounts, Instagram and X platform-wide purges, account
purges) runs through ingest and a full ``dbt build``; ``socialkpi score``
prints the same table for 200 accounts x 365 days over five seeds. The floor is
the issue's targets (the detector scored 1.0 recall and 1.0 precision on this
world after YouTube and LinkedIn flows were used).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from socialkpi.generator import WorldConfig
from socialkpi.scoring import DETECTOR, GENERIC, format_table, match_events, score_world

WORLD = WorldConfig(seed=11, accounts=60, days=120)


@pytest.fixture(scope="module")
def scored_world(tmp_path_factory):
    return score_world(WORLD, tmp_path_factory.mktemp("scored_world"))


def test_detector_meets_the_floor_on_a_fixed_world(scored_world):
    detector = scored_world.scores[DETECTOR]
    print(format_table([scored_world]))
    assert detector.truth_in_class >= 8, "the world must hold purges of 2% and 200 followers"
    assert detector.recall >= 0.95, scored_world.misses
    assert detector.precision >= 0.95, scored_world.false_alarms
    assert detector.scope_accuracy >= 0.9
    assert detector.median_loss_error <= 0.10


def test_detector_beats_the_generic_z_score(scored_world):
    detector, generic = scored_world.scores[DETECTOR], scored_world.scores[GENERIC]
    assert detector.recall > generic.recall
    assert detector.precision > generic.precision


DAY = date(2026, 7, 12)


def purge(key, first, last, loss, loss_pct, scope="platform_wide"):
    return {"account_key": key, "first_date": first, "last_date": last, "loss": loss,
            "loss_pct": loss_pct, "scope": scope}  # fmt: skip


def event(key, first, last, lost, scope="platform_wide"):
    return {"account_key": key, "first_date": first, "last_date": last, "followers_lost": lost,
            "scope": scope}  # fmt: skip


def test_matching_is_one_to_one_within_a_day_of_tolerance():
    truth = [purge("a", DAY, DAY + timedelta(days=2), 1000, 5.0),
             purge("b", DAY, DAY, 500, 2.5, "account_specific")]  # fmt: skip
    detected = [
        event("a", DAY + timedelta(days=1), DAY + timedelta(days=3), 900),  # overlaps: match
        event("a", DAY, DAY, 100),  # a second event on the same purge: false alarm
        event("b", DAY + timedelta(days=2), DAY + timedelta(days=2), 500),  # two days off: no match
    ]
    score, misses, false_alarms = match_events(truth, detected)
    assert (score.detected, score.detected_matched) == (3, 1)
    assert (score.truth_in_class, score.truth_in_class_matched) == (2, 1)
    assert misses == [truth[1]] and len(false_alarms) == 2
    assert score.loss_errors == [pytest.approx(0.1)]


def test_small_purges_count_for_precision_not_recall():
    truth = [purge("a", DAY, DAY, 150, 5.0), purge("b", DAY, DAY, 5000, 1.0)]
    detected = [event("a", DAY, DAY, 150), event("b", DAY, DAY, 5000, "account_specific")]
    score, misses, _ = match_events(truth, detected)
    assert score.precision == 1.0
    assert score.truth_in_class == 0 and score.recall is None and misses == []


def test_scope_and_loss_are_scored_on_matched_purges_of_the_size_class():
    truth = [purge("a", DAY, DAY, 1000, 5.0), purge("b", DAY, DAY, 400, 4.0, "account_specific")]
    detected = [
        event("a", DAY, DAY, 1100, "account_specific"),
        event("b", DAY, DAY, 400, "account_specific"),
    ]
    score, _, _ = match_events(truth, detected)
    assert score.scope_accuracy == 0.5
    assert score.median_loss_error == pytest.approx(0.05)
