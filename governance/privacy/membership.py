"""Membership inference: pure ROC metrics and the attack runner.

Scores follow one convention everywhere: a higher score means "more likely a member". The
metric functions are pure and checked against brute-force oracles in the tests.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from governance.errors import ConfigError
from governance.privacy.attacks import DEFAULT_ATTACKS, create_attack
from governance.privacy.protocols import LabeledText, ScoresModel
from governance.privacy.report import MembershipInference, RocPoint

__all__ = [
    "RocCurve",
    "auc",
    "downsample_roc",
    "membership_from_scores",
    "roc_curve",
    "run_membership_inference",
    "tpr_at_fpr",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RocCurve:
    """ROC of the rule "member iff score >= t" over every threshold, from (0, 0) to (1, 1)."""

    fpr: NDArray[np.float64]
    tpr: NDArray[np.float64]


def _scores(values: ArrayLike, what: str) -> NDArray[np.float64]:
    array = np.asarray(values, dtype=np.float64).reshape(-1)
    if array.size == 0:
        raise ConfigError(f"membership inference needs at least one {what} score")
    if not np.all(np.isfinite(array)):
        raise ConfigError(f"{what} scores must be finite")
    return array


def roc_curve(member_scores: ArrayLike, non_member_scores: ArrayLike) -> RocCurve:
    """The ROC curve; tied scores move along one diagonal step.

    >>> curve = roc_curve([0.9, 0.8], [0.1, 0.2])
    >>> curve.fpr.tolist(), curve.tpr.tolist()
    ([0.0, 0.0, 0.0, 0.5, 1.0], [0.0, 0.5, 1.0, 1.0, 1.0])
    """
    members = _scores(member_scores, "member")
    non_members = _scores(non_member_scores, "non-member")
    thresholds = np.unique(np.concatenate([members, non_members]))[::-1]  # descending
    members_sorted = np.sort(members)
    non_members_sorted = np.sort(non_members)
    # count of scores >= t for each threshold t
    tp = members.size - np.searchsorted(members_sorted, thresholds, side="left")
    fp = non_members.size - np.searchsorted(non_members_sorted, thresholds, side="left")
    tpr = np.concatenate([[0.0], tp / members.size])
    fpr = np.concatenate([[0.0], fp / non_members.size])
    return RocCurve(fpr=fpr.astype(np.float64), tpr=tpr.astype(np.float64))


def auc(member_scores: ArrayLike, non_member_scores: ArrayLike) -> float:
    """Area under the ROC curve = P(member score > non-member score) + P(tie) / 2.

    >>> auc([1.0, 2.0], [0.0])
    1.0
    >>> auc([1.0], [1.0])
    0.5
    """
    curve = roc_curve(member_scores, non_member_scores)
    return float(np.trapezoid(curve.tpr, curve.fpr))


def tpr_at_fpr(member_scores: ArrayLike, non_member_scores: ArrayLike, fpr: float) -> float:
    """Largest TPR of a threshold whose false-positive rate is at most ``fpr``.

    >>> tpr_at_fpr([0.9, 0.5], [0.6, 0.1], 0.0)
    0.5
    """
    if not 0.0 <= fpr <= 1.0:
        raise ConfigError(f"fpr must lie in [0, 1], got {fpr}")
    curve = roc_curve(member_scores, non_member_scores)
    allowed = curve.fpr <= fpr + 1e-12
    return float(curve.tpr[allowed].max())


def downsample_roc(curve: RocCurve, *, max_points: int = 120) -> list[RocPoint]:
    """At most about ``max_points`` ROC points, dense at low FPR (log grid) for the report.

    Each kept point is a real point of the curve; (0, 0) and (1, 1) are always kept.
    """
    if max_points < 4:
        raise ConfigError(f"max_points must be at least 4, got {max_points}")
    half = max_points // 2
    grid = np.unique(np.concatenate([np.logspace(-4, 0, half), np.linspace(0, 1, half)]))
    # last curve index whose fpr <= g: that point has the best tpr at that fpr budget
    indices = np.searchsorted(curve.fpr, grid + 1e-12, side="right") - 1
    keep = np.unique(np.concatenate([[0, curve.fpr.size - 1], indices[indices >= 0]]))
    return [RocPoint(fpr=float(curve.fpr[i]), tpr=float(curve.tpr[i])) for i in keep]


def run_membership_inference(
    model: ScoresModel,
    members: Sequence[LabeledText],
    non_members: Sequence[LabeledText],
    *,
    attacks: Sequence[str] = DEFAULT_ATTACKS,
    roc_points: int = 120,
) -> list[MembershipInference]:
    """Run each attack against ``model``: AUC, TPR at 1% and 0.1% FPR and a down-sampled ROC.

    ``members`` were trained on; ``non_members`` are held out from the same source.
    """
    if not members or not non_members:
        raise ConfigError(
            "membership inference needs members and non-members",
            hint="hold out evaluation records from the same source as the training records",
        )
    results: list[MembershipInference] = []
    for name in attacks:
        attack = create_attack(name)
        result = membership_from_scores(
            attack.name,
            attack.scores(model, members),
            attack.scores(model, non_members),
            roc_points=roc_points,
        )
        results.append(result)
    return results


def membership_from_scores(
    attack: str,
    member_scores: ArrayLike,
    non_member_scores: ArrayLike,
    *,
    roc_points: int = 120,
) -> MembershipInference:
    """The report entry of one attack from its member and non-member scores."""
    members = _scores(member_scores, "member")
    non_members = _scores(non_member_scores, "non-member")
    curve = roc_curve(members, non_members)
    result = MembershipInference(
        attack=attack,
        auc=float(np.trapezoid(curve.tpr, curve.fpr)),
        tpr_at_1pct_fpr=tpr_at_fpr(members, non_members, 0.01),
        tpr_at_01pct_fpr=tpr_at_fpr(members, non_members, 0.001),
        members=int(members.size),
        non_members=int(non_members.size),
        roc=downsample_roc(curve, max_points=roc_points),
    )
    logger.info(
        "membership attack %s: AUC %.3f, TPR@1%%FPR %.3f",
        result.attack,
        result.auc,
        result.tpr_at_1pct_fpr,
    )
    return result
