"""redact: remove the value."""

from __future__ import annotations

from governance.pii.operators.base import OperatorContext
from governance.policy.models import EntityRule

__all__ = ["redact"]


def redact(value: str, *, entity_type: str, rule: EntityRule, context: OperatorContext) -> str:
    """The empty string."""
    return ""
