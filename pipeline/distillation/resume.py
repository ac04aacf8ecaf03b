"""What a resumed run finds already decided in its signed audit log.

When a run resumes, :meth:`~governance.audit.log.AuditLog.open` has cut its log back to
what signed checkpoints cover (anything after was quarantined). The governed loop goes over
every record again (the teacher's answers come from the sealed response cache, so nothing is
paid twice) and needs each record's redacted prompt and response to rebuild its example, but
it must not log a decision the signed log already holds: one decision per record. A record
whose signed decision is the one it makes again (same payload, same policy) gets no new
entry; one decided differently (the policy file changed) gets a new decision naming the
entry it supersedes (``supersedes``: that entry's index). A teacher call is logged again
only if no successful call for the same record and prompt is in the signed log.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from governance.audit.events import EventKind
from governance.audit.verify import AuditEntry, read_entries
from governance.jsontypes import JsonObject

__all__ = ["SignedWork"]

_DECISIONS = (EventKind.PROMPT_DECISION, EventKind.RESPONSE_DECISION)


def _canonical(payload: Mapping[str, object]) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class SignedWork:
    """The latest signed decision per (kind, record) and the signed successful calls."""

    decisions: Mapping[tuple[EventKind, str], AuditEntry] = field(default_factory=dict)
    answered: frozenset[tuple[str, str]] = frozenset()

    @classmethod
    def read(cls, audit_dir: Path) -> SignedWork:
        """Read the (already verified and cut back) log of a run."""
        decisions: dict[tuple[EventKind, str], AuditEntry] = {}
        answered: set[tuple[str, str]] = set()
        for entry in read_entries(audit_dir):
            record_id = entry.payload.get("record_id")
            if not isinstance(record_id, str):
                continue
            if entry.kind in _DECISIONS:
                decisions[(entry.kind, record_id)] = entry
            elif entry.kind is EventKind.TEACHER_CALL and entry.payload.get("ok") is True:
                answered.add((record_id, str(entry.payload.get("prompt_sha256"))))
        return cls(decisions, frozenset(answered))

    def already_decided(
        self, kind: EventKind, record_id: str, decision: JsonObject, *, policy_hash: str
    ) -> bool:
        """True when the signed log holds exactly this decision (under this policy)."""
        entry = self.decisions.get((kind, record_id))
        if entry is None or entry.policy_hash != policy_hash:
            return False
        return _canonical(entry.payload) == _canonical(json.loads(_canonical(decision)))

    def superseded(self, kind: EventKind, record_id: str) -> int | None:
        """Index of the signed decision a new one for this record replaces, if any."""
        entry = self.decisions.get((kind, record_id))
        return entry.index if entry is not None else None

    def already_answered(self, record_id: str, prompt_sha256: str) -> bool:
        """True when a successful teacher call for this record and prompt is signed."""
        return (record_id, prompt_sha256) in self.answered
