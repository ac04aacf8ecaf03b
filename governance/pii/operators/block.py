"""block: the whole record must not reach the teacher."""

from __future__ import annotations

from governance.pii.operators.base import OperatorContext
from governance.policy.models import EntityRule

__all__ = ["block"]


def block(value: str, *, entity_type: str, rule: EntityRule, context: OperatorContext) -> None:
    """``None``: the caller blocks the record."""
    return None
