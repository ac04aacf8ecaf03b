"""``verify_bundle``: check an export bundle offline (digests, signature, proofs, verdict)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from governance.audit.checkpoint import SignedCheckpoint
from governance.audit.keys import TrustStore, verify_signature
from governance.audit.verify import InclusionProof, verify_inclusion_proof
from governance.errors import DistillgateError
from governance.gates.result import GateResult
from pipeline.export import layout
from pipeline.export.anchors import bundle_anchor_problems
from pipeline.export.digests import irregular_entries, tree_digests
from pipeline.export.manifest import (
    MANIFEST_FILE,
    SIGNATURE_FILE,
    BundleManifest,
    ManifestSignature,
    canonical_json,
)
from pipeline.export.signoff_evidence import signoff_evidence_problems

__all__ = ["BundleVerification", "verify_bundle"]


@dataclass(frozen=True)
class BundleVerification:
    """Outcome of :func:`verify_bundle`; ``problems`` lists every failed check."""

    path: Path
    ok: bool
    problems: tuple[str, ...]
    files_checked: int
    key_id: str | None
    gate_passed: bool | None

    @property
    def reason(self) -> str | None:
        """The failed checks on one line, or None when the bundle verifies."""
        return "; ".join(self.problems) if self.problems else None


def verify_bundle(path: Path, *, trust: TrustStore) -> BundleVerification:
    """Verify every digest, the manifest signature, the audit proofs and the gate verdict.

    Needs nothing but the bundle and the trust store (no network, no run directory).
    """
    path = Path(path)
    if not path.is_dir():
        return BundleVerification(path, False, (f"{path}: not a folder",), 0, None, None)
    irregular = irregular_entries(path)
    if irregular:
        # Nothing is read through a link: refused before any file is opened.
        return BundleVerification(path, False, tuple(irregular), 0, None, None)
    problems: list[str] = []
    try:
        data = (path / MANIFEST_FILE).read_bytes()
        manifest = BundleManifest.from_bytes(data)
        signature = ManifestSignature.read(path / SIGNATURE_FILE)
    except (OSError, DistillgateError) as exc:
        message = exc.message if isinstance(exc, DistillgateError) else str(exc)
        return BundleVerification(path, False, (f"manifest: {message}",), 0, None, None)
    problems += _signature_problems(manifest, signature, data, trust)
    if (path / SIGNATURE_FILE).read_bytes() != canonical_json(signature.model_dump()) + b"\n":
        problems.append(f"{SIGNATURE_FILE}: not in canonical form")
    problems += _digest_problems(path, manifest)
    checkpoint, entries, proof_problems = _proofs(path, trust)
    problems += proof_problems
    gate_passed, gate_problems = _gate_problems(path, manifest, entries)
    problems += gate_problems
    export_entry = entries.get("export")
    if export_entry is not None:
        problems += _export_entry_problems(export_entry, manifest)
    if checkpoint is None:
        problems.append(f"{layout.CHECKPOINT_FILE}: missing or malformed")
    problems += signoff_evidence_problems(path, trust=trust)
    problems += bundle_anchor_problems(path, checkpoint)
    return BundleVerification(
        path, not problems, tuple(problems), len(manifest.files), manifest.key_id, gate_passed
    )


def _signature_problems(
    manifest: BundleManifest, signature: ManifestSignature, data: bytes, trust: TrustStore
) -> list[str]:
    if signature.algorithm != "ed25519":
        return [f"{SIGNATURE_FILE}: unsupported algorithm {signature.algorithm!r}"]
    if signature.key_id != manifest.key_id:
        return [f"{SIGNATURE_FILE}: key id {signature.key_id} differs from the manifest's"]
    key = trust.check(signature.key_id, signed_at=manifest.created_at)
    if isinstance(key, str):
        return [f"{SIGNATURE_FILE}: {key}"]
    if signature.public_key != key.public_key:
        return [f"{SIGNATURE_FILE}: public key differs from the trusted key {key.key_id}"]
    try:
        raw = bytes.fromhex(signature.signature)
    except ValueError:
        return [f"{SIGNATURE_FILE}: signature is not hex"]
    if not verify_signature(key.public_key_bytes, raw, data):
        return [f"{SIGNATURE_FILE}: the manifest signature does not verify"]
    return []


def _digest_problems(path: Path, manifest: BundleManifest) -> list[str]:
    actual = tree_digests(path, exclude=frozenset({MANIFEST_FILE, SIGNATURE_FILE}))
    problems = [
        f"{name}: a file name in the manifest that leaves the bundle"
        for name in manifest.files
        if name.startswith("/") or "\\" in name or ".." in name.split("/")
    ]
    problems += [
        f"{name}: listed in the manifest but missing"
        for name in manifest.files.keys() - actual.keys()
    ]
    problems += [
        f"{name}: not listed in the manifest" for name in actual.keys() - manifest.files.keys()
    ]
    problems += [
        f"{name}: SHA-256 differs from the manifest"
        for name in sorted(actual.keys() & manifest.files.keys())
        if actual[name] != manifest.files[name]
    ]
    return sorted(problems)


def _proofs(
    path: Path, trust: TrustStore
) -> tuple[SignedCheckpoint | None, dict[str, dict[str, object]], list[str]]:
    problems: list[str] = []
    try:
        checkpoint: SignedCheckpoint | None = SignedCheckpoint.from_json_line(
            (path / layout.CHECKPOINT_FILE).read_bytes().rstrip(b"\n")
        )
    except (OSError, DistillgateError):
        checkpoint = None
    entries: dict[str, dict[str, object]] = {}
    for kind, name in layout.PROOF_FILES.items():
        try:
            proof = InclusionProof.from_json_text((path / name).read_text(encoding="utf-8"))
            verify_inclusion_proof(proof, trust=trust)
            entry = json.loads(proof.entry)
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{name}: unreadable: {exc}")
            continue
        except DistillgateError as exc:
            problems.append(f"{name}: {exc.message}")
            continue
        if entry.get("kind") != kind:
            problems.append(f"{name}: proves a {entry.get('kind')!r} entry, not {kind!r}")
            continue
        if checkpoint is not None and proof.checkpoint != checkpoint:
            problems.append(f"{name}: proven against a checkpoint other than the bundle's")
        entries[kind] = entry
    return checkpoint, entries, problems


def _gate_problems(
    path: Path, manifest: BundleManifest, entries: dict[str, dict[str, object]]
) -> tuple[bool | None, list[str]]:
    try:
        gate = GateResult.read(path / layout.GATE_FILE)
    except DistillgateError as exc:
        return None, [f"{layout.GATE_FILE}: {exc.message}"]
    problems = [f"gate: {line}" for line in gate.failure_lines()]
    if not manifest.gate_passed:
        problems.append("manifest: records a failed gate")
    logged = entries.get("gate_result")
    if logged is not None and logged.get("payload") != gate.to_audit_payload():
        problems.append(f"{layout.GATE_FILE}: differs from the gate decision in the audit log")
    return gate.passed, problems


def _export_entry_problems(entry: dict[str, object], manifest: BundleManifest) -> list[str]:
    payload = entry.get("payload")
    files = payload.get("files") if isinstance(payload, dict) else None
    if not isinstance(files, dict) or not files:
        return ["export entry: lists no files"]
    return [
        f"{name}: digest differs from the one in the export audit entry"
        for name, digest in sorted(files.items())
        if manifest.files.get(name) != digest
    ]
