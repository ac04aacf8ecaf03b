"""Reading, checking and counting the sign-offs in a run's audit log.

A decision *counts* when its signature holds, its statement names this run, it is bound to
the run's latest, covered and (for an approval) passed gate decision
(:mod:`governance.review.binding`), its key is enrolled as a reviewer in the trust file and
was not retired before it signed, and a verified checkpoint covers its entry. A reviewer is
the enrolled key's name, so a new key of the same person is the same reviewer.

Each reviewer has one current decision per run. A reviewer's later decision counts only when
it names the decision it supersedes (index and signature); the earlier one stays in the log,
superseded. :func:`tally_signoffs` is the one place decisions are counted.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from governance.audit.events import EventKind
from governance.audit.keys import KeyRole, TrustedKey, TrustStore
from governance.errors import AuditVerificationError
from governance.review.binding import RunEvidence, binding_problem, load_run_evidence
from governance.review.statement import ReviewerSignoff, verify_signoff
from governance.runfiles.layout import RunLayout

__all__ = [
    "SignoffCheck",
    "SignoffTally",
    "has_reviewer_approval",
    "read_signoffs",
    "tally_signoffs",
]

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SignoffCheck:
    """A sign-off read from the log, whether it counts, and what it is bound to.

    ``reviewer_id`` is the enrolled name of the signing key (None when not enrolled);
    ``supersedes`` the entry index of the decision it replaces.
    """

    signoff: ReviewerSignoff
    valid: bool
    reason: str | None
    signed_at: str | None
    audit_root_hash: str | None
    audit_tree_size: int | None
    key_trusted: bool = False
    index: int | None = None
    reviewer_id: str | None = None
    gate_entry_index: int | None = None
    supersedes: int | None = None
    supersedes_signature: str | None = None
    current: bool = False

    @property
    def signature(self) -> str:
        """The reviewer's signature (hex), which a superseding decision names."""
        return self.signoff.signature

    @property
    def counts(self) -> bool:
        """Whether this decision counts: valid signature and binding, by an enrolled key."""
        return self.valid and self.key_trusted and self.reviewer_id is not None


@dataclass(frozen=True)
class SignoffTally:
    """Enrolled reviewers whose current decision approves, and those whose rejects."""

    approvers: frozenset[str]
    rejecters: frozenset[str]

    def approved(self, required: int) -> bool:
        """``required`` distinct reviewers approve and none currently rejects."""
        return len(self.approvers) >= required and not self.rejecters


def tally_signoffs(checks: Iterable[SignoffCheck]) -> SignoffTally:
    """Count current decisions per reviewer (the last counting decision of each)."""
    current: dict[str, str] = {}
    for check in checks:
        if check.counts and check.reviewer_id is not None:
            current[check.reviewer_id] = check.signoff.decision
    return SignoffTally(
        approvers=frozenset(r for r, d in current.items() if d == "approved"),
        rejecters=frozenset(r for r, d in current.items() if d == "rejected"),
    )


def _enrolled(signoff: ReviewerSignoff, signed_at: str, trust: TrustStore) -> TrustedKey | str:
    known = trust.check(signoff.key_id, signed_at=signed_at, role=KeyRole.REVIEWER)
    if isinstance(known, str):
        return known
    if known.public_key != signoff.public_key:
        return "the trust file holds another public key under this key id"
    if known.enrolled_by is None:
        return "the reviewer's key has no enrolment record (enrol it with `keys enroll`)"
    return known


def _check(
    signoff: ReviewerSignoff, index: int, evidence: RunEvidence, trust: TrustStore
) -> SignoffCheck:
    statement = verify_signoff(
        signoff, run_id=evidence.run_id, policy_sha256=evidence.policy_sha256
    )
    fields = statement.fields
    reason = statement.reason or binding_problem(fields, evidence, trust=trust)
    if reason is None and index >= evidence.covered:
        reason = "no verified checkpoint covers this entry"
    enrolled = _enrolled(signoff, statement.signed_at or "", trust)
    checkpoint = fields.get("checkpoint")
    root = checkpoint.get("root_hash") if isinstance(checkpoint, dict) else None
    size = checkpoint.get("tree_size") if isinstance(checkpoint, dict) else None
    gate = fields.get("gate_entry_index")
    sup = fields.get("supersedes")
    sup_index = sup.get("index") if isinstance(sup, dict) else None
    sup_signature = sup.get("signature") if isinstance(sup, dict) else None
    return SignoffCheck(
        signoff=signoff,
        valid=reason is None,
        reason=reason if reason is not None or not isinstance(enrolled, str) else enrolled,
        signed_at=statement.signed_at,
        audit_root_hash=root if isinstance(root, str) else None,
        audit_tree_size=size if type(size) is int else None,
        key_trusted=not isinstance(enrolled, str),
        index=index,
        reviewer_id=None if isinstance(enrolled, str) else enrolled.name,
        gate_entry_index=gate if type(gate) is int else None,
        supersedes=sup_index if type(sup_index) is int else None,
        supersedes_signature=sup_signature if isinstance(sup_signature, str) else None,
    )


def _out_of_turn(check: SignoffCheck, previous: SignoffCheck | None) -> str:
    if previous is None:
        return "it names a superseded decision that is not the reviewer's current one"
    return (
        f"reviewer {check.reviewer_id} already decided (entry {previous.index}) and this "
        "decision does not name it as superseded"
    )


def _sequence(checks: list[SignoffCheck]) -> list[SignoffCheck]:
    """One current decision per reviewer: a later one counts only if it names the one before."""
    position: dict[str, int] = {}
    out: list[SignoffCheck] = []
    for check in checks:
        reviewer = check.reviewer_id
        if check.counts and reviewer is not None:
            at = position.get(reviewer)
            previous = None if at is None else out[at]
            wanted = (None, None) if previous is None else (previous.index, previous.signature)
            if (check.supersedes, check.supersedes_signature) != wanted:
                check = replace(check, valid=False, reason=_out_of_turn(check, previous))
            else:
                if at is not None:
                    out[at] = replace(out[at], current=False)
                position[reviewer] = len(out)
                check = replace(check, current=True)
        out.append(check)
    return out


def read_signoffs(
    run_dir: Path, *, trust: TrustStore | None = None, evidence: RunEvidence | None = None
) -> list[SignoffCheck]:
    """Every ``reviewer_signoff`` entry of the run's log, in order, each checked.

    ``trust`` defaults to :meth:`TrustStore.load`; ``evidence`` to :func:`load_run_evidence`.
    """
    run_dir = Path(run_dir)
    layout = RunLayout(run_dir)
    log_path = layout.audit_log
    if not log_path.is_file() or not layout.manifest.is_file():
        return []
    trust = trust if trust is not None else TrustStore.load()
    evidence = evidence if evidence is not None else load_run_evidence(run_dir, trust=trust)
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
            checks.append(_check(signoff, index, evidence, trust))
    return _sequence(checks)


def has_reviewer_approval(
    run_dir: Path, *, required: int = 1, trust: TrustStore | None = None
) -> bool:
    """True when the log verifies, ``required`` distinct enrolled reviewers currently approve
    and none currently rejects (see :func:`tally_signoffs`)."""
    trust = trust if trust is not None else TrustStore.load()
    evidence = load_run_evidence(Path(run_dir), trust=trust)
    if not evidence.log_ok:
        return False
    return tally_signoffs(read_signoffs(run_dir, trust=trust, evidence=evidence)).approved(required)
