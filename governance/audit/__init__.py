"""Signed, tamper-evident, crash-safe audit log (RFC 6962 Merkle tree, Ed25519 checkpoints)."""

from __future__ import annotations

from governance.audit.anchors import Anchor, AnchorLog, default_anchor_path
from governance.audit.checkpoint import SignedCheckpoint
from governance.audit.events import AI_ACT_ART12_CATEGORY, Art12Category, EventKind
from governance.audit.keys import (
    KeyRole,
    Signer,
    TrustStore,
    default_trust_path,
    generate_key,
    load_or_create_signer,
    retire_key,
)
from governance.audit.log import AuditLog
from governance.audit.quarantine import Quarantined
from governance.audit.verify import (
    AuditEntry,
    AuditVerification,
    InclusionProof,
    prove_inclusion,
    read_entries,
    verify_audit,
    verify_inclusion_proof,
    verify_log_bytes,
)

__all__ = [
    "AI_ACT_ART12_CATEGORY",
    "Anchor",
    "AnchorLog",
    "Art12Category",
    "AuditEntry",
    "AuditLog",
    "AuditVerification",
    "EventKind",
    "InclusionProof",
    "KeyRole",
    "Quarantined",
    "SignedCheckpoint",
    "Signer",
    "TrustStore",
    "default_anchor_path",
    "default_trust_path",
    "generate_key",
    "load_or_create_signer",
    "prove_inclusion",
    "read_entries",
    "retire_key",
    "verify_audit",
    "verify_inclusion_proof",
    "verify_log_bytes",
]
