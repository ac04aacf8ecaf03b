"""Reviewer approvals carried in an export bundle, so ``export verify`` can check them offline.

Where the policy requires sign-off, the bundle holds ``audit/signoffs.json``::

    {"required_reviewers": k,
     "approvals": [{"signoff": <inclusion proof of the reviewer_signoff entry against the
                                bundle's checkpoint>,
                    "gate": <inclusion proof of the gate_result entry against the
                             checkpoint the approval is bound to>}, ...]}

:func:`signoff_evidence_problems` checks each approval: its entry is proven under the
bundle's checkpoint, its signature holds, its key is enrolled as a reviewer, the statement
names the policy of the gate entry, the checkpoint it names verifies, is of the same log and
holds the very gate entry the bundle proves, at the index the statement names; then that at
least ``k`` distinct enrolled reviewers approved. That no reviewer changed their mind later
is what the export checked (``export_run`` refuses otherwise) and the signed manifest attests.
"""

from __future__ import annotations

import json
from pathlib import Path

from governance.audit.checkpoint import SignedCheckpoint
from governance.audit.keys import KeyRole, TrustStore, verify_signature
from governance.audit.log import LOG_FILE
from governance.audit.merkle import inclusion_proof, leaf_hash
from governance.audit.verify import InclusionProof, prove_inclusion, verify_inclusion_proof
from governance.errors import DistillgateError
from governance.jsontypes import JsonObject, JsonValue
from governance.review import SignoffCheck, load_run_evidence, read_signoffs
from governance.review.statement import ReviewerSignoff, statement_fields
from governance.runfiles.layout import RunLayout
from pipeline.export import layout

__all__ = ["SIGNOFFS_FILE", "signoff_evidence_problems", "write_signoff_evidence"]

SIGNOFFS_FILE = "audit/signoffs.json"


def _gate_proof(audit_dir: Path, check: SignoffCheck) -> InclusionProof:
    fields = statement_fields(check.signoff.statement)
    bound = SignedCheckpoint.from_json(fields["checkpoint"])
    index = check.gate_entry_index if check.gate_entry_index is not None else -1
    lines = (audit_dir / LOG_FILE).read_bytes().split(b"\n")[: bound.tree_size]
    path = inclusion_proof(index, [leaf_hash(line) for line in lines])
    return InclusionProof(index, lines[index], tuple(path), bound)


def write_signoff_evidence(
    run_dir: Path, staging: Path, *, required: int, trust: TrustStore
) -> None:
    """Write ``audit/signoffs.json`` with every current, counting approval (after the export
    entry is checkpointed, so the approvals are proven under the bundle's checkpoint)."""
    if required <= 0:
        return
    audit_dir = RunLayout(Path(run_dir)).audit_dir
    evidence = load_run_evidence(Path(run_dir), trust=trust)
    approvals: list[JsonValue] = []
    for check in read_signoffs(run_dir, trust=trust, evidence=evidence):
        approving = check.counts and check.current and check.signoff.decision == "approved"
        if approving and check.index is not None:
            approvals.append(
                {
                    "signoff": prove_inclusion(audit_dir, check.index, trust=trust).to_json(),
                    "gate": _gate_proof(audit_dir, check).to_json(),
                }
            )
    data: JsonObject = {"required_reviewers": required, "approvals": approvals}
    target = staging / SIGNOFFS_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, sort_keys=True, indent=1) + "\n", encoding="utf-8")


def _proof(value: object) -> InclusionProof:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return InclusionProof.from_json_text(text)


def _approval_problem(
    item: JsonObject, *, bundle_cp: SignedCheckpoint, gate: InclusionProof, trust: TrustStore
) -> tuple[str | None, str | None]:
    """``(problem, enrolled reviewer)`` of one carried approval."""
    signoff_proof, gate_proof = _proof(item.get("signoff")), _proof(item.get("gate"))
    verify_inclusion_proof(signoff_proof, trust=trust)
    verify_inclusion_proof(gate_proof, trust=trust)
    if signoff_proof.checkpoint != bundle_cp:
        return "approval proven against a checkpoint other than the bundle's", None
    entry = json.loads(signoff_proof.entry)
    if entry.get("kind") != "reviewer_signoff":
        return "proves an entry that is not a reviewer_signoff", None
    signoff = ReviewerSignoff.from_payload(entry.get("payload"))
    fields = statement_fields(signoff.statement)
    public = bytes.fromhex(signoff.public_key)
    if not verify_signature(public, bytes.fromhex(signoff.signature), signoff.statement.encode()):
        return "the reviewer's signature does not verify", None
    key = trust.check(signoff.key_id, signed_at=str(fields.get("signed_at")), role=KeyRole.REVIEWER)
    if isinstance(key, str) or key.public_key != signoff.public_key or key.enrolled_by is None:
        return f"key {signoff.key_id} is not an enrolled reviewer key", None
    if fields.get("decision") != "approved" or signoff.decision != "approved":
        return "is not an approval", None
    bound_ok = (
        fields.get("checkpoint") == gate_proof.checkpoint.to_json()
        and gate_proof.checkpoint.origin == bundle_cp.origin
        and (gate_proof.index, gate_proof.entry) == (gate.index, gate.entry)
        and fields.get("gate_entry_index") == gate.index
        and fields.get("policy_sha256") == json.loads(gate.entry).get("policy_hash")
    )
    if not bound_ok:
        return "is not bound to this bundle's gate decision", None
    return None, key.name


def signoff_evidence_problems(path: Path, *, trust: TrustStore) -> list[str]:
    """Every problem of the bundle's carried approvals (none when it carries none)."""
    file = Path(path) / SIGNOFFS_FILE
    if not file.exists():
        return []
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        bundle_cp = SignedCheckpoint.from_json_line(
            (Path(path) / layout.CHECKPOINT_FILE).read_bytes().rstrip(b"\n")
        )
        gate = InclusionProof.from_json_text(
            (Path(path) / layout.PROOF_FILES["gate_result"]).read_text(encoding="utf-8")
        )
        required, items = data["required_reviewers"], data["approvals"]
    except (OSError, ValueError, KeyError, TypeError, DistillgateError) as exc:
        return [f"{SIGNOFFS_FILE}: unreadable: {exc}"]
    problems: list[str] = []
    reviewers: set[str] = set()
    for number, item in enumerate(items if isinstance(items, list) else []):
        try:
            problem, reviewer = _approval_problem(item, bundle_cp=bundle_cp, gate=gate, trust=trust)
        except (ValueError, AttributeError, DistillgateError) as exc:
            problem, reviewer = str(getattr(exc, "message", exc)), None
        if problem is not None:
            problems.append(f"{SIGNOFFS_FILE}: approval {number}: {problem}")
        elif reviewer is not None:
            reviewers.add(reviewer)
    if not isinstance(required, int) or len(reviewers) < required:
        problems.append(
            f"{SIGNOFFS_FILE}: {len(reviewers)} enrolled reviewer(s) approved; {required} required"
        )
    return problems
