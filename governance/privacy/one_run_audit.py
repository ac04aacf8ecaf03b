"""Empirical lower bound on ε from one training run (Steinke, Nasr and Jagielski 2023).

"Privacy Auditing with One (1) Training Run" (NeurIPS 2023): ``m`` canaries are each
included in training independently with probability 1/2. After training, an auditor guesses
"in" for the ``k+`` canaries with the highest membership scores and "out" for the ``k-`` with
the lowest, abstaining on the rest. If the mechanism is (ε, δ)-DP, the number of correct
guesses ``W`` among ``r = k+ + k-`` guesses satisfies (their Theorem 3)::

    P[W >= v] <= f(v) + 2 m δ max_{i = 1..v} (f(v - i) - f(v)) / i,
    f(v) = P[Binomial(r, e^ε / (1 + e^ε)) >= v].

The right-hand side is a p-value for the null hypothesis "the run is (ε, δ)-DP"; the
lower bound is the largest ε that is still rejected at level ``β = 1 - confidence``.

:func:`p_value` and :func:`epsilon_lower_bound` are pure functions of counts;
:func:`audit_one_run` picks the guesses from scores.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from governance.errors import ConfigError

__all__ = [
    "DEFAULT_GUESS_FRACTIONS",
    "OneRunAudit",
    "audit_one_run",
    "epsilon_lower_bound",
    "p_value",
]

#: Fractions of ``m`` guessed "in" (and, separately, "in" plus the same number "out").
DEFAULT_GUESS_FRACTIONS: tuple[float, ...] = (0.02, 0.05, 0.1, 0.2, 0.3, 0.5)

_SEARCH_STEPS = 60
_EPSILON_CEILING = 200.0


def _check_counts(m: int, guesses: int, correct: int) -> None:
    if not 0 <= correct <= guesses <= m:
        raise ConfigError(
            f"one-run audit needs 0 <= correct <= guesses <= m, got m={m}, "
            f"guesses={guesses}, correct={correct}"
        )


def p_value(m: int, guesses: int, correct: int, *, epsilon: float, delta: float) -> float:
    """P-value of ``correct`` or more right guesses if the run were (ε, δ)-DP.

    >>> round(p_value(10, 10, 10, epsilon=0.0, delta=0.0), 6) == round(0.5**10, 6)
    True
    """
    _check_counts(m, guesses, correct)
    if epsilon < 0 or not 0 <= delta <= 1:
        raise ConfigError(f"need epsilon >= 0 and 0 <= delta <= 1, got {epsilon}, {delta}")
    q = 1.0 / (1.0 + math.exp(-epsilon))
    tail = float(stats.binom.sf(correct - 1, guesses, q))
    if delta == 0.0 or correct == 0:
        return min(tail, 1.0)
    # P[v > B >= v - i] for i = 1..v, via cumulative sums of the pmf at v-1, v-2, ..., 0.
    pmf = stats.binom.pmf(np.arange(correct - 1, -1, -1), guesses, q)
    between = np.cumsum(pmf)
    alpha = float(np.max(between / np.arange(1, correct + 1)))
    return min(tail + 2.0 * m * delta * alpha, 1.0)


def epsilon_lower_bound(
    m: int, guesses: int, correct: int, *, delta: float, confidence: float = 0.95
) -> float:
    """Largest ε rejected at level ``1 - confidence`` (0.0 when nothing is rejected).

    With ``r`` guesses all correct and ``δ = 0`` the bound has the closed form
    ``logit(β^(1/r))``:

    >>> bound = epsilon_lower_bound(1000, 100, 100, delta=0.0, confidence=0.95)
    >>> q = 0.05 ** (1 / 100)
    >>> abs(bound - math.log(q / (1 - q))) < 1e-6
    True
    """
    _check_counts(m, guesses, correct)
    if not 0.0 < confidence < 1.0:
        raise ConfigError(f"confidence must lie in (0, 1), got {confidence}")
    beta = 1.0 - confidence
    if p_value(m, guesses, correct, epsilon=0.0, delta=delta) >= beta:
        return 0.0
    low, high = 0.0, 1.0  # invariant: p(low) < beta <= p(high)
    while p_value(m, guesses, correct, epsilon=high, delta=delta) < beta:
        low, high = high, high * 2.0
        if high > _EPSILON_CEILING:
            return low
    for _ in range(_SEARCH_STEPS):
        mid = (low + high) / 2.0
        if p_value(m, guesses, correct, epsilon=mid, delta=delta) < beta:
            low = mid
        else:
            high = mid
    return low


@dataclass(frozen=True)
class OneRunAudit:
    """Outcome of one-run auditing: the best bound over the pre-registered guess counts.

    ``confidence`` is the overall level; each of the ``choices`` candidate (k+, k-) pairs was
    tested at level ``1 - (1 - confidence) / choices`` (Bonferroni), so taking the best one
    keeps the stated confidence.
    """

    lower_bound: float
    confidence: float
    delta: float
    canaries: int
    guesses: int
    correct: int
    k_plus: int
    k_minus: int
    choices: int


def _guess_pairs(m: int, fractions: Sequence[float]) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    for fraction in fractions:
        k = max(1, round(fraction * m / 2))
        for pair in ((k, 0), (k, k)):
            if sum(pair) <= m and pair not in pairs:
                pairs.append(pair)
    return pairs


def audit_one_run(
    scores: Sequence[float] | NDArray[np.float64],
    included: Sequence[bool] | NDArray[np.bool_],
    *,
    delta: float,
    confidence: float = 0.95,
    guess_fractions: Sequence[float] = DEFAULT_GUESS_FRACTIONS,
    seed: int = 0,
) -> OneRunAudit:
    """Guess membership from ``scores`` (higher: more likely trained on) and bound ε.

    For each fraction ``f`` the auditor guesses "in" for the top ``k = f m / 2`` canaries,
    either alone or together with "out" for the bottom ``k``. Ties in scores are broken by a
    seeded permutation that does not look at ``included``.
    """
    values = np.asarray(scores, dtype=np.float64)
    mask = np.asarray(included, dtype=bool)
    m = int(values.shape[0])
    if mask.shape != values.shape or m == 0:
        raise ConfigError(f"need one inclusion flag per score, got {mask.shape} and {values.shape}")
    if not np.all(np.isfinite(values)):
        raise ConfigError("canary scores must be finite")
    pairs = _guess_pairs(m, guess_fractions)
    if not pairs:
        raise ConfigError("no guess fractions given for the one-run audit")
    shuffle = np.random.default_rng(seed).permutation(m)
    order = shuffle[np.argsort(-values[shuffle], kind="stable")]  # best first
    ranked_in = mask[order]
    level = 1.0 - (1.0 - confidence) / len(pairs)
    best = OneRunAudit(0.0, confidence, delta, m, 0, 0, 0, 0, len(pairs))
    for k_plus, k_minus in pairs:
        correct = int(ranked_in[:k_plus].sum())
        if k_minus:
            correct += int((~ranked_in[m - k_minus :]).sum())
        guesses = k_plus + k_minus
        bound = epsilon_lower_bound(m, guesses, correct, delta=delta, confidence=level)
        if bound > best.lower_bound:
            best = OneRunAudit(
                bound, confidence, delta, m, guesses, correct, k_plus, k_minus, len(pairs)
            )
    return best
