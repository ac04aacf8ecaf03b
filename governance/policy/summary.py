"""A human-readable summary of a loaded policy (``distillgate policy show``)."""

from __future__ import annotations

import math

from governance.policy.loader import LoadedPolicy
from governance.policy.yamlio import display_path

__all__ = ["describe_policy"]


def describe_policy(loaded: LoadedPolicy, *, spent: float | None = None) -> list[str]:
    """Lines describing ``loaded``: hash, source, rules and thresholds.

    ``spent`` is the ε the source has already spent (from the privacy ledger), if known.
    """
    p = loaded.policy
    privacy, export = p.privacy, p.export
    entities = ", ".join(f"{name}={rule.action.value}" for name, rule in p.prompt.entities.items())
    teachers = ", ".join(f"{t.provider.value}/{t.model}" for t in p.teacher.allowed)
    lines = [
        f"policy:       {display_path(loaded.path)}",
        f"sha256:       {loaded.sha256}",
        f"version:      {p.policy_version}",
        f"source:       {p.source.name} ({p.source.format.value}: {p.source.location or '-'}), "
        f"owner {p.source.owner}",
        f"controller:   {p.processing.controller} <{p.processing.controller_contact}>",
        f"lawful basis: {p.processing.lawful_basis}",
        f"prompt PII:   {entities}; default {p.prompt.default_action.value}",
        f"custom recog: {', '.join(r.name for r in p.prompt.custom_recognizers) or '-'}",
        f"responses:    allowed {', '.join(p.response.allowed_entities) or 'no PII'}; "
        f"otherwise {p.response.on_violation.value}",
        f"teachers:     {teachers}",
        f"DP:           {'required' if privacy.dp_required else 'optional'}, "
        f"ε={_num(privacy.target_epsilon)} per run, δ={_num(privacy.delta)}, "
        f"accountant {privacy.accountant.value}",
        f"budget:       {_budget(privacy.lifetime_epsilon_budget, spent)}",
        f"export gate:  ε<={_num(export.max_epsilon)}, MIA AUC<={export.max_mia_auc:g}, "
        f"TPR@1%FPR<={export.max_mia_tpr_at_1pct_fpr:g}, canary<={export.max_canary_exposure:g} "
        f"bits, residual PII<={export.max_residual_pii:g}, agreement>={export.min_agreement:g}, "
        f"accuracy>={export.min_accuracy:g}, "
        f"sign-off {_signoff(export.required_reviewers)}",
    ]
    return lines


def _signoff(required: int) -> str:
    if required == 0:
        return "not required"
    return f"by {required} enrolled reviewer{'s' if required > 1 else ''}"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _budget(budget: float | None, spent: float | None) -> str:
    if budget is None:
        return "no lifetime budget" + ("" if spent is None else f" (spent ε={spent:.2f})")
    if spent is None:
        return f"lifetime ε={budget:g}"
    left = budget - spent if math.isfinite(spent) else 0.0
    return f"lifetime ε={budget:g}, spent {spent:.2f}, {max(left, 0.0):.2f} left"
