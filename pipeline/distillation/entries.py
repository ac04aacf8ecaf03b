"""The audit entries of the governed loop: scan, decision and teacher-call entries per record.

A resumed run logs no decision its signed log already holds (:class:`SignedWork`): one
decision per record; a changed decision names the entry it supersedes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

from governance.audit.events import EventKind
from governance.audit.log import AuditLog
from governance.audit.payloads import DecisionEntry, ScanEntry, TeacherCallEntry
from governance.errors import TeacherError
from governance.jsontypes import JsonObject
from governance.pii.gateway import PiiGateway
from pipeline.distillation.resume import SignedWork
from pipeline.teacher.base import TeacherResponse

__all__ = ["Governance", "log_call", "log_decision", "sha256_text"]

_SCANNED_BY_DECISION = {
    EventKind.PROMPT_DECISION: EventKind.PROMPT_SCANNED,
    EventKind.RESPONSE_DECISION: EventKind.RESPONSE_SCANNED,
}


@dataclass(frozen=True)
class Governance:
    """What governs every call: the PII gateway, the audit log and the policy it logs under.

    ``signed``: what a resumed run's signed log already holds (:class:`SignedWork`); those
    decisions and calls are not logged again.
    """

    gateway: PiiGateway
    audit: AuditLog
    policy_hash: str
    signed: SignedWork = field(default_factory=SignedWork)


def sha256_text(text: str) -> str:
    """Hex SHA-256 of ``text`` (UTF-8): how a prompt is named in the log, never shown."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def log_decision(
    gov: Governance,
    decided: EventKind,
    record_id: str,
    payload: JsonObject,
    *,
    prompt_sha256: str | None = None,
    is_prompt: bool = False,
) -> None:
    """Append the scan entry (findings) and the decision entry (outcome, actions, rules).

    Nothing is appended when the signed log already holds this very decision (a resumed
    run); a different one names the entry it supersedes.
    """
    decision = DecisionEntry(
        record_id=record_id,
        outcome=payload.get("outcome"),
        actions=payload.get("actions", []),
        fired_rules=payload.get("fired_rules", []),
        prompt_sha256=prompt_sha256,
        is_prompt=is_prompt,
    )
    if gov.signed.already_decided(
        decided, record_id, decision.payload(), policy_hash=gov.policy_hash
    ):
        return
    earlier = gov.signed.superseded(decided, record_id)
    if earlier is not None:
        decision = replace(decision, supersedes=earlier)
    scan = ScanEntry(record_id=record_id, findings=payload.get("findings", []))
    gov.audit.append(_SCANNED_BY_DECISION[decided], scan.payload(), policy_hash=gov.policy_hash)
    gov.audit.append(decided, decision.payload(), policy_hash=gov.policy_hash)


def log_call(
    gov: Governance,
    *,
    record_id: str,
    prompt: str,
    model: str,
    result: TeacherResponse | TeacherError,
) -> None:
    """Append the teacher_call entry, unless a resumed run's signed log holds this answer."""
    prompt_sha256 = sha256_text(prompt)
    entry: TeacherCallEntry
    if isinstance(result, TeacherError):
        entry = TeacherCallEntry(
            record_id=record_id,
            prompt_sha256=prompt_sha256,
            model=model,
            ok=False,
            error=type(result).__name__,
        )
    elif gov.signed.already_answered(record_id, prompt_sha256):
        return
    else:
        entry = TeacherCallEntry(
            record_id=record_id,
            prompt_sha256=prompt_sha256,
            model=result.model,
            ok=True,
            cached=result.cached,
            retries=result.retries,
            input_tokens=result.usage.input_tokens,
            output_tokens=result.usage.output_tokens,
        )
    gov.audit.append(EventKind.TEACHER_CALL, entry.payload(), policy_hash=gov.policy_hash)
