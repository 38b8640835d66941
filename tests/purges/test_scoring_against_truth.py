"""The purge detector, scored against a generated world's ground truth, beats a floor and the generic z-score.

One fixed world (60 accounts x 120 days, daily exports, the default traps:
weekly seasonality, viral spikes, bad buzz, missing and restated days,
renames, small accounts, Instagram and X platform-wide purges, account
purges, and glitched API totals at a rate of 0.3%) runs through ingest and a full ``dbt build``; ``socialkpi score``
prints the same table for 200 accounts x 365 days over five seeds. The floor is
the issue's targets (the detector scored 1.0 recall and 1.0 precision on this
world after YouTube and LinkedIn flows were used).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from socialkpi.evaluation.generator import WorldConfig
from socialkpi.evaluation.scoring import (
    DETECTOR,
    GENERIC,
    WorldScore,
    format_class_table,
    format_table,
    match_classes,
    match_events,
    score_world,
)

WORLD = WorldConfig(seed=11, accounts=60, days=120, glitch_rate=0.003)


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


def test_every_drop_is_classified_on_a_fixed_world(scored_world):
    classes = scored_world.classes
    print(format_class_table([scored_world]))
    assert classes.significant.get("data_glitch", 0) >= 5, "the world must hold glitches"
    assert classes.recall("data_glitch") >= 0.95, scored_world.class_misses
    assert classes.recall("platform_purge", "account_purge") >= 0.95, scored_world.class_misses
    # No glitch is ever reported as a purge.
    for purge_class in ("platform_purge", "account_purge"):
        assert classes.confusion.get(("data_glitch", purge_class), 0) == 0
    assert classes.accuracy >= 0.85, scored_world.class_misses


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


def true_drop(key, cls, first, last=None, significant=True):
    return {"account_key": key, "event_class": cls, "first_date": first,
            "last_date": last or first, "is_significant": significant}  # fmt: skip


def drop(key, cls, first, last=None):
    return {"account_key": key, "event_class": cls, "first_date": first, "last_date": last or first}


def test_per_class_scores_and_confusion_matrix():
    d1 = DAY + timedelta(days=1)
    truth = [
        true_drop("a", "platform_purge", DAY),
        true_drop("a", "data_glitch", DAY + timedelta(days=10)),
        true_drop("b", "unfollow_wave", DAY, d1),
        true_drop("b", "account_purge", DAY + timedelta(days=20)),
        true_drop("c", "unfollow_wave", DAY, significant=False),  # a 1% wave: not in recall
    ]
    detected = [
        drop("a", "platform_purge", DAY),
        drop("a", "data_glitch", DAY + timedelta(days=10)),
        drop("b", "unfollow_wave", d1),  # overlaps the wave
        drop("b", "data_glitch", DAY + timedelta(days=20)),  # the account purge seen as a glitch
        drop("c", "unfollow_wave", DAY),  # matches the small wave: not a false alarm
        drop("d", "account_purge", DAY),  # nothing there: a false purge
    ]
    score, misses = match_classes(truth, detected)
    assert score.recall("platform_purge") == 1.0 and score.recall("account_purge") == 0.0
    assert score.recall("unfollow_wave") == 1.0 and score.recall("data_glitch") == 1.0
    assert score.precision("platform_purge", "account_purge") == 0.5
    assert score.precision("unfollow_wave") == 1.0 and score.precision("data_glitch") == 0.5
    assert score.accuracy == 0.75
    assert score.confusion[("account_purge", "data_glitch")] == 1
    assert score.confusion[("none", "account_purge")] == 1
    assert score.confusion[("unfollow_wave", "unfollow_wave")] == 2
    assert [(m["account_key"], m["found_as"]) for m in misses] == [("b", "data_glitch")]
    assert "confusion matrix" in format_class_table([WorldScore(0, {}, {}, classes=score)])


def test_matching_prefers_an_event_of_the_same_class():
    # A glitch and a purge of one account a day apart: each detected event goes to its own.
    truth = [
        true_drop("a", "account_purge", DAY),
        true_drop("a", "data_glitch", DAY + timedelta(1)),
    ]
    detected = [drop("a", "data_glitch", DAY + timedelta(1)), drop("a", "account_purge", DAY)]
    score, misses = match_classes(truth, detected)
    assert misses == [] and score.accuracy == 1.0
