"""``AllOf``: the only way verdicts combine. An empty list is a failure, never a pass."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

__all__ = ["AllOf", "Verdict"]


class Verdict(Protocol):
    """Anything that passed or failed."""

    @property
    def passed(self) -> bool: ...


@dataclass(frozen=True)
class AllOf:
    """Passes when there is at least one verdict and every verdict passed.

    >>> from types import SimpleNamespace as V
    >>> AllOf([]).passed
    False
    >>> AllOf([V(passed=True), V(passed=True)]).passed
    True
    >>> AllOf([V(passed=True), V(passed=False)]).passed
    False
    """

    verdicts: Sequence[Verdict]

    @property
    def passed(self) -> bool:
        return bool(self.verdicts) and all(v.passed for v in self.verdicts)
