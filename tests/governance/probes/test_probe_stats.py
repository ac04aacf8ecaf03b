"""The statistics of recall probes: exact bounds that cover, and the estimate of misses."""

from __future__ import annotations

import math
import random

import pytest

from governance.probes.stats import (
    covered_share,
    estimate_missed,
    proportion_bounds,
)

REPETITIONS = 200


def _pool(size: int, recall: float, seed: int) -> list[bool]:
    """A probe pool whose detection outcomes are known: ``recall`` of it is caught."""
    caught = round(size * recall)
    pool = [True] * caught + [False] * (size - caught)
    random.Random(seed).shuffle(pool)
    return pool


@pytest.mark.parametrize(
    ("pool_recall", "probes"), [(0.95, 200), (0.80, 200), (0.60, 75), (0.98, 400)]
)
def test_lower_bound_covers_the_pool_recall_in_95_percent_of_repetitions(
    pool_recall: float, probes: int
) -> None:
    pool = _pool(5000, pool_recall, seed=1)
    true_recall = sum(pool) / len(pool)
    rng = random.Random(2026)
    covered_lower = covered_upper = 0
    for _ in range(REPETITIONS):
        drawn = [rng.choice(pool) for _ in range(probes)]
        bounds = proportion_bounds(sum(drawn), probes)
        covered_lower += bounds.lower <= true_recall
        covered_upper += bounds.upper >= true_recall
    assert covered_lower / REPETITIONS >= 0.93
    assert covered_upper / REPETITIONS >= 0.93


def test_a_bound_that_ignores_the_sample_size_is_caught() -> None:
    """The coverage check has teeth: the point estimate taken as a 'bound' undercovers."""
    pool = _pool(5000, 0.9, seed=1)
    true_recall = sum(pool) / len(pool)
    rng = random.Random(2026)
    covered = sum(
        sum(rng.choice(pool) for _ in range(200)) / 200 <= true_recall for _ in range(REPETITIONS)
    )
    assert covered / REPETITIONS < 0.93


def test_bounds_at_the_edges() -> None:
    none = proportion_bounds(0, 0)
    assert (none.estimate, none.lower, none.upper) == (None, 0.0, 1.0)
    all_caught = proportion_bounds(200, 200)
    assert all_caught.upper == 1.0 and all_caught.lower == pytest.approx(0.05 ** (1 / 200))
    nothing = proportion_bounds(0, 200)
    assert nothing.lower == 0.0 and nothing.upper == pytest.approx(1 - 0.05 ** (1 / 200))
    with pytest.raises(ValueError, match="need 0 <= successes <= trials"):
        proportion_bounds(3, 2)


def test_bound_width_at_the_default_count() -> None:
    """About 75-400 probes give a bound within 0.05 (the policy's default is 200)."""
    assert proportion_bounds(190, 200).estimate - proportion_bounds(190, 200).lower < 0.05
    assert proportion_bounds(360, 400).estimate - proportion_bounds(360, 400).lower < 0.05


def test_missed_estimate_is_found_times_precision_times_odds_of_a_miss() -> None:
    recall, precision = proportion_bounds(160, 200), proportion_bounds(160, 170)
    est = estimate_missed(500, recall=recall, precision=precision)
    assert est.estimate == pytest.approx(500 * (160 / 170) * (200 / 160 - 1))
    assert est.lower == pytest.approx(500 * precision.lower * (1 / recall.upper - 1))
    assert est.upper == pytest.approx(500 * precision.upper * (1 / recall.lower - 1))
    assert est.lower <= est.estimate <= est.upper


def test_missed_estimate_is_unbounded_when_recall_may_be_zero() -> None:
    est = estimate_missed(10, recall=proportion_bounds(0, 50), precision=proportion_bounds(5, 5))
    assert est.estimate == math.inf and est.upper == math.inf
    nothing_found = estimate_missed(
        0, recall=proportion_bounds(0, 50), precision=proportion_bounds(0, 0)
    )
    assert nothing_found.upper == 0.0


def test_covered_share_counts_each_character_once() -> None:
    assert covered_share(10, 20, [(0, 12), (11, 15)]) == 0.5
    assert covered_share(10, 20, []) == 0.0
    assert covered_share(5, 5, [(0, 10)]) == 0.0
