"""Reviewer keys for sign-off tests: generated in the reviewer keys folder, then enrolled."""

from __future__ import annotations

from pathlib import Path

from governance.audit.enroll import enroll_key
from governance.audit.keys import KeyRole, generate_key
from governance.review import default_reviewer_keys_dir, reviewer_key_name

__all__ = ["enroll_reviewer"]


def enroll_reviewer(reviewer: str, *, enrolled_by: str = "Dana DPO") -> Path:
    """Generate ``reviewer-<name>.key`` where ``review approve`` looks for it and enroll its
    public key as a reviewer in the home's trust file; return the private key's path."""
    name = reviewer_key_name(reviewer)
    folder = default_reviewer_keys_dir()
    generate_key(folder, name=name, role=KeyRole.REVIEWER)
    enroll_key(folder / f"{name}.pub", name=name, role=KeyRole.REVIEWER, enrolled_by=enrolled_by)
    return folder / f"{name}.key"
