"""pseudonymize: consistent ``<PERSON_3>`` placeholders within one gateway instance."""

from __future__ import annotations

from governance.pii.operators.base import OperatorContext
from governance.policy.models import EntityRule

__all__ = ["pseudonymize"]


def pseudonymize(
    value: str, *, entity_type: str, rule: EntityRule, context: OperatorContext
) -> str:
    """The same value of the same type always gets the same placeholder."""
    return context.pseudonyms.pseudonym(entity_type, value)
