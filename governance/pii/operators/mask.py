"""mask: every character but the last ``mask_keep_last`` alphanumerics becomes ``*``."""

from __future__ import annotations

from governance.pii.operators.base import OperatorContext
from governance.policy.models import EntityRule

__all__ = ["mask"]


def mask(value: str, *, entity_type: str, rule: EntityRule, context: OperatorContext) -> str:
    """``************1111``; separators are masked too so the shape does not leak.

    Never reveals more than half of the value.
    """
    keep = min(rule.mask_keep_last, len(value) // 2)
    return "*" * (len(value) - keep) + (value[len(value) - keep :] if keep else "")
