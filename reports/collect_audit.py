"""Report sections from ``audit/``: verification, event counts and reviewer sign-offs."""

from __future__ import annotations

import json
import logging
import shlex
from collections import Counter
from pathlib import Path

from governance.audit.anchor_check import home_anchor_sources
from governance.audit.keys import TrustStore
from governance.audit.verify import verify_audit
from governance.errors import DistillgateError
from governance.review import read_signoffs, tally_signoffs
from governance.runfiles.layout import RunLayout
from reports.art12 import category_counts
from reports.sections import AuditCategory, AuditSection, SignoffRow, SignoffSection

__all__ = ["audit_section", "signoff_section", "verify_command"]

_log = logging.getLogger(__name__)


def verify_command(run_dir: Path) -> str:
    """The exact command a reviewer runs to verify the log independently."""
    return f"distillgate audit verify {shlex.quote(str(run_dir))}"


def _kind_counts(log_path: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    with log_path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                counts["(unreadable line)"] += 1
                continue
            kind = entry.get("kind") if isinstance(entry, dict) else None
            counts[str(kind) if kind is not None else "(no kind)"] += 1
    return counts


def audit_section(run_dir: Path) -> AuditSection:
    """Whether the signed log verifies against the trust store, and what it recorded."""
    audit_dir = RunLayout(run_dir).audit_dir
    command = verify_command(run_dir)
    log_path = RunLayout(run_dir).audit_log
    if not log_path.is_file():
        return AuditSection(
            available=False,
            note="not available: this run has no audit/log.jsonl",
            verified=False,
            verify_command=command,
        )
    counts = _kind_counts(log_path)
    section = AuditSection(
        available=True,
        verify_command=command,
        kind_counts=dict(sorted(counts.items())),
        entry_count=sum(counts.values()),
        categories=[
            AuditCategory(category=c.name, article=c.article, kinds=list(c.kinds), count=c.count)
            for c in category_counts(dict(counts))
        ],
    )
    try:
        result = verify_audit(audit_dir, trust=TrustStore.load(), anchors=home_anchor_sources())
    except DistillgateError as exc:
        section.verified = False
        section.reason = exc.message
        return section
    section.verified = bool(result.ok)
    section.reason = result.reason
    section.entry_count = int(result.entry_count)
    checkpoint = result.latest_checkpoint
    if checkpoint is not None:
        root = checkpoint.root_hash
        section.root_hash = root.hex() if isinstance(root, bytes) else str(root)
        section.key_id = checkpoint.key_id
        section.tree_size = checkpoint.tree_size
    return section


def signoff_section(run_dir: Path, *, required: int) -> SignoffSection:
    """Every recorded reviewer decision, whether it counts, and the current tally."""
    quoted = shlex.quote(str(run_dir))
    section = SignoffSection(
        required=required,
        approve_command=f"distillgate review approve {quoted} --reviewer NAME --note TEXT",
        reject_command=f"distillgate review reject {quoted} --reviewer NAME --note TEXT",
    )
    try:
        checks = read_signoffs(run_dir)
    except DistillgateError as exc:
        _log.warning("cannot read sign-offs of %s: %s", run_dir, exc.message)
        return section
    section.entries = [
        SignoffRow(
            decision=c.signoff.decision,
            reviewer=c.signoff.reviewer,
            note=c.signoff.note,
            key_id=c.signoff.key_id,
            signed_at=c.signed_at,
            signature_valid=c.valid,
            key_trusted=c.key_trusted,
            reason=c.reason,
            bound_root_hash=c.audit_root_hash,
            enrolled_as=c.reviewer_id,
            current=c.current,
        )
        for c in checks
    ]
    tally = tally_signoffs(checks)
    section.approvers = sorted(tally.approvers)
    section.rejecters = sorted(tally.rejecters)
    if tally.rejecters:
        section.decision = "rejected"
    elif tally.approvers and tally.approved(max(required, 1)):
        section.decision = "approved"
    return section
