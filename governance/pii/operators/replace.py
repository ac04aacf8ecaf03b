"""replace: the value becomes ``<ENTITY_TYPE>``."""

from __future__ import annotations

from governance.pii.operators.base import OperatorContext
from governance.policy.models import EntityRule

__all__ = ["replace"]


def replace(value: str, *, entity_type: str, rule: EntityRule, context: OperatorContext) -> str:
    """``<ENTITY_TYPE>``."""
    return f"<{entity_type}>"
