"""Whether a reviewer approved a run (the export's sign-off requirement)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["has_reviewer_approval"]


def has_reviewer_approval(run_dir: Path) -> bool:
    """True when the latest valid ``reviewer_signoff`` entry of the run approves it.

    Validity (the reviewer's Ed25519 signature over a statement naming this run and its
    policy hash) is checked by :mod:`governance.review`, which records the sign-offs.
    """
    from governance.review import has_reviewer_approval as _latest_valid_approval

    return _latest_valid_approval(run_dir)
