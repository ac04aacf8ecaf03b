"""Explicit registry of membership-inference attacks (a plain dict, no discovery)."""

from __future__ import annotations

from collections.abc import Callable

from governance.errors import ConfigError
from governance.privacy.attacks.base import MembershipAttack
from governance.privacy.attacks.confidence_threshold import ConfidenceThresholdAttack
from governance.privacy.attacks.loss_threshold import LossThresholdAttack

__all__ = ["ATTACKS", "DEFAULT_ATTACKS", "create_attack"]

ATTACKS: dict[str, Callable[[], MembershipAttack]] = {
    LossThresholdAttack.name: LossThresholdAttack,
    ConfidenceThresholdAttack.name: ConfidenceThresholdAttack,
}

DEFAULT_ATTACKS: tuple[str, ...] = (LossThresholdAttack.name, ConfidenceThresholdAttack.name)


def create_attack(name: str) -> MembershipAttack:
    """The attack called ``name``; :class:`ConfigError` lists the known ones otherwise."""
    try:
        factory = ATTACKS[name]
    except KeyError:
        known = ", ".join(sorted(ATTACKS))
        raise ConfigError(f"unknown membership attack {name!r}", hint=f"known: {known}") from None
    return factory()
