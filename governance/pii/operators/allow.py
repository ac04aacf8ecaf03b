"""allow: leave the value as it is."""

from __future__ import annotations

from governance.pii.operators.base import OperatorContext
from governance.policy.models import EntityRule

__all__ = ["allow"]


def allow(value: str, *, entity_type: str, rule: EntityRule, context: OperatorContext) -> str:
    """The value itself."""
    return value
