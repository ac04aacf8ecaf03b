"""Report sections from ``privacy_report.json``: the DP guarantee and the privacy attacks."""

from __future__ import annotations

from governance.policy.models import Policy
from governance.privacy.report import PrivacyReport
from reports.inputs import Loaded
from reports.sections import (
    AttackSection,
    CanaryView,
    DpSection,
    EmpiricalView,
    MiaView,
    ReplayView,
)

__all__ = ["attack_section", "dp_section"]


def dp_section(report: Loaded[PrivacyReport], policy: Policy | None) -> DpSection:
    """ε, δ, σ, q, steps and accountant exactly as the accountant reported them."""
    r = report.value
    if r is None:
        return DpSection(available=False, note=report.note)
    dp = r.dp
    budget = r.lifetime_epsilon_budget
    if budget is None and policy is not None:
        budget = policy.privacy.lifetime_epsilon_budget
    return DpSection(
        available=True,
        enabled=dp.enabled,
        epsilon=dp.epsilon,
        delta=dp.delta,
        target_epsilon=dp.target_epsilon,
        noise_multiplier=dp.noise_multiplier,
        max_grad_norm=dp.max_grad_norm,
        sample_rate=dp.sample_rate,
        steps=dp.steps,
        epochs=dp.epochs,
        dataset_size=dp.dataset_size,
        accountant=dp.accountant,
        clipping=dp.clipping,
        secure_rng=dp.secure_rng,
        epsilon_history=[(int(s), float(e)) for s, e in dp.epsilon_history],
        lifetime_epsilon_spent=r.lifetime_epsilon_spent,
        lifetime_epsilon_budget=budget,
        policy_max_epsilon=policy.export.max_epsilon if policy is not None else None,
    )


def attack_section(report: Loaded[PrivacyReport], policy: Policy | None) -> AttackSection:
    """Membership inference, canaries and the empirical ε lower bound."""
    r = report.value
    if r is None:
        return AttackSection(available=False, note=report.note)
    canary = None
    if r.canaries is not None:
        c = r.canaries
        canary = CanaryView(
            planted=c.planted,
            repetitions=c.repetitions,
            max_exposure_bits=c.max_exposure_bits,
            mean_exposure_bits=c.mean_exposure_bits,
            exposed=c.exposed,
            threshold_bits=policy.export.max_canary_exposure if policy is not None else None,
        )
    empirical = None
    if r.empirical_epsilon is not None:
        e = r.empirical_epsilon
        empirical = EmpiricalView(
            method=e.method,
            lower_bound=e.lower_bound,
            confidence=e.confidence,
            reported_epsilon=r.dp.epsilon,
        )
    return AttackSection(
        available=True,
        membership_inference=[
            MiaView(
                attack=m.attack,
                auc=m.auc,
                tpr_at_1pct_fpr=m.tpr_at_1pct_fpr,
                tpr_at_01pct_fpr=m.tpr_at_01pct_fpr,
                members=m.members,
                non_members=m.non_members,
                roc=[(p.fpr, p.tpr) for p in m.roc],
            )
            for m in r.membership_inference
        ],
        canaries=canary,
        empirical_epsilon=empirical,
        residual_pii_fraction=r.residual_pii_fraction,
        pii_replay_hits=r.pii_replay_hits,
        pii_replay=(
            ReplayView(
                outputs=r.pii_replay.outputs,
                outputs_with_hits=r.pii_replay.outputs_with_hits,
                pii_findings=r.pii_replay.pii_findings,
                entity_counts=dict(r.pii_replay.entity_counts),
                canaries_found=r.pii_replay.canaries_found,
            )
            if r.pii_replay is not None
            else None
        ),
    )
