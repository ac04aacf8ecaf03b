"""The anonymization operator interface."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Protocol

from governance.pii.digest import value_digest
from governance.policy.models import EntityRule

__all__ = ["Operator", "OperatorContext", "PseudonymTable"]


@dataclass
class PseudonymTable:
    """Consistent pseudonyms: the same (type, value) always gets the same ``<TYPE_n>``.

    Only keyed digests of values are kept, never the values.
    """

    secret: bytes
    _ids: dict[tuple[str, str], int] = field(default_factory=dict)
    _counts: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def pseudonym(self, entity_type: str, value: str) -> str:
        """``<ENTITY_TYPE_n>``, n counting distinct values of that type from 1."""
        key = (entity_type, value_digest(self.secret, value))
        with self._lock:
            number = self._ids.get(key)
            if number is None:
                number = self._counts.get(entity_type, 0) + 1
                self._counts[entity_type] = number
                self._ids[key] = number
        return f"<{entity_type}_{number}>"


@dataclass(frozen=True)
class OperatorContext:
    """What operators may use: the deployment secret and the run's pseudonym table."""

    secret: bytes
    pseudonyms: PseudonymTable


class Operator(Protocol):
    """Turns one detected value into its replacement (``None``: block the whole record)."""

    def __call__(
        self, value: str, *, entity_type: str, rule: EntityRule, context: OperatorContext
    ) -> str | None:
        """The replacement text for ``value``."""
        ...
