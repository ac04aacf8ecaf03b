"""What a sign-off is bound to: the signed checkpoint whose tree holds a passed gate decision.

:func:`load_run_evidence` reads a run's identity and audit log once; :func:`binding_problem`
says why a statement's binding does not hold for that run: its checkpoint must verify under
the trust file, be a checkpoint of this run's log (same origin, and its root is the root of
the log's first ``tree_size`` entries), cover the bound gate entry, which must be the run's
latest ``gate_result`` entry and say ``passed``. A sign-off copied onto another run, or left
on a run gated again since, is not bound to that run's gate decision and does not count.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from governance.audit.anchor_check import home_anchor_sources
from governance.audit.checkpoint import SignedCheckpoint, checkpoint_problem
from governance.audit.events import EventKind
from governance.audit.keys import TrustStore
from governance.audit.log import LOG_FILE
from governance.audit.merkle import leaf_hash, tree_root
from governance.audit.verify import verify_audit
from governance.errors import AuditVerificationError, ConfigError
from governance.jsontypes import JsonObject
from governance.runfiles.layout import RunLayout

__all__ = ["RunEvidence", "binding_problem", "load_run_evidence", "read_run_identity"]


@dataclass(frozen=True)
class RunEvidence:
    """A run's identity and the state of its audit log, as sign-offs are checked against."""

    run_id: str
    policy_sha256: str
    log_ok: bool
    log_reason: str | None
    latest: SignedCheckpoint | None
    leaves: tuple[bytes, ...]
    gate_index: int | None
    gate_passed: bool | None

    @property
    def covered(self) -> int:
        """How many entries the latest verified checkpoint covers (0 when the log is bad)."""
        return self.latest.tree_size if self.log_ok and self.latest is not None else 0


def read_run_identity(run_dir: Path) -> tuple[str, str]:
    """``(run_id, policy_sha256)`` from ``run.json``."""
    path = RunLayout(Path(run_dir)).manifest
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        run_id, policy_sha256 = data["run_id"], data["policy_sha256"]
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise ConfigError(
            f"cannot read {path}: {type(exc).__name__}", hint="pass a run directory under runs/"
        ) from exc
    if not isinstance(run_id, str) or not isinstance(policy_sha256, str):
        raise ConfigError(f"{path} has no run_id or policy_sha256")
    return run_id, policy_sha256


def _latest_gate(lines: list[bytes]) -> tuple[int | None, bool | None]:
    index: int | None = None
    passed: bool | None = None
    for i, line in enumerate(lines):
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and entry.get("kind") == EventKind.GATE_RESULT:
            payload = entry.get("payload")
            index = i
            passed = isinstance(payload, dict) and payload.get("passed") is True
    return index, passed


def load_run_evidence(run_dir: Path, *, trust: TrustStore) -> RunEvidence:
    """Verify the run's audit log and index what sign-offs are checked against."""
    run_dir = Path(run_dir)
    run_id, policy_sha256 = read_run_identity(run_dir)
    audit_dir = RunLayout(run_dir).audit_dir
    try:
        result = verify_audit(audit_dir, trust=trust, anchors=home_anchor_sources())
        data = (audit_dir / LOG_FILE).read_bytes()
    except (AuditVerificationError, OSError) as exc:
        reason = exc.message if isinstance(exc, AuditVerificationError) else str(exc)
        return RunEvidence(run_id, policy_sha256, False, reason, None, (), None, None)
    lines = data.split(b"\n")[:-1]
    covered = result.latest_checkpoint.tree_size if result.latest_checkpoint else 0
    gate_index, gate_passed = _latest_gate(lines[:covered])
    return RunEvidence(
        run_id=run_id,
        policy_sha256=policy_sha256,
        log_ok=result.ok and result.latest_checkpoint is not None,
        log_reason=result.reason or (None if result.latest_checkpoint else "no checkpoint"),
        latest=result.latest_checkpoint,
        leaves=tuple(leaf_hash(line) for line in lines[:covered]),
        gate_index=gate_index,
        gate_passed=gate_passed,
    )


def _bound_checkpoint(fields: JsonObject) -> SignedCheckpoint | None:
    try:
        return SignedCheckpoint.from_json(fields.get("checkpoint"))
    except AuditVerificationError:
        return None


def binding_problem(fields: JsonObject, evidence: RunEvidence, *, trust: TrustStore) -> str | None:
    """Why the statement ``fields`` is not bound to this run's passed gate decision, or None."""
    checkpoint = _bound_checkpoint(fields)
    gate_index = fields.get("gate_entry_index")
    if checkpoint is None or type(gate_index) is not int:
        return "statement names no signed checkpoint and gate entry"
    problem = checkpoint_problem(checkpoint, trust)
    if problem is not None:
        return f"the checkpoint it is bound to does not verify: {problem}"
    latest = evidence.latest
    if not evidence.log_ok or latest is None:
        return f"the run's audit log does not verify: {evidence.log_reason}"
    size = checkpoint.tree_size
    if (
        checkpoint.origin != latest.origin
        or size > len(evidence.leaves)
        or tree_root(evidence.leaves[:size]) != checkpoint.root_hash
    ):
        return "the checkpoint it is bound to is not a checkpoint of this run's audit log"
    if not 0 <= gate_index < size:
        return "the checkpoint it is bound to does not cover the gate decision"
    if gate_index != evidence.gate_index:
        return (
            f"it is bound to gate entry {gate_index}, but the run's latest gate decision is "
            f"entry {evidence.gate_index} (gated again since)"
        )
    if fields.get("decision") == "approved" and evidence.gate_passed is not True:
        return "the gate decision it is bound to did not pass"
    return None
