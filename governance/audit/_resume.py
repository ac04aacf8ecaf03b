"""Reopening a log after a stop or a crash: keep only what signed checkpoints cover.

The trusted prefix of ``log.jsonl`` is the entries the last signed checkpoint covers; every
earlier checkpoint and every anchor of the log (see :mod:`governance.audit.anchors`) must
match it. Anything after it (entries fsynced but never signed, a torn line) is untrusted:
it is quarantined (:mod:`governance.audit.quarantine`), never signed as found. A log whose
signed prefix is damaged, or that is behind its anchors (rolled back), is refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from governance.audit import _durable
from governance.audit._scan import scan_log, split_lines, timestamp_before
from governance.audit.anchors import Anchor, AnchorLog
from governance.audit.checkpoint import SignedCheckpoint
from governance.audit.merkle import MerkleFrontier
from governance.audit.quarantine import Quarantined, quarantine_after
from governance.errors import AuditVerificationError
from governance.runfiles.layout import CHECKPOINTS_FILE, LOG_FILE

__all__ = ["CHECKPOINTS_FILE", "LOG_FILE", "Recovered", "recover"]

_VERIFY_HINT = "run `distillgate audit verify` on the run directory"


@dataclass(frozen=True, slots=True)
class Recovered:
    """The state of a reopened log, cut back to its signed prefix."""

    frontier: MerkleFrontier
    last_checkpoint: SignedCheckpoint | None
    last_timestamp: str
    last_policy_hash: str | None
    quarantined: tuple[Quarantined, ...]
    anchor_behind: bool


def _checkpoints(
    audit_dir: Path, fd: int, origin: str
) -> tuple[list[SignedCheckpoint], Quarantined | None]:
    data = _durable.read_all(fd)
    lines, torn = split_lines(data)
    side = None
    if torn:
        side = quarantine_after(
            audit_dir / CHECKPOINTS_FILE,
            fd,
            keep=len(data) - len(torn),
            moved=torn,
            kept=len(lines),
        )
    checkpoints = [SignedCheckpoint.from_json_line(line) for line in lines]
    for cp in checkpoints:
        if cp.origin != origin:
            raise AuditVerificationError(
                f"checkpoint origin {cp.origin!r} differs from {origin!r} in {audit_dir}"
            )
    return checkpoints, side


def _check_anchors(
    audit_dir: Path, anchored: tuple[Anchor, ...], signed: int, roots: dict[int, bytes], path: Path
) -> None:
    for anchor in anchored:
        if anchor.tree_size > signed:
            raise AuditVerificationError(
                f"audit log {audit_dir} was rolled back: the anchor log {path} records a "
                f"checkpoint of {anchor.tree_size} entries, its own checkpoints sign {signed}",
                hint="restore the run's audit folder from a copy; " + _VERIFY_HINT,
            )
        if roots.get(anchor.tree_size) != anchor.root_hash:
            raise AuditVerificationError(
                f"audit log {audit_dir} differs from the root anchored in {path} for "
                f"{anchor.tree_size} entries",
                hint=_VERIFY_HINT,
            )


def recover(
    audit_dir: Path, log_fd: int, cp_fd: int, *, origin: str, anchors: AnchorLog
) -> Recovered:
    """Check a log against its checkpoints and anchors; quarantine what no checkpoint signs."""
    checkpoints, cp_side = _checkpoints(audit_dir, cp_fd, origin)
    signed = checkpoints[-1].tree_size if checkpoints else 0
    anchored = anchors.anchors_of(origin)
    data = _durable.read_all(log_fd)
    lines, _ = split_lines(data)
    if len(lines) < signed:
        raise AuditVerificationError(
            f"audit log {audit_dir} does not match its checkpoint of {signed} entries: "
            f"it holds only {len(lines)}",
            hint=_VERIFY_HINT,
        )
    keep = sum(map(len, lines[:signed])) + signed
    sizes = {cp.tree_size for cp in checkpoints} | {a.tree_size for a in anchored}
    scan = scan_log(data[:keep], root_sizes=sizes)
    if scan.first_bad_index is not None:
        raise AuditVerificationError(
            f"audit log {audit_dir} is damaged at entry {scan.first_bad_index}: {scan.reason}",
            hint=_VERIFY_HINT,
        )
    for cp in checkpoints:
        if scan.roots.get(cp.tree_size) != cp.root_hash:
            raise AuditVerificationError(
                f"audit log {audit_dir} does not match its checkpoint of {cp.tree_size} entries",
                hint=_VERIFY_HINT,
            )
    _check_anchors(audit_dir, anchored, signed, scan.roots, anchors.path)
    quarantined = [cp_side] if cp_side is not None else []
    if keep < len(data):
        quarantined.append(
            quarantine_after(
                audit_dir / LOG_FILE, log_fd, keep=keep, moved=data[keep:], kept=signed
            )
        )
    last = checkpoints[-1] if checkpoints else None
    return Recovered(
        frontier=scan.frontier,
        last_checkpoint=last,
        last_timestamp=timestamp_before(lines, signed),
        last_policy_hash=_policy_hash_of(lines[signed - 1]) if signed else None,
        quarantined=tuple(quarantined),
        anchor_behind=last is not None and not any(a.matches(last) for a in anchored),
    )


def _policy_hash_of(line: bytes) -> str | None:
    value = json.loads(line).get("policy_hash")
    return value if isinstance(value, str) else None
