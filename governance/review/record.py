"""Recording a decision: a reviewer signs with a key they hold that was enrolled before.

Recording never creates or trusts a key. The reviewer's private key is ``key_file`` or
``<reviewer keys dir>/reviewer-<name>.key`` (made by ``distillgate keys generate --role
reviewer``; the folder is ``$DISTILLGATE_REVIEWER_KEYS``, else ``<home>/reviewer-keys``), and
its public key must be enrolled as a reviewer in the trust file used for verification. An
approval of a run whose latest gate decision did not pass is refused; so is repeating one's
current decision, and changing it without ``change=True`` (the new decision then names the
one it supersedes; both stay in the log).
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from governance import paths
from governance.audit.checkpoint import SignedCheckpoint
from governance.audit.events import EventKind
from governance.audit.keys import (
    TRUST_FILE,
    KeyRole,
    Signer,
    TrustStore,
    load_private_key,
    utc_now,
)
from governance.audit.log import AuditLog
from governance.audit.proof import checkpoint_json
from governance.errors import AuditVerificationError, ConfigError, GateError, SigningKeyError
from governance.jsontypes import JsonValue
from governance.review.binding import RunEvidence, load_run_evidence
from governance.review.decisions import SignoffCheck, read_signoffs
from governance.review.statement import SIGNOFF_SCHEMA, Decision, ReviewerSignoff, canonical
from governance.runfiles.layout import RunLayout

__all__ = [
    "ReviewRequest",
    "approve_run",
    "default_reviewer_keys_dir",
    "reject_run",
    "reviewer_key_name",
]

_log = logging.getLogger(__name__)
_SLUG = re.compile(r"[^a-z0-9_.-]+")
REVIEWER_KEYS_ENV = "DISTILLGATE_REVIEWER_KEYS"


def default_reviewer_keys_dir() -> Path:
    """``$DISTILLGATE_REVIEWER_KEYS``, else ``<distillgate home>/reviewer-keys``."""
    env = os.environ.get(REVIEWER_KEYS_ENV)
    return Path(env).expanduser() if env else paths.distillgate_home() / "reviewer-keys"


def reviewer_key_name(reviewer: str) -> str:
    """Key file name of a reviewer's own key in the reviewer keys folder.

    >>> reviewer_key_name("Jane Reviewer")
    'reviewer-jane-reviewer'
    """
    slug = _SLUG.sub("-", reviewer.strip().lower()).strip("-.")[:54]
    if not slug:
        raise ConfigError(
            f"reviewer name {reviewer!r} has no letters or digits", hint="pass --reviewer NAME"
        )
    return f"reviewer-{slug}"


@dataclass(frozen=True)
class ReviewRequest:
    """Who decides, with which key, against which trust file and run-signer keys folder.

    ``keys_dir``: the run-signer keys folder (default ``<home>/keys``), whose
    ``trusted_keys.json`` is the trust file; ``reviewer_keys_dir``: where
    ``reviewer-<name>.key`` is looked up when no ``key_file`` is given.
    """

    reviewer: str
    note: str | None = None
    key_file: Path | None = None
    keys_dir: Path | None = None
    reviewer_keys_dir: Path | None = None
    change: bool = False


def _reviewer_signer(request: ReviewRequest, trust: TrustStore) -> tuple[Signer, str]:
    name = reviewer_key_name(request.reviewer)
    folder = request.reviewer_keys_dir or default_reviewer_keys_dir()
    path = Path(request.key_file) if request.key_file is not None else folder / f"{name}.key"
    if not path.exists():
        raise SigningKeyError(
            f"no reviewer key at {path}",
            hint="generate one with `distillgate keys generate --role reviewer --name "
            f"{name}` and have its .pub enrolled with `distillgate keys enroll`, or pass --key",
        )
    signer = load_private_key(path, name=name)
    known = trust.check(signer.key_id, signed_at=utc_now(), role=KeyRole.REVIEWER)
    why = known if isinstance(known, str) else None
    if why is None and not isinstance(known, str) and known.enrolled_by is None:
        why = "it has no enrolment record"
    if why is not None or isinstance(known, str):
        raise SigningKeyError(
            f"key {signer.key_id} is not enrolled as a reviewer in {trust.path}: {why}",
            hint="a reviewer key must be enrolled first: `distillgate keys enroll KEY.pub "
            "--name NAME --role reviewer --enrolled-by WHO`",
        )
    return signer, known.name


def _log_signer(keys_dir: Path, trust: TrustStore) -> Signer:
    path = keys_dir / "run-signer.key"
    if not path.exists():
        raise SigningKeyError(
            f"no run-signer key at {path}", hint="record decisions where the run's log is kept"
        )
    signer = load_private_key(path, name="run-signer")
    known = trust.check(signer.key_id, signed_at=utc_now(), role=KeyRole.RUN_SIGNER)
    if isinstance(known, str):
        raise SigningKeyError(f"the run-signer key at {path} cannot sign: {known}")
    return signer


def _require_evidence(
    run_dir: Path, evidence: RunEvidence, decision: Decision
) -> tuple[int, SignedCheckpoint]:
    if not evidence.log_ok or evidence.latest is None:
        raise AuditVerificationError(
            f"the audit log of {run_dir} does not verify: {evidence.log_reason}",
            hint="a reviewer can only sign a run whose evidence verifies",
        )
    if evidence.gate_index is None:
        raise GateError(
            f"run {evidence.run_id} has no gate decision in its audit log",
            hint=f"run `distillgate gate {run_dir}` first",
        )
    if decision == "approved" and not evidence.gate_passed:
        raise GateError(
            f"the gate of run {evidence.run_id} did not pass; a failed gate cannot be approved",
            hint="fix the failing evidence and run the gate again",
        )
    return evidence.gate_index, evidence.latest


def _supersedes(
    checks: list[SignoffCheck], reviewer_id: str, decision: Decision, change: bool
) -> JsonValue:
    current = next((c for c in checks if c.current and c.reviewer_id == reviewer_id), None)
    if current is None:
        return None
    where = f"entry {current.index}, signed at {current.signed_at}"
    if current.signoff.decision == decision:
        raise ConfigError(
            f"reviewer {reviewer_id} has already {decision} this run ({where}); nothing recorded",
            hint="a reviewer's decision counts once per run",
        )
    if not change:
        raise ConfigError(
            f"reviewer {reviewer_id} has {current.signoff.decision} this run ({where})",
            hint="pass --change to replace your decision (both stay in the log; the new counts)",
        )
    return {"index": current.index, "signature": current.signature}


def _record(run_dir: Path, decision: Decision, request: ReviewRequest) -> ReviewerSignoff:
    run_dir = Path(run_dir)
    reviewer = request.reviewer.strip()
    keys_dir = request.keys_dir if request.keys_dir is not None else paths.keys_dir()
    trust = TrustStore.load(keys_dir / TRUST_FILE)
    signer, reviewer_id = _reviewer_signer(request, trust)
    evidence = load_run_evidence(run_dir, trust=trust)
    gate_index, checkpoint = _require_evidence(run_dir, evidence, decision)
    checks = read_signoffs(run_dir, trust=trust, evidence=evidence)
    supersedes = _supersedes(checks, reviewer_id, decision, request.change)
    log_signer = _log_signer(keys_dir, trust)
    statement = canonical(
        {
            "schema": SIGNOFF_SCHEMA,
            "run_id": evidence.run_id,
            "policy_sha256": evidence.policy_sha256,
            "checkpoint": checkpoint_json(checkpoint),
            "gate_entry_index": gate_index,
            "supersedes": supersedes,
            "decision": decision,
            "reviewer": reviewer,
            "note": request.note,
            "signed_at": utc_now(),
        }
    )
    signoff = ReviewerSignoff(
        decision=decision,
        reviewer=reviewer,
        note=request.note,
        key_id=signer.key_id,
        public_key=signer.public_key_bytes.hex(),
        statement=statement,
        signature=signer.sign(statement.encode("utf-8")).hex(),
    )
    origin = checkpoint.origin
    with AuditLog.open(RunLayout(run_dir).audit_dir, signer=log_signer, origin=origin) as log:
        log.append_durable(
            EventKind.REVIEWER_SIGNOFF, signoff.to_payload(), policy_hash=evidence.policy_sha256
        )
        log.checkpoint()
    _log.info("recorded %s by %s for run %s", decision, reviewer_id, evidence.run_id)
    return signoff


def approve_run(
    run_dir: Path,
    *,
    reviewer: str,
    note: str | None = None,
    key_file: Path | None = None,
    keys_dir: Path | None = None,
    reviewer_keys_dir: Path | None = None,
    change: bool = False,
) -> ReviewerSignoff:
    """Record a signed approval (refused: bad log, failed gate, key not enrolled, repeat)."""
    request = ReviewRequest(reviewer, note, key_file, keys_dir, reviewer_keys_dir, change)
    return _record(run_dir, "approved", request)


def reject_run(
    run_dir: Path,
    *,
    reviewer: str,
    note: str | None = None,
    key_file: Path | None = None,
    keys_dir: Path | None = None,
    reviewer_keys_dir: Path | None = None,
    change: bool = False,
) -> ReviewerSignoff:
    """Record a signed rejection (refused: bad log, key not enrolled, repeat)."""
    request = ReviewRequest(reviewer, note, key_file, keys_dir, reviewer_keys_dir, change)
    return _record(run_dir, "rejected", request)
