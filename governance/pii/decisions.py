"""What the gateway decided about one prompt or response (frozen, audit-ready)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from governance.jsontypes import JsonObject
from governance.pii.types import PiiFinding

__all__ = [
    "FindingAction",
    "PromptDecision",
    "PromptOutcome",
    "ResponseDecision",
    "ResponseOutcome",
]

PromptOutcome = Literal["allow", "block"]
ResponseOutcome = Literal["allow", "redact", "drop", "stop"]


@dataclass(frozen=True, slots=True)
class FindingAction:
    """The action taken on one finding; ``value_digest`` is the keyed digest of the value."""

    entity_type: str
    start: int
    end: int
    score: float
    recognizer: str
    action: str
    value_digest: str

    def to_json(self) -> JsonObject:
        """JSON form (no raw value)."""
        return {
            "entity_type": self.entity_type,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 4),
            "recognizer": self.recognizer,
            "action": self.action,
            "value_digest": self.value_digest,
        }


def _payload(
    outcome: str,
    findings: tuple[PiiFinding, ...],
    actions: tuple[FindingAction, ...],
    fired_rules: tuple[str, ...],
) -> JsonObject:
    return {
        "outcome": outcome,
        "findings": [
            {
                "entity_type": f.entity_type,
                "start": f.start,
                "end": f.end,
                "score": round(f.score, 4),
                "recognizer": f.recognizer,
            }
            for f in findings
        ],
        "actions": [a.to_json() for a in actions],
        "fired_rules": list(fired_rules),
    }


@dataclass(frozen=True, slots=True)
class PromptDecision:
    """Outcome for a prompt: ``allow`` (send ``text``) or ``block`` (``text`` is empty)."""

    outcome: PromptOutcome
    text: str
    findings: tuple[PiiFinding, ...]
    actions: tuple[FindingAction, ...]
    fired_rules: tuple[str, ...]

    def to_audit_payload(self) -> JsonObject:
        """Types, offsets, scores, recognizers, digests and rules; never raw values."""
        return _payload(self.outcome, self.findings, self.actions, self.fired_rules)


@dataclass(frozen=True, slots=True)
class ResponseDecision:
    """Outcome for a teacher response: allow, redact (``text`` anonymized), drop or stop."""

    outcome: ResponseOutcome
    text: str
    findings: tuple[PiiFinding, ...]
    actions: tuple[FindingAction, ...]
    fired_rules: tuple[str, ...]

    def to_audit_payload(self) -> JsonObject:
        """Types, offsets, scores, recognizers, digests and rules; never raw values."""
        return _payload(self.outcome, self.findings, self.actions, self.fired_rules)
