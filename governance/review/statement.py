"""The signed sign-off: its audit payload, the statement a reviewer signs, and its signature.

A decision is one ``reviewer_signoff`` entry in the run's audit log. Its payload is exactly::

    {"decision": "approved" | "rejected", "reviewer": <name>, "note": <text> | null,
     "key_id": <16 hex>, "public_key": <64 hex>, "statement": <canonical JSON text>,
     "signature": <128 hex: Ed25519 over the UTF-8 bytes of statement>}

``statement`` is canonical JSON (sorted keys, no spaces, ASCII) of::

    {"schema": "distillgate/reviewer-signoff/v2", "run_id": ..., "policy_sha256": ...,
     "checkpoint": <the signed checkpoint (origin, tree_size, root_hash, key_id, timestamp,
                    signature) whose tree holds the gate decision>,
     "gate_entry_index": <index of that gate_result entry>,
     "supersedes": null | {"index": <entry of the reviewer's earlier decision>,
                           "signature": <its signature>},
     "decision": ..., "reviewer": ..., "note": ..., "signed_at": <UTC ISO 8601>}

:func:`verify_signoff` checks the signature and that the statement names this run and
repeats the payload; :mod:`governance.review.binding` checks the checkpoint binding.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

from governance.audit.keys import key_id_for, verify_signature
from governance.errors import AuditVerificationError
from governance.jsontypes import JsonObject, JsonValue

__all__ = [
    "SIGNOFF_SCHEMA",
    "Decision",
    "ReviewerSignoff",
    "StatementCheck",
    "canonical",
    "statement_fields",
    "verify_signoff",
]

SIGNOFF_SCHEMA = "distillgate/reviewer-signoff/v2"
Decision = Literal["approved", "rejected"]
_PAYLOAD_KEYS = frozenset(
    {"decision", "reviewer", "note", "key_id", "public_key", "statement", "signature"}
)
canonical = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode


@dataclass(frozen=True)
class ReviewerSignoff:
    """One signed reviewer decision, exactly as stored in the audit entry's payload."""

    decision: Decision
    reviewer: str
    note: str | None
    key_id: str
    public_key: str
    statement: str
    signature: str

    def to_payload(self) -> JsonObject:
        """The audit payload (see the module docstring)."""
        return {
            "decision": self.decision,
            "reviewer": self.reviewer,
            "note": self.note,
            "key_id": self.key_id,
            "public_key": self.public_key,
            "statement": self.statement,
            "signature": self.signature,
        }

    @classmethod
    def from_payload(cls, payload: JsonValue) -> ReviewerSignoff:
        """Parse a payload; raise :class:`AuditVerificationError` when it is malformed."""
        if not isinstance(payload, dict) or set(payload) != _PAYLOAD_KEYS:
            raise AuditVerificationError("reviewer_signoff payload has the wrong fields")
        decision = payload["decision"]
        note = payload["note"]
        texts = [payload[k] for k in ("reviewer", "key_id", "public_key", "statement", "signature")]
        if decision not in ("approved", "rejected") or not all(isinstance(t, str) for t in texts):
            raise AuditVerificationError("reviewer_signoff payload has a bad field type")
        if note is not None and not isinstance(note, str):
            raise AuditVerificationError("reviewer_signoff note is not text")
        reviewer, key_id, public_key, statement, signature = (str(t) for t in texts)
        return cls(
            decision="approved" if decision == "approved" else "rejected",
            reviewer=reviewer,
            note=note,
            key_id=key_id,
            public_key=public_key,
            statement=statement,
            signature=signature,
        )


@dataclass(frozen=True)
class StatementCheck:
    """Whether a sign-off's signature holds and its statement names this run."""

    valid: bool
    reason: str | None
    fields: JsonObject

    @property
    def signed_at(self) -> str | None:
        """When the reviewer signed, as the statement says."""
        value = self.fields.get("signed_at")
        return value if isinstance(value, str) else None


def statement_fields(statement: str) -> JsonObject:
    """The statement's JSON object, or an empty dict when it is not one."""
    try:
        data = json.loads(statement)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def verify_signoff(signoff: ReviewerSignoff, *, run_id: str, policy_sha256: str) -> StatementCheck:
    """Check the signature and that the statement binds this run, its policy and the payload."""
    fields = statement_fields(signoff.statement)
    reason: str | None = None
    try:
        public = bytes.fromhex(signoff.public_key)
        signature = bytes.fromhex(signoff.signature)
    except ValueError:
        public, signature = b"", b""
    if fields.get("schema") != SIGNOFF_SCHEMA:
        reason = f"statement is not a {SIGNOFF_SCHEMA} sign-off (an older one is not bound to "
        reason += "the gate decision; sign again)"
    elif len(public) != 32 or key_id_for(public) != signoff.key_id:
        reason = "key id does not match the public key"
    elif not verify_signature(public, signature, signoff.statement.encode("utf-8")):
        reason = "signature does not verify"
    elif (fields.get("run_id"), fields.get("policy_sha256")) != (run_id, policy_sha256):
        reason = "statement names another run or policy"
    elif (fields.get("decision"), fields.get("reviewer"), fields.get("note")) != (
        signoff.decision,
        signoff.reviewer,
        signoff.note,
    ):
        reason = "payload differs from the signed statement"
    return StatementCheck(valid=reason is None, reason=reason, fields=fields)
