"""The privacy evaluation of a trained student, top to bottom.

1. membership inference on held-out non-members from the same source;
2. rank-based exposure of the canaries (inserted and held-out);
3. the one-run ε lower bound from the canaries' membership scores, compared with the ε the
   accountant claims (``broken`` when the bound is higher: the gate must fail);
4. PII replay of a generation student's continuations of canary prefixes.

The result maps onto the attack fields of :class:`governance.privacy.report.PrivacyReport`.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from governance.errors import ConfigError
from governance.privacy.attacks import DEFAULT_ATTACKS
from governance.privacy.canaries import CanaryPlan
from governance.privacy.exposure import CanaryScorer, canary_exposure
from governance.privacy.membership import membership_from_scores, run_membership_inference
from governance.privacy.one_run_audit import audit_one_run
from governance.privacy.protocols import GenerationModel, LabeledText, ScoresModel
from governance.privacy.replay import PiiReplay, PiiScanner, run_extraction
from governance.privacy.report import CanaryResult, EmpiricalEpsilon, MembershipInference
from governance.privacy.scores import classifier_scorer, generation_scorer

__all__ = [
    "AUDIT_METHOD",
    "AttackSettings",
    "AttackTargets",
    "PrivacyClaim",
    "PrivacyEvaluation",
    "evaluate_privacy",
    "group_privacy",
]

logger = logging.getLogger(__name__)

AUDIT_METHOD = "one-run (Steinke, Nasr, Jagielski 2023)"


@dataclass(frozen=True)
class PrivacyEvaluation:
    """Evidence for ``privacy_report.json``; ``broken`` means the ε claim is refuted."""

    membership_inference: list[MembershipInference]
    canaries: CanaryResult | None
    empirical_epsilon: EmpiricalEpsilon | None
    pii_replay: PiiReplay | None
    broken: bool

    @property
    def pii_replay_hits(self) -> int:
        """PII findings plus canaries found in generated outputs (0 for classifiers)."""
        return self.pii_replay.hits if self.pii_replay is not None else 0


@dataclass(frozen=True)
class AttackTargets:
    """What the attacks aim at: training records (``members``), records of the same source
    the student never saw (``non_members``) and the canary plan of its training set (None:
    no canaries were planted, so no exposure, empirical ε or replay)."""

    members: Sequence[LabeledText]
    non_members: Sequence[LabeledText]
    canaries: CanaryPlan | None


@dataclass(frozen=True, kw_only=True)
class PrivacyClaim:
    """The (ε, δ) the accountant claims for the student (ε = inf, δ = 0 without DP)."""

    epsilon: float
    delta: float

    def __post_init__(self) -> None:
        if self.epsilon < 0 or not 0 <= self.delta < 1:
            raise ConfigError(
                f"need epsilon >= 0 and 0 <= delta < 1, got {self.epsilon}, {self.delta}"
            )


@dataclass(frozen=True, kw_only=True)
class AttackSettings:
    """How hard the evaluation attacks: the seed of every random choice, the confidence of
    the empirical ε lower bound, the membership attacks run on classifiers, and canary
    exposure (candidates per canary, the bits from which a canary counts as exposed, at most
    how many canaries are ranked; None: all)."""

    seed: int
    confidence: float = 0.95
    attacks: Sequence[str] = DEFAULT_ATTACKS
    exposure_candidates: int = 127
    exposure_threshold_bits: float = 3.0
    exposure_max_canaries: int | None = 200


def group_privacy(epsilon: float, delta: float, *, size: int) -> tuple[float, float]:
    """(ε, δ) of a group of ``size`` records under (ε, δ)-DP: (kε, k e^{(k-1)ε} δ).

    >>> group_privacy(1.0, 1e-6, size=1)
    (1.0, 1e-06)
    """
    if size < 1:
        raise ConfigError(f"group size must be at least 1, got {size}")
    if math.isinf(epsilon):
        return epsilon, delta
    return size * epsilon, min(1.0, size * math.exp((size - 1) * epsilon) * delta)


def _scorer(model: ScoresModel | GenerationModel) -> CanaryScorer:
    if isinstance(model, ScoresModel):
        return classifier_scorer(model)
    return generation_scorer(model)


def _membership(
    model: ScoresModel | GenerationModel,
    members: Sequence[LabeledText],
    non_members: Sequence[LabeledText],
    attacks: Sequence[str],
) -> list[MembershipInference]:
    if isinstance(model, ScoresModel):
        return run_membership_inference(model, members, non_members, attacks=attacks)
    score = generation_scorer(model)
    return [
        membership_from_scores(
            "perplexity_threshold",
            score([e.text for e in members], [e.label for e in members]),
            score([e.text for e in non_members], [e.label for e in non_members]),
        )
    ]


def _audit(
    scorer: CanaryScorer, plan: CanaryPlan, *, claim: PrivacyClaim, settings: AttackSettings
) -> EmpiricalEpsilon:
    scores = np.asarray(
        scorer([c.text for c in plan.canaries], [c.label for c in plan.canaries]),
        dtype=np.float64,
    )
    claimed, group_delta = group_privacy(claim.epsilon, claim.delta, size=plan.repetitions)
    confidence = settings.confidence
    audit = audit_one_run(
        scores,
        [c.included for c in plan.canaries],
        delta=group_delta,
        confidence=confidence,
        seed=settings.seed,
    )
    broken = audit.lower_bound > claimed
    if broken:
        logger.error(
            "empirical ε lower bound %.3f exceeds the claimed ε %.3f at %.0f%% confidence: "
            "the training run does not provide the privacy its accountant reports",
            audit.lower_bound,
            claimed,
            100 * confidence,
        )
    return EmpiricalEpsilon(
        method=AUDIT_METHOD,
        lower_bound=audit.lower_bound,
        confidence=confidence,
        guesses=audit.guesses,
        correct=audit.correct,
        canaries=audit.canaries,
        delta=group_delta,
        claimed_epsilon=claimed,
        broken=broken,
    )


def evaluate_privacy(
    model: ScoresModel | GenerationModel,
    targets: AttackTargets,
    *,
    claim: PrivacyClaim,
    settings: AttackSettings,
    scanner: PiiScanner | None = None,
) -> PrivacyEvaluation:
    """Attack ``model`` and audit its ε claim (``claim``; ε = inf without DP).

    ``targets.members``/``non_members`` feed membership inference; ``targets.canaries`` (the
    plan used to build the training set) feed exposure and the one-run ε lower bound.
    Generation students are also prompted with canary prefixes and their output is
    replay-scanned with ``scanner`` (``PiiGateway``) and against the canary secrets.
    """
    membership = _membership(model, targets.members, targets.non_members, settings.attacks)
    canaries = targets.canaries
    if canaries is None:
        return PrivacyEvaluation(membership, None, None, None, broken=False)
    scorer = _scorer(model)
    exposure = canary_exposure(
        scorer,
        canaries,
        candidates=settings.exposure_candidates,
        threshold_bits=settings.exposure_threshold_bits,
        seed=settings.seed,
        max_canaries=settings.exposure_max_canaries,
    )
    empirical = _audit(scorer, canaries, claim=claim, settings=settings)
    replay = None
    if isinstance(model, GenerationModel):
        replay = run_extraction(model, canaries, scanner=scanner)
    return PrivacyEvaluation(membership, exposure, empirical, replay, broken=empirical.broken)
