"""One-run ε lower bound: closed forms, a brute-force oracle, monotonicity and validity."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.errors import ConfigError
from governance.privacy.one_run_audit import audit_one_run, epsilon_lower_bound, p_value


def _oracle_p_value(m: int, r: int, v: int, eps: float, delta: float) -> float:
    """Theorem 3 of Steinke, Nasr, Jagielski (2023), summed term by term."""
    q = 1 / (1 + math.exp(-eps))

    def pmf(k: int) -> float:
        return math.comb(r, k) * q**k * (1 - q) ** (r - k)

    def f(x: int) -> float:  # P[Binomial(r, q) >= x]
        return sum(pmf(k) for k in range(max(x, 0), r + 1))

    alpha = max(((f(v - i) - f(v)) / i for i in range(1, v + 1)), default=0.0)
    return min(f(v) + 2 * m * delta * alpha, 1.0)


@settings(max_examples=60, deadline=None)
@given(
    r=st.integers(1, 40),
    data=st.data(),
    eps=st.floats(0.0, 6.0),
    delta=st.sampled_from([0.0, 1e-6, 1e-4, 1e-2]),
)
def test_p_value_matches_the_theorem_summed_term_by_term(
    r: int, data: st.DataObject, eps: float, delta: float
) -> None:
    v = data.draw(st.integers(0, r))
    m = data.draw(st.integers(r, 3 * r))
    assert p_value(m, r, v, epsilon=eps, delta=delta) == pytest.approx(
        _oracle_p_value(m, r, v, eps, delta), rel=1e-7, abs=1e-12
    )


@pytest.mark.parametrize(("guesses", "confidence"), [(10, 0.95), (100, 0.95), (500, 0.99)])
def test_all_correct_without_delta_has_the_closed_form(guesses: int, confidence: float) -> None:
    # P[Binomial(r, q) >= r] = q^r = beta  =>  epsilon = logit(beta^(1/r))
    q = (1 - confidence) ** (1 / guesses)
    expected = math.log(q / (1 - q))
    bound = epsilon_lower_bound(1000, guesses, guesses, delta=0.0, confidence=confidence)
    assert bound == pytest.approx(expected, abs=1e-6)


def test_reference_values() -> None:
    # m = 1000 canaries, 100 guesses, all right, 95%: logit(0.05 ** 0.01) = 3.4930 without
    # delta; delta = 1e-5 (2 m delta = 0.02 of the 0.05 level) lowers it to about 3.47.
    assert epsilon_lower_bound(1000, 100, 100, delta=0.0) == pytest.approx(3.4930, abs=1e-4)
    with_delta = epsilon_lower_bound(1000, 100, 100, delta=1e-5, confidence=0.95)
    assert with_delta == pytest.approx(3.4654, abs=1e-3)
    # chance-level guessing gives nothing
    assert epsilon_lower_bound(1000, 1000, 500, delta=1e-5) == 0.0
    # at the bound the p-value is the significance level
    bound = epsilon_lower_bound(1000, 200, 190, delta=1e-5)
    assert p_value(1000, 200, 190, epsilon=bound, delta=1e-5) == pytest.approx(0.05, abs=1e-4)


@settings(max_examples=25, deadline=None)
@given(r=st.integers(1, 200), data=st.data())
def test_bound_grows_with_correct_guesses_and_shrinks_with_delta_and_confidence(
    r: int, data: st.DataObject
) -> None:
    v = data.draw(st.integers(0, r - 1))
    m = 2 * r
    base = epsilon_lower_bound(m, r, v, delta=1e-6)
    assert epsilon_lower_bound(m, r, v + 1, delta=1e-6) >= base - 1e-9
    assert epsilon_lower_bound(m, r, v, delta=1e-3) <= base + 1e-9
    assert epsilon_lower_bound(m, r, v, delta=1e-6, confidence=0.99) <= base + 1e-9


@pytest.mark.parametrize("true_epsilon", [0.5, 1.0, 3.0])
def test_bound_is_valid_for_randomized_response(true_epsilon: float) -> None:
    # Exactly: with r guesses at accuracy e^eps/(1+e^eps) (eps-DP randomized response), the
    # probability that the bound exceeds the true eps is at most 1 - confidence.
    r = 120
    q = 1 / (1 + math.exp(-true_epsilon))
    wrong = Fraction(0)
    for v in range(r + 1):
        if epsilon_lower_bound(r, r, v, delta=0.0, confidence=0.95) > true_epsilon:
            wrong += Fraction(math.comb(r, v)) * Fraction(q) ** v * Fraction(1 - q) ** (r - v)
    assert 0 < float(wrong) <= 0.05


def test_perfect_scores_give_a_large_bound_and_random_scores_none() -> None:
    rng = np.random.default_rng(0)
    included = rng.random(1000) < 0.5
    perfect = audit_one_run(included.astype(float), included, delta=1e-5)
    assert perfect.lower_bound > 4.0
    assert perfect.correct == perfect.guesses
    assert perfect.confidence == 0.95 and perfect.choices > 1
    noise = audit_one_run(rng.normal(size=1000), included, delta=1e-5)
    assert noise.lower_bound < 0.5


def test_constant_scores_reveal_nothing() -> None:
    included = np.random.default_rng(1).random(500) < 0.5
    assert audit_one_run(np.zeros(500), included, delta=1e-5).lower_bound < 0.5


@pytest.mark.parametrize(
    ("m", "guesses", "correct", "message"),
    [
        (10, 11, 0, "0 <= correct <= guesses <= m"),
        (10, 5, 6, "0 <= correct <= guesses <= m"),
        (10, 5, -1, "0 <= correct <= guesses <= m"),
    ],
)
def test_impossible_counts_are_config_errors(
    m: int, guesses: int, correct: int, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        epsilon_lower_bound(m, guesses, correct, delta=0.0)


def test_mismatched_scores_and_flags_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="one inclusion flag per score"):
        audit_one_run([0.1, 0.2], [True], delta=0.0)
    with pytest.raises(ConfigError, match="finite"):
        audit_one_run([0.1, float("nan")], [True, False], delta=0.0)
