"""Pure ε / noise arithmetic for DP-SGD, wrapping the Opacus accountants.

These functions hold no state: they build a fresh Opacus accountant, give it the history
``(noise_multiplier, sample_rate, steps)`` of a Poisson-subsampled Gaussian mechanism and read
ε back. The trainer uses the stateful accountant it stepped during training; these are for
planning (which σ reaches a target) and for checking reports.

>>> round(epsilon_for(1.5, 0.04, 2250, 1e-5, accountant="rdp"), 4)
7.3291
>>> epsilon_for(1.2, 0.01, 100, 1e-5, accountant="rdp") < 1.0
True
"""

from __future__ import annotations

import math

from opacus.accountants import create_accountant
from opacus.accountants.utils import get_noise_multiplier

from governance.errors import ConfigError
from governance.policy.models import Accountant

__all__ = ["epsilon_for", "noise_for", "steps_for"]


def _check(sample_rate: float, steps: int, delta: float) -> None:
    problems = []
    if not 0.0 < sample_rate <= 1.0:
        problems.append(f"sample_rate must be in (0, 1], got {sample_rate}")
    if steps < 1:
        problems.append(f"steps must be at least 1, got {steps}")
    if not 0.0 < delta < 1.0:
        problems.append(f"delta must be in (0, 1), got {delta}")
    if problems:
        raise ConfigError("invalid DP accounting parameters: " + "; ".join(problems))


def steps_for(*, sample_rate: float, epochs: int) -> int:
    """Steps of ``epochs`` passes at Poisson rate ``q``: ``round(epochs / q)``, at least 1."""
    return max(1, round(epochs / sample_rate))


def epsilon_for(
    noise_multiplier: float,
    sample_rate: float,
    steps: int,
    delta: float,
    *,
    accountant: Accountant | str,
) -> float:
    """ε of ``steps`` DP-SGD steps with noise σ at Poisson rate ``q``, at ``delta``.

    Returns ``inf`` when ``noise_multiplier`` is 0 (no noise, no guarantee).
    """
    _check(sample_rate, steps, delta)
    if noise_multiplier <= 0.0:
        return math.inf
    mechanism = Accountant(accountant).value
    acc = create_accountant(mechanism=mechanism)
    acc.history = [(noise_multiplier, sample_rate, steps)]
    return float(acc.get_epsilon(delta=delta))


def noise_for(
    target_epsilon: float,
    sample_rate: float,
    steps: int,
    delta: float,
    *,
    accountant: Accountant | str,
) -> float:
    """Smallest σ (to Opacus' search tolerance) whose ε after ``steps`` is below the target.

    The returned σ never overshoots: ``epsilon_for(noise_for(e, ...), ...) < e``.
    Raises :class:`ConfigError` when no σ up to 10^6 reaches the target.
    """
    _check(sample_rate, steps, delta)
    if target_epsilon <= 0.0:
        raise ConfigError(f"target_epsilon must be positive, got {target_epsilon}")
    mechanism = Accountant(accountant).value
    try:
        sigma = get_noise_multiplier(
            target_epsilon=target_epsilon,
            target_delta=delta,
            sample_rate=sample_rate,
            steps=steps,
            accountant=mechanism,
        )
    except ValueError as exc:
        raise ConfigError(
            f"no noise level reaches ε={target_epsilon} at δ={delta} over {steps} steps",
            hint="raise the ε target, train fewer epochs or use a smaller batch",
        ) from exc
    return float(sigma)
