"""Pure statistics of recall probes: Clopper-Pearson bounds and the estimate of missed values.

Recall and precision are binomial proportions (probes caught out of probes planted; planted
values out of everything flagged). Their bounds are exact Clopper-Pearson one-sided bounds:
the lower bound is below the true proportion in at least ``confidence`` of repetitions, for
every true proportion and sample size (conservative, never optimistic).

>>> b = proportion_bounds(180, 200)
>>> round(b.estimate, 3), round(b.lower, 3), round(b.upper, 3)
(0.9, 0.858, 0.933)
>>> proportion_bounds(0, 0).estimate is None
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.stats import beta

__all__ = [
    "CONFIDENCE",
    "MIN_COVER",
    "Bounds",
    "MissEstimate",
    "covered_share",
    "estimate_missed",
    "proportion_bounds",
]

#: Confidence of each one-sided bound.
CONFIDENCE = 0.95
#: Share of a planted value's characters that findings must cover for it to count as caught
#: (the PII benchmark's span-recall rule).
MIN_COVER = 0.8


@dataclass(frozen=True, slots=True)
class Bounds:
    """A proportion ``successes / trials`` with one-sided lower and upper bounds.

    With no trials nothing is known: the estimate is None and the bounds are 0 and 1.
    """

    successes: int
    trials: int
    estimate: float | None
    lower: float
    upper: float


def proportion_bounds(successes: int, trials: int, *, confidence: float = CONFIDENCE) -> Bounds:
    """Clopper-Pearson one-sided ``confidence`` lower and upper bounds of a proportion."""
    if not 0 <= successes <= trials:
        raise ValueError(f"need 0 <= successes <= trials, got {successes} of {trials}")
    if not 0.5 < confidence < 1:
        raise ValueError(f"confidence must be in (0.5, 1), got {confidence}")
    if trials == 0:
        return Bounds(0, 0, None, 0.0, 1.0)
    alpha = 1.0 - confidence
    lower = 0.0 if successes == 0 else float(beta.ppf(alpha, successes, trials - successes + 1))
    upper = (
        1.0
        if successes == trials
        else float(beta.ppf(1 - alpha, successes + 1, trials - successes))
    )
    return Bounds(successes, trials, successes / trials, lower, upper)


@dataclass(frozen=True, slots=True)
class MissEstimate:
    """Real values of one type that the gateway let through: estimate and interval.

    ``found × precision × (1/recall − 1)``; the interval takes the bounds of precision and
    recall that make it smallest and largest (each bound one-sided at 95%, so the interval
    holds with at least 90% confidence). ``math.inf`` when recall may be 0.
    """

    estimate: float | None
    lower: float
    upper: float


def _missed(found: float, precision: float, recall: float) -> float:
    if recall <= 0.0:
        return math.inf if found * precision > 0 else 0.0
    return found * precision * (1.0 / recall - 1.0)


def estimate_missed(found: float, *, recall: Bounds, precision: Bounds) -> MissEstimate:
    """Values of a type that reached the teacher undetected, from ``found`` detections.

    >>> r, p = proportion_bounds(90, 100), proportion_bounds(90, 90)
    >>> round(estimate_missed(1000, recall=r, precision=p).estimate, 1)
    111.1
    >>> estimate_missed(0, recall=r, precision=p).upper
    0.0
    """
    if found < 0:
        raise ValueError(f"found must be >= 0, got {found}")
    point = (
        None
        if recall.estimate is None or precision.estimate is None
        else _missed(found, precision.estimate, recall.estimate)
    )
    return MissEstimate(
        estimate=point,
        lower=_missed(found, precision.lower, recall.upper),
        upper=_missed(found, precision.upper, recall.lower),
    )


def covered_share(start: int, end: int, spans: list[tuple[int, int]]) -> float:
    """Share of the characters of ``[start, end)`` inside the union of ``spans``.

    >>> covered_share(0, 10, [(0, 4), (2, 8)])
    0.8
    """
    if end <= start:
        return 0.0
    inside = [False] * (end - start)
    for s, e in spans:
        for i in range(max(s, start), min(e, end)):
            inside[i - start] = True
    return sum(inside) / (end - start)
