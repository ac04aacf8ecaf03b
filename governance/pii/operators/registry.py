"""Explicit registry: policy action -> operator."""

from __future__ import annotations

from governance.pii.operators.allow import allow
from governance.pii.operators.base import Operator
from governance.pii.operators.block import block
from governance.pii.operators.hash import keyed_hash
from governance.pii.operators.mask import mask
from governance.pii.operators.pseudonymize import pseudonymize
from governance.pii.operators.redact import redact
from governance.pii.operators.replace import replace
from governance.policy.models import EntityAction

__all__ = ["OPERATORS", "get_operator"]

OPERATORS: dict[EntityAction, Operator] = {
    EntityAction.ALLOW: allow,
    EntityAction.REDACT: redact,
    EntityAction.REPLACE: replace,
    EntityAction.MASK: mask,
    EntityAction.HASH: keyed_hash,
    EntityAction.PSEUDONYMIZE: pseudonymize,
    EntityAction.BLOCK: block,
}


def get_operator(action: EntityAction) -> Operator:
    """The operator implementing ``action``."""
    return OPERATORS[action]
