"""``export_run``: turn a run that passed the gate into a signed, verifiable bundle."""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from governance.audit.anchors import default_anchor_path
from governance.audit.checkpoint import SignedCheckpoint
from governance.audit.events import EventKind
from governance.audit.keys import Signer, TrustStore
from governance.audit.log import AuditLog
from governance.audit.verify import AuditEntry, prove_inclusion, read_entries, verify_audit
from governance.errors import ConfigError, DistillgateError, ExportError
from governance.gates.gate import read_run_task_kind
from governance.gates.result import GateResult
from governance.jsontypes import JsonObject
from governance.policy.models import Policy
from governance.privacy.report import PrivacyReport
from governance.runfiles.layout import RunLayout
from pipeline.export import layout
from pipeline.export.anchors import anchor_lines_for
from pipeline.export.digests import copy_regular_file, tree_digests
from pipeline.export.manifest import (
    MANIFEST_FILE,
    SIGNATURE_FILE,
    BundleManifest,
    ManifestSignature,
)
from pipeline.export.model_card import ModelCardFacts, render_model_card
from pipeline.export.onnx_causal import export_causal_lm_onnx
from pipeline.export.onnx_export import export_onnx
from pipeline.export.signoff import signoff_refusal
from pipeline.export.signoff_evidence import write_signoff_evidence

__all__ = ["ExportBundle", "export_refusals", "export_run"]

logger = logging.getLogger(__name__)

_MODEL_SUFFIXES = frozenset({".json", ".safetensors", ".txt", ".model", ".jinja"})
_RUN = RunLayout(Path())
_NOT_MODEL_FILES = frozenset({_RUN.training.name, _RUN.student_metrics.name})


@dataclass(frozen=True)
class ExportBundle:
    """A written bundle: where it is and what vouches for it."""

    path: Path
    manifest: BundleManifest
    onnx_max_abs_diff: float
    gate_entry_index: int
    export_entry_index: int
    checkpoint: SignedCheckpoint


def export_refusals(
    run_dir: Path, gate: GateResult, *, policy: Policy, trust: TrustStore | None = None
) -> list[str]:
    """Every reason the run may not be exported (empty: it may).

    A failed gate is the whole answer: no approval can override it, so sign-off is then not
    asked for.
    """
    reasons = [f"gate: {line}" for line in gate.failure_lines()]
    if reasons or not gate.passed:
        return reasons or ["gate: the gate did not pass"]
    trust = trust if trust is not None else TrustStore.load()
    signoff = signoff_refusal(run_dir, required=policy.export.required_reviewers, trust=trust)
    return [] if signoff is None else [signoff]


def _refusal_hint(gate: GateResult) -> str:
    if not gate.passed:
        return "fix the failing evidence and run the gate again; no approval overrides a gate"
    return "have the required enrolled reviewers approve (`distillgate review approve`)"


def export_run(
    run_dir: Path,
    *,
    out: Path,
    policy: Policy,
    signer: Signer,
    audit: AuditLog | None = None,
    trust: TrustStore | None = None,
) -> ExportBundle:
    """Write the export bundle of ``run_dir`` to ``out``, or refuse with every reason.

    Refuses (:class:`ExportError`) unless ``gate.json`` says every suite passed, the same
    decision is in the audit log and ``export.required_reviewers`` enrolled reviewers approved
    it (signed and bound to that decision).
    ``audit`` is the run's open log (the run passes it); otherwise the log is opened here.
    The export entry is appended, a checkpoint signed, and inclusion proofs of the gate and
    export entries stored with it. ``manifest.json`` lists every file's SHA-256 and is signed
    by ``signer`` (``manifest.sig``).
    """
    run_dir = Path(run_dir)
    trust = trust if trust is not None else TrustStore.load()
    try:
        gate = GateResult.read(RunLayout(run_dir).gate)
    except DistillgateError as exc:
        raise ExportError(f"export refused: {exc.message}", hint=exc.hint) from exc
    refusals = export_refusals(run_dir, gate, policy=policy, trust=trust)
    if refusals:
        raise ExportError(
            f"export of {run_dir.name} refused:\n  " + "\n  ".join(refusals),
            hint=_refusal_hint(gate),
        )
    audit_dir = RunLayout(run_dir).audit_dir
    gate_entry = _gate_entry(audit_dir, gate)
    if out.exists() and any(out.iterdir()):
        raise ConfigError(f"{out} already exists and is not empty", hint="choose another --out")
    staging = out.with_name(out.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        onnx_diff = _write_content(run_dir, staging, gate, gate_entry)
        export_index, checkpoint = _log_export(
            audit_dir, audit, signer, trust, staging, gate_entry, onnx_diff
        )
        for kind, index in (("gate_result", gate_entry.index), ("export", export_index)):
            proof = prove_inclusion(audit_dir, index, trust=trust)
            _write(staging / layout.PROOF_FILES[kind], proof.to_json_text() + "\n")
        required = policy.export.required_reviewers
        write_signoff_evidence(run_dir, staging, required=required, trust=trust)
        _write(staging / layout.CHECKPOINT_FILE, checkpoint.to_json_line().decode() + "\n")
        anchor_log = audit.anchors.path if audit is not None else default_anchor_path()
        _write(staging / layout.ANCHORS_FILE, anchor_lines_for(checkpoint, anchor_log))
        manifest = BundleManifest(
            run=run_dir.name,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            key_id=signer.key_id,
            gate_passed=gate.passed,
            files=tree_digests(staging),
        )
        data = manifest.to_bytes()
        (staging / MANIFEST_FILE).write_bytes(data)
        ManifestSignature.create(signer, data).write(staging / SIGNATURE_FILE)
        if out.exists():
            out.rmdir()
        staging.replace(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    logger.info("exported %s to %s", run_dir.name, out)
    return ExportBundle(out, manifest, onnx_diff, gate_entry.index, export_index, checkpoint)


def _gate_entry(audit_dir: Path, gate: GateResult) -> AuditEntry:
    entries = read_entries(audit_dir, kind=EventKind.GATE_RESULT)
    if not entries:
        raise ExportError(
            "export refused: the gate decision is not in the audit log",
            hint="the run appends it as a gate_result entry",
        )
    latest = entries[-1]
    if latest.payload != gate.to_audit_payload():
        raise ExportError(
            "export refused: gate.json differs from the latest gate_result entry of the audit log"
        )
    return latest


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _write_content(run_dir: Path, staging: Path, gate: GateResult, gate_entry: AuditEntry) -> float:
    student = RunLayout(run_dir).student_dir
    model_files = [
        p
        for p in sorted(student.iterdir() if student.is_dir() else [])
        if p.is_file() and p.suffix in _MODEL_SUFFIXES and p.name not in _NOT_MODEL_FILES
    ]
    if not any(p.suffix == ".safetensors" for p in model_files):
        raise ExportError(f"export refused: {student} holds no safetensors weights")
    model_dir = staging / layout.MODEL_DIR
    model_dir.mkdir()
    for path in model_files:
        copy_regular_file(path, model_dir / path.name)
    task_kind = read_run_task_kind(run_dir)
    if task_kind == "generation":
        onnx = export_causal_lm_onnx(model_dir, staging / layout.ONNX_FILE)
    else:
        onnx = export_onnx(model_dir, staging / layout.ONNX_FILE)
    _write(
        staging / "onnx_parity.json",
        json.dumps(
            {
                "max_abs_diff": onnx.max_abs_diff,
                "inputs": list(onnx.inputs),
                "shapes": [list(s) for s in onnx.shapes_checked],
            },
            indent=2,
        )
        + "\n",
    )
    report = PrivacyReport.read(RunLayout(run_dir).privacy_report)
    copy_regular_file(RunLayout(run_dir).privacy_report, staging / layout.PRIVACY_REPORT_FILE)
    if RunLayout(run_dir).probes.is_file():
        copy_regular_file(RunLayout(run_dir).probes, staging / layout.PROBES_FILE)
    validation = staging / layout.VALIDATION_DIR
    validation.mkdir()
    copy_regular_file(RunLayout(run_dir).gate, staging / layout.GATE_FILE)
    for path in sorted(RunLayout(run_dir).validation_dir.glob("*.json")):
        copy_regular_file(path, validation / path.name)
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    id2label = config.get("id2label") or {}
    facts = ModelCardFacts(
        run_id=run_dir.name,
        labels=[str(id2label[k]) for k in sorted(id2label, key=int)],
        base_model=str(config.get("_name_or_path") or config.get("model_type") or "unknown"),
        onnx_max_abs_diff=onnx.max_abs_diff,
        policy_sha256=gate_entry.policy_hash,
        task_kind=task_kind,
    )
    _write(staging / layout.MODEL_CARD_FILE, render_model_card(facts, report, gate))
    return onnx.max_abs_diff


def _log_export(
    audit_dir: Path,
    audit: AuditLog | None,
    signer: Signer,
    trust: TrustStore,
    staging: Path,
    gate_entry: AuditEntry,
    onnx_diff: float,
) -> tuple[int, SignedCheckpoint]:
    files: JsonObject = dict(tree_digests(staging))
    payload: JsonObject = {
        "files": files,
        "gate_entry_index": gate_entry.index,
        "onnx_max_abs_diff": onnx_diff,
    }
    if audit is not None:
        index = audit.append_durable(EventKind.EXPORT, payload, policy_hash=gate_entry.policy_hash)
        return index, audit.checkpoint()
    verification = verify_audit(audit_dir, trust=trust)
    if not verification.ok or verification.latest_checkpoint is None:
        raise ExportError(f"export refused: the audit log does not verify: {verification.reason}")
    origin = verification.latest_checkpoint.origin
    with AuditLog.open(audit_dir, signer=signer, origin=origin) as log:
        index = log.append_durable(EventKind.EXPORT, payload, policy_hash=gate_entry.policy_hash)
        return index, log.checkpoint()
