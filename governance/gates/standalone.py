"""Gate a finished run directory on its own (what ``distillgate gate RUN_DIR`` calls)."""

from __future__ import annotations

from pathlib import Path

from governance.audit.anchor_check import home_anchor_sources
from governance.audit.events import EventKind
from governance.audit.keys import Signer, TrustStore, load_or_create_signer
from governance.audit.log import AuditLog
from governance.audit.verify import verify_audit
from governance.errors import GateError
from governance.gates.gate import run_gate
from governance.gates.result import GateResult
from governance.policy.loader import load_policy
from governance.runfiles.layout import RunLayout

__all__ = ["gate_run_dir"]


def gate_run_dir(
    run_dir: Path, *, trust: TrustStore | None = None, signer: Signer | None = None
) -> GateResult:
    """Verify the audit log, run every suite under the run's policy, log the decision.

    The policy is the copy the run kept (``policy.yaml``). The decision is appended to the
    run's audit log as a ``gate_result`` entry and covered by a fresh signed checkpoint, so
    that an export can prove it. Raises :class:`GateError` listing every failing
    expectation when the gate does not pass.
    """
    run_dir = Path(run_dir)
    layout = RunLayout(run_dir)
    loaded = load_policy(layout.policy, check_file_stem=False)
    trust = trust if trust is not None else TrustStore.load()
    verification = verify_audit(layout.audit_dir, trust=trust, anchors=home_anchor_sources())
    gate = run_gate(run_dir, policy=loaded.policy, audit_ok=verification.ok)
    checkpoint = verification.latest_checkpoint
    if verification.ok and checkpoint is not None:
        signer = signer if signer is not None else load_or_create_signer()
        with AuditLog.open(layout.audit_dir, signer=signer, origin=checkpoint.origin) as log:
            log.append_durable(
                EventKind.GATE_RESULT, gate.to_audit_payload(), policy_hash=loaded.sha256
            )
            log.checkpoint()
    if not gate.passed:
        raise GateError(
            f"the gate of {run_dir.name} did not pass:\n  " + "\n  ".join(gate.failure_lines()),
            hint=f"see {layout.gate} and {layout.validation_dir}",
        )
    return gate
