"""Rank-based canary exposure ("The Secret Sharer", Carlini et al. 2019).

For a canary ``s`` and a reference set ``R`` of candidates of the same format (the canary
itself plus fresh secrets in the same sentence), ``exposure = log2 |R| - log2 rank(s)``, where
``rank`` is the position of the canary when ``R`` is sorted by the model's preference. A
model that memorised the secret ranks it first (exposure ``log2 |R|``); a model that did not
gives a uniform rank (mean exposure about ``1 / ln 2`` = 1.44 bits).

The preference score is the membership score of the example: minus its loss against the
canary's label for classifier students, minus its log-perplexity for generation students.
Ties count against the canary, so a model that scores everything alike has exposure 0.

Held-out canaries (never trained on) are measured the same way and reported next to the
inserted ones: they show what exposure chance alone produces for this many canaries. With
many canaries the largest exposure is dominated by chance (each canary exceeds ``t`` bits
with probability about ``2^-t``), so ``exposed`` counts only canaries above the threshold
beyond the 99.9% chance quantile, and the mean exposures compare inserted with held-out.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from governance.errors import ConfigError
from governance.privacy.canaries import Canary, CanaryPlan, fresh_candidates
from governance.privacy.report import CanaryResult

__all__ = [
    "CanaryScorer",
    "ExposureStats",
    "canary_exposure",
    "chance_above",
    "exposure_bits",
    "exposures",
    "summarize_exposures",
]

logger = logging.getLogger(__name__)

_CHANCE_LEVEL = 0.999

#: Scores (higher: preferred by the model) for ``texts`` each paired with ``label``.
CanaryScorer = Callable[[Sequence[str], Sequence[str]], Sequence[float]]


def exposure_bits(rank: int, reference_size: int) -> float:
    """``log2(reference_size) - log2(rank)`` for a 1-based ``rank``.

    >>> exposure_bits(1, 256), exposure_bits(256, 256), exposure_bits(2, 8)
    (8.0, 0.0, 2.0)
    """
    if reference_size < 1 or not 1 <= rank <= reference_size:
        raise ConfigError(f"need 1 <= rank <= reference size, got {rank} of {reference_size}")
    return float(np.log2(reference_size) - np.log2(rank))


def exposures(canary_scores: ArrayLike, candidate_scores: ArrayLike) -> NDArray[np.float64]:
    """Exposure of each canary given its row of candidate scores.

    ``candidate_scores`` has shape (canaries, candidates); the reference set of each canary
    is its candidates plus itself. Rank = 1 + candidates scoring at least as high.

    >>> exposures([0.9, 0.1], [[0.5, 0.2, 0.3], [0.5, 0.2, 0.3]]).tolist()
    [2.0, 0.0]
    """
    own = np.asarray(canary_scores, dtype=np.float64).reshape(-1)
    others = np.asarray(candidate_scores, dtype=np.float64)
    if others.ndim != 2 or others.shape[0] != own.size or others.shape[1] < 1:
        raise ConfigError(f"need a (canaries, candidates) score matrix, got {others.shape}")
    if not (np.all(np.isfinite(own)) and np.all(np.isfinite(others))):
        raise ConfigError("exposure scores must be finite")
    ranks = 1 + (others >= own[:, None]).sum(axis=1)
    size = others.shape[1] + 1
    return np.asarray(np.log2(size) - np.log2(ranks), dtype=np.float64)


@dataclass(frozen=True)
class ExposureStats:
    """Summary of the exposures of one group of canaries.

    ``above`` counts canaries whose exposure exceeds the threshold; by chance alone each
    does with probability about ``2^-threshold``. ``exposed`` is the excess over the
    ``chance_quantile`` (99.9% quantile of that chance count), so a model that memorised
    nothing has ``exposed == 0`` with probability at least 0.999.
    """

    count: int
    max_bits: float
    mean_bits: float
    above: int
    chance_quantile: int
    exposed: int


def chance_above(reference_size: int, threshold_bits: float) -> float:
    """Probability that a uniformly ranked canary's exposure exceeds ``threshold_bits``.

    Exposure > t  <=>  rank < |R| 2^-t, so the probability is (ceil(|R| 2^-t) - 1) / |R|.

    >>> chance_above(128, 3.0), chance_above(128, 7.0)
    (0.1171875, 0.0)
    """
    if reference_size < 1:
        raise ConfigError(f"reference size must be at least 1, got {reference_size}")
    ranks_below = math.ceil(reference_size * 2.0**-threshold_bits) - 1
    return float(max(ranks_below, 0) / reference_size)


def summarize_exposures(
    values: ArrayLike, *, threshold_bits: float, reference_size: int
) -> ExposureStats:
    """Count, max, mean and exposed-beyond-chance of one group (empty: all zero)."""
    array = np.asarray(values, dtype=np.float64).reshape(-1)
    if array.size == 0:
        return ExposureStats(0, 0.0, 0.0, 0, 0, 0)
    above = int((array > threshold_bits).sum())
    chance = chance_above(reference_size, threshold_bits)
    quantile = int(stats.binom.ppf(_CHANCE_LEVEL, array.size, chance)) if chance > 0 else 0
    return ExposureStats(
        count=int(array.size),
        max_bits=float(array.max()),
        mean_bits=float(array.mean()),
        above=above,
        chance_quantile=quantile,
        exposed=max(0, above - quantile),
    )


def _measure(
    scorer: CanaryScorer, canaries: Sequence[Canary], *, candidates: int, seed: int
) -> NDArray[np.float64]:
    if not canaries:
        return np.zeros(0, dtype=np.float64)
    texts: list[str] = []
    labels: list[str] = []
    for canary in canaries:
        texts.append(canary.text)
        texts.extend(fresh_candidates(canary, count=candidates, seed=seed))
        labels.extend([canary.label] * (candidates + 1))
    scores = np.asarray(scorer(texts, labels), dtype=np.float64).reshape(len(canaries), -1)
    return exposures(scores[:, 0], scores[:, 1:])


def canary_exposure(
    scorer: CanaryScorer,
    plan: CanaryPlan,
    *,
    candidates: int = 127,
    threshold_bits: float = 3.0,
    seed: int = 0,
    max_canaries: int | None = None,
) -> CanaryResult:
    """Exposure of inserted and held-out canaries against ``candidates`` fresh secrets.

    ``scorer(texts, labels)`` returns membership scores (see :mod:`.scores`). The model is
    asked ``(candidates + 1) x canaries`` scores; ``max_canaries`` caps the canaries measured
    in each group (the first ones in plan order, a choice independent of the model). The
    result carries only counts, exposure figures and keyed digests, never a canary value.
    """
    if candidates < 1:
        raise ConfigError(f"need at least one candidate per canary, got {candidates}")
    if max_canaries is not None and max_canaries < 1:
        raise ConfigError(f"max_canaries must be at least 1, got {max_canaries}")
    inserted = summarize_exposures(
        _measure(scorer, plan.inserted[:max_canaries], candidates=candidates, seed=seed),
        threshold_bits=threshold_bits,
        reference_size=candidates + 1,
    )
    held_out = summarize_exposures(
        _measure(scorer, plan.held_out[:max_canaries], candidates=candidates, seed=seed),
        threshold_bits=threshold_bits,
        reference_size=candidates + 1,
    )
    logger.info(
        "canary exposure: inserted mean %.2f bits (max %.2f), held-out mean %.2f bits",
        inserted.mean_bits,
        inserted.max_bits,
        held_out.mean_bits,
    )
    return CanaryResult(
        planted=len(plan.inserted),
        measured=inserted.count,
        repetitions=plan.repetitions,
        max_exposure_bits=inserted.max_bits,
        mean_exposure_bits=inserted.mean_bits,
        exposed=inserted.exposed,
        above_threshold=inserted.above,
        chance_above_threshold=inserted.chance_quantile,
        digests=plan.digests,
        held_out=len(plan.held_out),
        held_out_max_exposure_bits=held_out.max_bits,
        held_out_mean_exposure_bits=held_out.mean_bits,
        held_out_exposed=held_out.exposed,
        candidates=candidates,
        threshold_bits=threshold_bits,
    )
