"""Membership-inference attacks: one per file, listed in :mod:`.registry`."""

from governance.privacy.attacks.base import MembershipAttack
from governance.privacy.attacks.registry import ATTACKS, DEFAULT_ATTACKS, create_attack

__all__ = ["ATTACKS", "DEFAULT_ATTACKS", "MembershipAttack", "create_attack"]
