"""resolve_dp: the policy always wins over the job's DP settings."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from governance.errors import PolicyViolationError
from governance.policy.jobs import ClippingMode, DpSettings
from governance.policy.models import Accountant, Policy, PrivacyRules
from pipeline.student.dp_plan import resolve_dp

_POLICY = Path(__file__).parents[3] / "policies" / "support_tickets.yaml"


def _policy(**privacy: object) -> Policy:
    base = Policy.model_validate(yaml.safe_load(_POLICY.read_text(encoding="utf-8")))
    rules = {
        "dp_required": True,
        "target_epsilon": 8.0,
        "delta": 1e-5,
        "lifetime_epsilon_budget": 20.0,
        **privacy,
    }
    return base.model_copy(update={"privacy": PrivacyRules.model_validate(rules)})


def test_required_dp_cannot_be_disabled_by_the_job() -> None:
    with pytest.raises(PolicyViolationError, match="requires DP-SGD but the job sets"):
        resolve_dp(_policy(), DpSettings(enabled=False), dataset_size=1000)


def test_job_cannot_exceed_policy_target() -> None:
    with pytest.raises(PolicyViolationError, match=r"ε target 10.0 exceeds .* target 8.0"):
        resolve_dp(_policy(), DpSettings(target_epsilon=10.0), dataset_size=1000)


def test_delta_must_be_below_one_over_n() -> None:
    with pytest.raises(PolicyViolationError, match=r"δ=1e-05 is not below 1/N"):
        resolve_dp(_policy(), DpSettings(), dataset_size=200_000)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(PolicyViolationError) as info:
        resolve_dp(_policy(), DpSettings(enabled=False, target_epsilon=50.0), dataset_size=10**6)
    assert "requires DP-SGD" in info.value.message
    assert "exceeds" in info.value.message
    assert "1/N" in info.value.message
    assert info.value.hint


def test_required_dp_defaults_from_policy() -> None:
    plan = resolve_dp(_policy(accountant="rdp"), DpSettings(), dataset_size=1000)
    assert plan.enabled
    assert (plan.target_epsilon, plan.delta, plan.accountant) == (8.0, 1e-5, Accountant.RDP)
    assert plan.clipping is ClippingMode.GHOST


def test_job_may_ask_for_less_and_pick_the_accountant() -> None:
    dp = DpSettings(target_epsilon=3.0, accountant=Accountant.PRV, max_grad_norm=0.5)
    plan = resolve_dp(_policy(accountant="rdp"), dp, dataset_size=1000)
    assert (plan.target_epsilon, plan.accountant, plan.max_grad_norm) == (
        3.0,
        Accountant.PRV,
        0.5,
    )


def test_optional_dp_is_off_unless_the_job_enables_it() -> None:
    policy = _policy(dp_required=False)
    assert not resolve_dp(policy, DpSettings(), dataset_size=1000).enabled
    assert not resolve_dp(policy, DpSettings(enabled=False), dataset_size=1000).enabled
    assert resolve_dp(policy, DpSettings(enabled=True), dataset_size=1000).enabled


def test_enabled_dp_needs_a_target_and_delta() -> None:
    policy = _policy(dp_required=False, target_epsilon=None, delta=None)
    with pytest.raises(PolicyViolationError, match="no ε target") as info:
        resolve_dp(policy, DpSettings(enabled=True), dataset_size=1000)
    assert "sets no privacy.delta" in info.value.message
