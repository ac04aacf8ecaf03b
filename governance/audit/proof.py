"""Inclusion proofs of audit entries: the canonical JSON format and the offline check.

A proof names one entry line, its index, the RFC 6962 audit path and the signed checkpoint
whose root it leads to. :func:`verify_inclusion_proof` needs only the proof and a trust
store (no log); :func:`governance.audit.verify.prove_inclusion` makes proofs from a verified
log.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from governance.audit._scan import entry_problem
from governance.audit.checkpoint import SignedCheckpoint, checkpoint_problem
from governance.audit.keys import TrustStore
from governance.audit.merkle import leaf_hash, verify_inclusion
from governance.errors import AuditVerificationError
from governance.jsontypes import JsonObject, JsonValue

__all__ = ["InclusionProof", "checkpoint_json", "verify_inclusion_proof"]


def checkpoint_json(checkpoint: SignedCheckpoint) -> JsonObject:
    """``checkpoint`` as a JSON object."""
    return {key: value for key, value in checkpoint.to_json().items()}


@dataclass(frozen=True, slots=True)
class InclusionProof:
    """Proof that the entry line ``entry`` sits at ``index`` under ``checkpoint``'s root."""

    index: int
    entry: bytes
    audit_path: tuple[bytes, ...]
    checkpoint: SignedCheckpoint

    def to_json(self) -> JsonObject:
        """JSON object (hex hashes); :meth:`from_json` reads it back."""
        return {
            "index": self.index,
            "entry": self.entry.decode("utf-8"),
            "leaf_hash": leaf_hash(self.entry).hex(),
            "audit_path": [h.hex() for h in self.audit_path],
            "checkpoint": checkpoint_json(self.checkpoint),
        }

    def to_json_text(self) -> str:
        """Canonical JSON text (sorted keys, compact, ASCII)."""
        return _canonical(self.to_json())

    @classmethod
    def from_json_text(cls, text: str) -> InclusionProof:
        """Parse :meth:`to_json_text` output, refusing anything not in canonical form."""
        try:
            obj = json.loads(text)
        except ValueError as exc:
            raise AuditVerificationError(f"inclusion proof is not JSON: {exc}") from exc
        if not isinstance(obj, dict) or set(obj) != _PROOF_FIELDS:
            raise AuditVerificationError("inclusion proof does not have the expected fields")
        index, entry, path = obj["index"], obj["entry"], obj["audit_path"]
        if type(index) is not int or not isinstance(entry, str) or not isinstance(path, list):
            raise AuditVerificationError(
                "inclusion proof index, entry or audit_path has a bad type"
            )
        hashes = tuple(_strict_hex(h) for h in path)
        proof = cls(
            index, entry.encode("utf-8"), hashes, SignedCheckpoint.from_json(obj["checkpoint"])
        )
        if proof.to_json_text() != text.strip():
            raise AuditVerificationError("inclusion proof is not in canonical form")
        return proof


_PROOF_FIELDS = frozenset({"index", "entry", "leaf_hash", "audit_path", "checkpoint"})


def _canonical(obj: JsonValue) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def _strict_hex(value: object) -> bytes:
    if not isinstance(value, str) or len(value) != 64 or value != value.lower():
        raise AuditVerificationError("inclusion proof hash is not 32 bytes of lowercase hex")
    try:
        raw = bytes.fromhex(value)
    except ValueError as exc:
        raise AuditVerificationError(f"inclusion proof hash is not hex: {exc}") from exc
    if len(raw) != 32:
        raise AuditVerificationError("inclusion proof hash is not 32 bytes")
    return raw


def verify_inclusion_proof(proof: InclusionProof, *, trust: TrustStore) -> None:
    """Raise AuditVerificationError unless ``proof`` holds under a trusted checkpoint."""
    problem = checkpoint_problem(proof.checkpoint, trust)
    if problem is not None:
        raise AuditVerificationError(f"inclusion proof checkpoint: {problem}")
    try:
        entry = json.loads(proof.entry)
    except (ValueError, UnicodeDecodeError) as exc:
        raise AuditVerificationError(f"inclusion proof entry is not JSON: {exc}") from exc
    entry_bad = entry_problem(entry, proof.index)
    if entry_bad is not None:
        raise AuditVerificationError(f"inclusion proof entry: {entry_bad}")
    cp = proof.checkpoint
    if not verify_inclusion(
        proof.index, cp.tree_size, leaf_hash(proof.entry), proof.audit_path, cp.root_hash
    ):
        raise AuditVerificationError(
            f"entry {proof.index} is not included in the tree of {cp.tree_size} entries"
        )
