"""Resolve a job's DP settings against its source policy: the policy always wins."""

from __future__ import annotations

from dataclasses import dataclass

from governance.errors import PolicyViolationError
from governance.policy.jobs import ClippingMode, DpSettings
from governance.policy.models import Accountant, Policy

__all__ = ["DpPlan", "resolve_dp"]


@dataclass(frozen=True)
class DpPlan:
    """How one student is trained, privacy-wise. ``enabled=False`` means ε = inf."""

    enabled: bool
    target_epsilon: float | None
    delta: float
    max_grad_norm: float
    clipping: ClippingMode
    accountant: Accountant
    secure_mode: bool = False

    @classmethod
    def disabled(cls) -> DpPlan:
        """A plan without DP (only reachable through :func:`resolve_dp` when allowed)."""
        return cls(
            enabled=False,
            target_epsilon=None,
            delta=0.0,
            max_grad_norm=1.0,
            clipping=ClippingMode.GHOST,
            accountant=Accountant.PRV,
        )


def resolve_dp(policy: Policy, dp: DpSettings, *, dataset_size: int) -> DpPlan:
    """The DP plan of a run on ``dataset_size`` training records.

    DP is on when the policy requires it or the job enables it. Raises
    :class:`PolicyViolationError` (listing every problem) when the job disables DP that the
    policy requires, asks for an ε above the policy's per-run target, or when δ is missing or
    not below 1/N.
    """
    rules = policy.privacy
    problems: list[str] = []
    if rules.dp_required and dp.enabled is False:
        problems.append(
            f"policy of source '{policy.source.name}' requires DP-SGD but the job sets "
            "dp.enabled: false"
        )
    enabled = rules.dp_required or dp.enabled is True
    if not enabled:
        if problems:
            raise PolicyViolationError("; ".join(problems))
        return DpPlan.disabled()
    target = dp.target_epsilon if dp.target_epsilon is not None else rules.target_epsilon
    if target is None:
        problems.append("no ε target: set dp.target_epsilon in the job or the policy's target")
    elif rules.target_epsilon is not None and target > rules.target_epsilon:
        problems.append(
            f"job ε target {target} exceeds the policy's per-run target {rules.target_epsilon}"
        )
    delta = rules.delta
    if dataset_size < 1:
        problems.append(f"dataset_size must be positive, got {dataset_size}")
    if delta is None:
        problems.append(f"policy of source '{policy.source.name}' sets no privacy.delta")
    elif dataset_size >= 1 and delta >= 1.0 / dataset_size:
        problems.append(
            f"δ={delta} is not below 1/N={1.0 / dataset_size:.3g} for N={dataset_size} records"
        )
    if problems:
        raise PolicyViolationError(
            "DP settings violate the policy: " + "; ".join(problems),
            hint="remove dp.enabled: false / lower dp.target_epsilon in the job, or ask "
            "the policy owner to change privacy.* in the policy",
        )
    assert target is not None and delta is not None
    return DpPlan(
        enabled=True,
        target_epsilon=target,
        delta=delta,
        max_grad_norm=dp.max_grad_norm,
        clipping=dp.clipping,
        accountant=dp.accountant if dp.accountant is not None else rules.accountant,
        secure_mode=dp.secure_mode,
    )
