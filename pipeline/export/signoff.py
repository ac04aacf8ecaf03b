"""Whether enough enrolled reviewers approved a run (the export's sign-off requirement)."""

from __future__ import annotations

from pathlib import Path

from governance.audit.keys import TrustStore
from governance.errors import DistillgateError
from governance.review import has_reviewer_approval, load_run_evidence, read_signoffs
from governance.review import tally_signoffs as _tally

__all__ = ["has_reviewer_approval", "signoff_refusal"]


def signoff_refusal(run_dir: Path, *, required: int, trust: TrustStore) -> str | None:
    """Why the sign-off requirement is not met (None: met, or ``required`` is 0).

    Counted by :func:`governance.review.tally_signoffs`: distinct enrolled reviewers whose
    current, signed decision approves this run's passed gate decision; a reviewer's current
    rejection blocks.
    """
    if required <= 0:
        return None
    try:
        evidence = load_run_evidence(Path(run_dir), trust=trust)
    except DistillgateError as exc:
        return f"sign-off: cannot be checked: {exc.message}"
    if not evidence.log_ok:
        return f"sign-off: the audit log does not verify ({evidence.log_reason})"
    tally = _tally(read_signoffs(run_dir, trust=trust, evidence=evidence))
    if tally.rejecters:
        return f"sign-off: rejected by {', '.join(sorted(tally.rejecters))}"
    if len(tally.approvers) < required:
        return (
            f"sign-off: the policy requires approval by {required} enrolled reviewer(s); "
            f"{len(tally.approvers)} approve this run's gate decision"
        )
    return None
