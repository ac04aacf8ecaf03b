"""Reviewer sign-off: a human decision on a run, signed with the reviewer's own Ed25519 key.

A decision is recorded as one ``reviewer_signoff`` entry in the run's audit log, followed by
a signed checkpoint. Its payload is exactly::

    {
      "decision":   "approved" | "rejected",
      "reviewer":   "<name>",
      "note":       "<free text>" | null,
      "key_id":     "<first 16 hex of SHA-256 of the raw public key>",
      "public_key": "<raw Ed25519 public key, 64 lowercase hex digits>",
      "statement":  "<canonical JSON text, see below>",
      "signature":  "<Ed25519 signature over the UTF-8 bytes of statement, 128 hex digits>"
    }

``statement`` is canonical JSON (sorted keys, no spaces, ASCII) of::

    {"schema": "distillgate/reviewer-signoff/v1", "run_id": ..., "policy_sha256": ...,
     "audit_root_hash": <hex root of the latest verified checkpoint>, "audit_tree_size": ...,
     "decision": ..., "reviewer": ..., "note": ..., "signed_at": <UTC ISO 8601>}

A sign-off is valid when the signature verifies under ``public_key``, ``key_id`` matches it,
the statement repeats the payload's decision, reviewer and note, and it names this run's id
and policy hash. Because the statement binds the checkpoint root the reviewer saw, the
decision covers exactly the evidence logged up to then. The signed entry itself is covered by
the next checkpoint, signed by the run's log key. A decision *counts* when it is valid, the
reviewer's key is in the trust file (``<home>/keys/trusted_keys.json``; keys made by
``load_or_create_signer`` and ``--key`` files used here are added to it), and a verified
checkpoint covers its entry. :func:`has_reviewer_approval` (used by the export) is true when
the audit log verifies and the latest counting decision is ``approved``.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from governance.audit.events import EventKind
from governance.audit.keys import (
    KeyRole,
    Signer,
    TrustStore,
    key_id_for,
    load_or_create_signer,
    utc_now,
    verify_signature,
)
from governance.audit.log import AuditLog
from governance.audit.verify import verify_audit
from governance.errors import AuditVerificationError, ConfigError, SigningKeyError
from governance.jsontypes import JsonObject, JsonValue
from governance.runfiles.artifacts import RunManifest, read_artifact

__all__ = [
    "SIGNOFF_SCHEMA",
    "Decision",
    "ReviewerSignoff",
    "SignoffCheck",
    "approve_run",
    "has_reviewer_approval",
    "read_signoffs",
    "reject_run",
    "reviewer_key_name",
    "verify_signoff",
]

_log = logging.getLogger(__name__)

SIGNOFF_SCHEMA = "distillgate/reviewer-signoff/v1"
Decision = Literal["approved", "rejected"]
_PAYLOAD_KEYS = frozenset(
    {"decision", "reviewer", "note", "key_id", "public_key", "statement", "signature"}
)
_SLUG = re.compile(r"[^a-z0-9_.-]+")
_encode = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode


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
class SignoffCheck:
    """A sign-off read from the log, whether it is valid, and what it is bound to."""

    signoff: ReviewerSignoff
    valid: bool
    reason: str | None
    signed_at: str | None
    audit_root_hash: str | None
    audit_tree_size: int | None
    key_trusted: bool = False
    index: int | None = None

    @property
    def counts(self) -> bool:
        """Whether this decision counts: valid signature and binding, by a trusted key."""
        return self.valid and self.key_trusted


def _statement_fields(statement: str) -> dict[str, JsonValue] | None:
    try:
        data = json.loads(statement)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def verify_signoff(signoff: ReviewerSignoff, *, run_id: str, policy_sha256: str) -> SignoffCheck:
    """Check the signature and that the statement binds this run, its policy and the payload."""
    fields = _statement_fields(signoff.statement) or {}
    root = fields.get("audit_root_hash")
    size = fields.get("audit_tree_size")
    at = fields.get("signed_at")
    reason: str | None = None
    try:
        public = bytes.fromhex(signoff.public_key)
        signature = bytes.fromhex(signoff.signature)
    except ValueError:
        public, signature = b"", b""
    if not fields or fields.get("schema") != SIGNOFF_SCHEMA:
        reason = "statement is not a distillgate reviewer sign-off"
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
    return SignoffCheck(
        signoff=signoff,
        valid=reason is None,
        reason=reason,
        signed_at=at if isinstance(at, str) else None,
        audit_root_hash=root if isinstance(root, str) else None,
        audit_tree_size=size if isinstance(size, int) and not isinstance(size, bool) else None,
    )


def _manifest(run_dir: Path) -> RunManifest:
    path = run_dir / "run.json"
    try:
        return read_artifact(RunManifest, path)
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"cannot read {path}: {type(exc).__name__}", hint="pass a run directory under runs/"
        ) from exc


def _key_trusted(check: SignoffCheck, trust: TrustStore) -> bool:
    known = trust.check(
        check.signoff.key_id, signed_at=check.signed_at or "", role=KeyRole.REVIEWER
    )
    return not isinstance(known, str) and known.public_key == check.signoff.public_key


def read_signoffs(run_dir: Path, *, trust: TrustStore | None = None) -> list[SignoffCheck]:
    """Every ``reviewer_signoff`` entry of the run's log, in order, each checked.

    ``key_trusted`` says whether the reviewer's key is in the trust file (default
    :meth:`TrustStore.load`) and was not retired before it signed.
    """
    run_dir = Path(run_dir)
    log_path = run_dir / "audit" / "log.jsonl"
    if not log_path.is_file() or not (run_dir / "run.json").is_file():
        return []
    manifest = _manifest(run_dir)
    trust = trust if trust is not None else TrustStore.load()
    checks: list[SignoffCheck] = []
    with log_path.open(encoding="utf-8") as handle:
        for index, line in enumerate(handle):
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if not isinstance(entry, dict) or entry.get("kind") != EventKind.REVIEWER_SIGNOFF:
                continue
            try:
                signoff = ReviewerSignoff.from_payload(entry.get("payload"))
            except AuditVerificationError as exc:
                _log.warning("ignoring malformed sign-off in %s: %s", log_path, exc.message)
                continue
            check = verify_signoff(
                signoff, run_id=manifest.run_id, policy_sha256=manifest.policy_sha256
            )
            checks.append(replace(check, key_trusted=_key_trusted(check, trust), index=index))
    return checks


def has_reviewer_approval(run_dir: Path, *, trust: TrustStore | None = None) -> bool:
    """True when the run's audit log verifies and its latest counting decision approves.

    A decision counts when its signature and binding are valid, the reviewer's key is
    trusted, and a signed checkpoint covers its entry.
    """
    run_dir = Path(run_dir)
    trust = trust if trust is not None else TrustStore.load()
    try:
        result = verify_audit(run_dir / "audit", trust=trust)
    except AuditVerificationError:
        return False
    checkpoint = result.latest_checkpoint
    if not result.ok or checkpoint is None:
        return False
    counted = [
        c
        for c in read_signoffs(run_dir, trust=trust)
        if c.counts and c.index is not None and c.index < checkpoint.tree_size
    ]
    return bool(counted) and counted[-1].signoff.decision == "approved"


def reviewer_key_name(reviewer: str) -> str:
    """Key file name of a reviewer's own key in the keys folder.

    >>> reviewer_key_name("Jane Reviewer")
    'reviewer-jane-reviewer'
    """
    slug = _SLUG.sub("-", reviewer.strip().lower()).strip("-.")[:54]
    if not slug:
        raise ConfigError(
            f"reviewer name {reviewer!r} has no letters or digits", hint="pass --reviewer NAME"
        )
    return f"reviewer-{slug}"


def _reviewer_signer(reviewer: str, keys_dir: Path | None, key_file: Path | None) -> Signer:
    if key_file is None:
        return load_or_create_signer(
            keys_dir, name=reviewer_key_name(reviewer), role=KeyRole.REVIEWER
        )
    try:
        key = serialization.load_pem_private_key(Path(key_file).read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise SigningKeyError(f"cannot load reviewer key {key_file}: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(f"reviewer key {key_file} is not an Ed25519 private key")
    return Signer(key, name=reviewer_key_name(reviewer))


def _record(
    run_dir: Path,
    *,
    decision: Decision,
    reviewer: str,
    note: str | None,
    keys_dir: Path | None,
    key_file: Path | None,
) -> ReviewerSignoff:
    run_dir = Path(run_dir)
    reviewer = reviewer.strip()
    reviewer_key_name(reviewer)
    manifest = _manifest(run_dir)
    audit_dir = run_dir / "audit"
    result = verify_audit(audit_dir, trust=TrustStore.load(_trust_path(keys_dir)))
    checkpoint = result.latest_checkpoint
    if not result.ok or checkpoint is None:
        raise AuditVerificationError(
            f"the audit log of {run_dir} does not verify: {result.reason or 'no checkpoint'}",
            hint="a reviewer can only sign a run whose evidence verifies",
        )
    signer = _reviewer_signer(reviewer, keys_dir, key_file)
    if key_file is not None:
        TrustStore.load(_trust_path(keys_dir)).add(
            signer.public_key_bytes, name=reviewer_key_name(reviewer), role=KeyRole.REVIEWER
        )
    statement = _encode(
        {
            "schema": SIGNOFF_SCHEMA,
            "run_id": manifest.run_id,
            "policy_sha256": manifest.policy_sha256,
            "audit_root_hash": checkpoint.root_hash.hex(),
            "audit_tree_size": checkpoint.tree_size,
            "decision": decision,
            "reviewer": reviewer,
            "note": note,
            "signed_at": utc_now(),
        }
    )
    signoff = ReviewerSignoff(
        decision=decision,
        reviewer=reviewer,
        note=note,
        key_id=signer.key_id,
        public_key=signer.public_key_bytes.hex(),
        statement=statement,
        signature=signer.sign(statement.encode("utf-8")).hex(),
    )
    log_signer = load_or_create_signer(keys_dir)
    with AuditLog.open(audit_dir, signer=log_signer, origin=checkpoint.origin) as log:
        log.append_durable(
            EventKind.REVIEWER_SIGNOFF, signoff.to_payload(), policy_hash=manifest.policy_sha256
        )
        log.checkpoint()
    _log.info("recorded %s by %s for run %s", decision, reviewer, manifest.run_id)
    return signoff


def _trust_path(keys_dir: Path | None) -> Path | None:
    return None if keys_dir is None else Path(keys_dir) / "trusted_keys.json"


def approve_run(
    run_dir: Path,
    *,
    reviewer: str,
    note: str | None = None,
    keys_dir: Path | None = None,
    key_file: Path | None = None,
) -> ReviewerSignoff:
    """Record a signed approval of the run in its audit log (refused if the log is bad)."""
    return _record(
        run_dir,
        decision="approved",
        reviewer=reviewer,
        note=note,
        keys_dir=keys_dir,
        key_file=key_file,
    )


def reject_run(
    run_dir: Path,
    *,
    reviewer: str,
    note: str | None = None,
    keys_dir: Path | None = None,
    key_file: Path | None = None,
) -> ReviewerSignoff:
    """Record a signed rejection of the run in its audit log (refused if the log is bad)."""
    return _record(
        run_dir,
        decision="rejected",
        reviewer=reviewer,
        note=note,
        keys_dir=keys_dir,
        key_file=key_file,
    )
