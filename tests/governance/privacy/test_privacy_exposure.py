"""Rank-based exposure: the formula, ties, and reports that never carry a canary."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.errors import ConfigError
from governance.privacy.canaries import CanaryPlan, plant_canaries
from governance.privacy.exposure import (
    canary_exposure,
    chance_above,
    exposure_bits,
    exposures,
    summarize_exposures,
)

KEY = b"s" * 32


@pytest.mark.parametrize(
    ("rank", "size", "bits"), [(1, 1024, 10.0), (1024, 1024, 0.0), (4, 64, 4.0), (3, 3, 0.0)]
)
def test_exposure_formula(rank: int, size: int, bits: float) -> None:
    assert exposure_bits(rank, size) == pytest.approx(bits)


def test_exposure_rejects_impossible_ranks() -> None:
    with pytest.raises(ConfigError, match="need 1 <= rank <= reference size, got 5 of 4"):
        exposure_bits(5, 4)


@settings(max_examples=100, deadline=None)
@given(
    own=st.floats(-10, 10),
    others=st.lists(st.floats(-10, 10), min_size=1, max_size=60),
)
def test_exposures_match_the_rank_definition(own: float, others: list[float]) -> None:
    # rank = 1 + candidates at least as preferred; |R| = candidates + the canary
    rank = 1 + sum(o >= own for o in others)
    expected = math.log2(len(others) + 1) - math.log2(rank)
    (value,) = exposures([own], [others]).tolist()
    assert value == pytest.approx(expected)
    assert 0.0 <= value <= math.log2(len(others) + 1) + 1e-12


def test_uniform_ranks_average_about_one_over_ln2_bits() -> None:
    rng = np.random.default_rng(0)
    values = exposures(rng.normal(size=4000), rng.normal(size=(4000, 255)))
    assert values.mean() == pytest.approx(1 / math.log(2), abs=0.08)


@pytest.mark.parametrize("size", [2, 8, 64, 100, 128])
@pytest.mark.parametrize("threshold", [0.0, 1.0, 2.5, 3.0, 7.0])
def test_chance_above_counts_the_ranks_that_exceed_the_threshold(
    size: int, threshold: float
) -> None:
    expected = sum(exposure_bits(r, size) > threshold for r in range(1, size + 1)) / size
    assert chance_above(size, threshold) == pytest.approx(expected)


def test_chance_level_exposure_counts_as_not_exposed() -> None:
    rng = np.random.default_rng(3)
    for trial in range(20):
        values = exposures(rng.normal(size=500), rng.normal(size=(500, 31)))
        summary = summarize_exposures(values, threshold_bits=3.0, reference_size=32)
        assert summary.above > 0, trial  # chance alone puts some canaries above 3 bits
        assert summary.exposed == 0, trial
    memorised = summarize_exposures(np.full(500, 5.0), threshold_bits=3.0, reference_size=32)
    assert memorised.exposed == 500 - memorised.chance_quantile > 400


def test_constant_scores_expose_nothing() -> None:
    assert exposures([1.0, 1.0], np.ones((2, 9))).tolist() == [0.0, 0.0]


def _plan() -> CanaryPlan:
    return plant_canaries(
        [{"id": "r", "text": "ticket", "label": "a"}],
        count=40,
        repetitions=2,
        secret=KEY,
        seed=5,
        text_field="text",
        labels=("a", "b"),
    )


def test_memorised_canaries_are_fully_exposed_and_held_out_ones_not() -> None:
    plan = _plan()
    trained = {c.text for c in plan.inserted}

    def scorer(texts: Sequence[str], labels: Sequence[str]) -> list[float]:
        # a model that memorised exactly its training canaries
        return [1.0 if t in trained else 0.0 for t in texts]

    result = canary_exposure(scorer, plan, candidates=63, threshold_bits=3.0)
    assert result.planted == result.measured == len(plan.inserted)
    assert result.held_out == len(plan.held_out)
    assert result.max_exposure_bits == result.mean_exposure_bits == pytest.approx(6.0)
    assert result.above_threshold == len(plan.inserted)
    assert 0 < result.chance_above_threshold < len(plan.inserted)
    assert result.exposed == len(plan.inserted) - result.chance_above_threshold
    assert result.held_out_max_exposure_bits == 0.0 and result.held_out_exposed == 0
    assert (result.repetitions, result.candidates, result.threshold_bits) == (2, 63, 3.0)
    assert result.digests == plan.digests
    dumped = result.model_dump_json()
    for canary in plan.canaries:
        assert canary.secret not in dumped
        assert canary.secret.replace(" ", "") not in dumped
        assert canary.template.split("{secret}")[0] not in dumped


def test_exposure_can_be_measured_on_the_first_canaries_only() -> None:
    plan = _plan()
    seen: list[int] = []

    def scorer(texts: Sequence[str], labels: Sequence[str]) -> list[float]:
        seen.append(len(texts))
        return [0.0] * len(texts)

    result = canary_exposure(scorer, plan, candidates=3, max_canaries=5)
    assert seen == [5 * 4, 5 * 4]
    assert (result.planted, result.measured) == (len(plan.inserted), 5)


def test_canary_exposure_needs_candidates() -> None:
    with pytest.raises(ConfigError, match="at least one candidate"):
        canary_exposure(lambda texts, labels: [0.0] * len(texts), _plan(), candidates=0)
