"""Apply per-finding operators to the original text (pure bookkeeping)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from governance.pii.decisions import FindingAction
from governance.pii.digest import value_digest
from governance.pii.operators import OperatorContext, get_operator
from governance.pii.types import PiiFinding
from governance.policy.models import EntityAction, EntityRule

__all__ = ["Anonymized", "PlannedAction", "apply_actions"]


@dataclass(frozen=True, slots=True)
class PlannedAction:
    """A finding and the policy rule chosen for it."""

    finding: PiiFinding
    action: EntityAction
    rule: EntityRule


@dataclass(frozen=True, slots=True)
class Anonymized:
    """The anonymized text, whether a ``block`` fired, and the actions taken."""

    text: str
    blocked: bool
    actions: tuple[FindingAction, ...]


def apply_actions(
    text: str, planned: Sequence[PlannedAction], *, context: OperatorContext
) -> Anonymized:
    """Replace each finding's original characters by its operator's output.

    Findings must not overlap (the analyzer resolves conflicts). A ``block`` action empties
    the text.
    """
    pieces: list[str] = []
    actions: list[FindingAction] = []
    blocked = False
    cursor = 0
    for item in sorted(planned, key=lambda p: p.finding.start):
        f = item.finding
        value = text[f.start : f.end]
        replacement = get_operator(item.action)(
            value, entity_type=f.entity_type, rule=item.rule, context=context
        )
        actions.append(
            FindingAction(
                entity_type=f.entity_type,
                start=f.start,
                end=f.end,
                score=f.score,
                recognizer=f.recognizer,
                action=item.action.value,
                value_digest=value_digest(context.secret, value),
            )
        )
        if replacement is None:
            blocked = True
            continue
        pieces.append(text[cursor : f.start])
        pieces.append(replacement)
        cursor = f.end
    pieces.append(text[cursor:])
    return Anonymized("" if blocked else "".join(pieces), blocked, tuple(actions))
