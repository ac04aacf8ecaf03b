"""hash: keyed HMAC-SHA256 of the value (never a plain hash), as ``<TYPE_<16 hex>>``."""

from __future__ import annotations

from governance.pii.digest import value_digest
from governance.pii.operators.base import OperatorContext
from governance.policy.models import EntityRule

__all__ = ["HASH_HEX_CHARS", "keyed_hash"]

HASH_HEX_CHARS = 16


def keyed_hash(value: str, *, entity_type: str, rule: EntityRule, context: OperatorContext) -> str:
    """``<EMAIL_ADDRESS_3f2a...>``: equal values give equal tokens under one secret."""
    return f"<{entity_type}_{value_digest(context.secret, value)[:HASH_HEX_CHARS]}>"
