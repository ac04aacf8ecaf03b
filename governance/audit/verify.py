"""Offline verification of an audit log: entries, checkpoint chain, signatures, proofs.

Inclusion proofs are made here (:func:`prove_inclusion` needs a verified log); their format
and their offline check live in :mod:`governance.audit.proof` (re-exported here).

:func:`verify_audit` reads ``<audit_dir>`` and checks that every entry's bytes hash into the
RFC 6962 tree whose roots the checkpoints sign, every checkpoint is signed by a trusted
run-signer key (possibly retired, if it signed before), checkpoints never shrink, no entry
is left uncovered by a signature and, with an externally kept checkpoint, that the log was
not truncated after it. Each entry must also be valid JSON with exactly its five fields, its
own index (first), a known event kind, a 64-hex policy hash, a fixed-form UTC timestamp not
before the previous entry's, and an object payload (:func:`governance.audit._entry.
entry_problem`; a one-sided msgspec check vouches for the common case).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from governance.audit._scan import (
    LogScan,
    entry_problem,
    first_json_problem,
    scan_log,
    scan_log_file,
    split_lines,
    timestamp_before,
)
from governance.audit.anchor_check import AnchorKind, AnchorSource, AnchorUse, gather_anchors
from governance.audit.anchors import Anchor
from governance.audit.checkpoint import SignedCheckpoint, checkpoint_problem
from governance.audit.events import EventKind
from governance.audit.keys import TrustStore
from governance.audit.log import CHECKPOINTS_FILE, LOG_FILE
from governance.audit.merkle import inclusion_proof
from governance.audit.proof import InclusionProof, checkpoint_json, verify_inclusion_proof
from governance.audit.quarantine import quarantined_files
from governance.errors import AuditVerificationError
from governance.jsontypes import JsonObject

__all__ = [
    "AnchorSource",
    "AuditEntry",
    "AuditVerification",
    "InclusionProof",
    "prove_inclusion",
    "read_entries",
    "verify_audit",
    "verify_inclusion_proof",
    "verify_log_bytes",
]


@dataclass(frozen=True, slots=True)
class AuditVerification:
    """Outcome of :func:`verify_audit`; ``first_bad_index`` is None for checkpoint problems."""

    ok: bool
    entry_count: int
    first_bad_index: int | None
    reason: str | None
    latest_checkpoint: SignedCheckpoint | None
    checkpoints_verified: int
    quarantined: tuple[str, ...] = ()
    anchors: tuple[AnchorUse, ...] = ()

    def to_json(self) -> JsonObject:
        """JSON object for ``audit verify --json`` and reports."""
        latest = self.latest_checkpoint
        return {
            "ok": self.ok,
            "entry_count": self.entry_count,
            "first_bad_index": self.first_bad_index,
            "reason": self.reason,
            "checkpoints_verified": self.checkpoints_verified,
            "latest_checkpoint": None if latest is None else checkpoint_json(latest),
            "quarantined": list(self.quarantined),
            "anchors": [use.to_json() for use in self.anchors],
        }


def _fail(
    scan: LogScan | None,
    index: int | None,
    reason: str,
    latest: SignedCheckpoint | None,
    verified: int,
) -> AuditVerification:
    count = scan.count if scan is not None else 0
    return AuditVerification(False, count, index, reason, latest, verified)


def _checkpoint_chain(
    cp_data: bytes, trust: TrustStore
) -> tuple[list[SignedCheckpoint], str | None]:
    lines, torn = split_lines(cp_data)
    checkpoints: list[SignedCheckpoint] = []
    for number, line in enumerate(lines, start=1):
        try:
            cp = SignedCheckpoint.from_json_line(line)
        except AuditVerificationError as exc:
            return checkpoints, f"checkpoint #{number}: {exc.message}"
        problem = checkpoint_problem(cp, trust)
        if problem is not None:
            return checkpoints, f"checkpoint #{number}: {problem}"
        if checkpoints and cp.origin != checkpoints[0].origin:
            return checkpoints, f"checkpoint #{number}: origin {cp.origin!r} differs"
        if checkpoints and cp.tree_size < checkpoints[-1].tree_size:
            return checkpoints, (
                f"checkpoint #{number} claims {cp.tree_size} entries, fewer than the "
                f"{checkpoints[-1].tree_size} of checkpoint #{number - 1}"
            )
        checkpoints.append(cp)
    if torn:
        return checkpoints, f"checkpoints.jsonl ends with a torn line of {len(torn)} bytes"
    return checkpoints, None


def _verify(
    log_data: bytes | Path,
    cp_data: bytes,
    *,
    trust: TrustStore,
    external: SignedCheckpoint | None,
    check_json: bool,
    keep_leaves: bool,
    claims: Sequence[tuple[str, Anchor]] = (),
) -> tuple[AuditVerification, LogScan | None]:
    checkpoints, problem = _checkpoint_chain(cp_data, trust)
    latest = checkpoints[-1] if checkpoints else None
    if problem is not None:
        return _fail(None, None, problem, latest, len(checkpoints)), None
    signed: list[tuple[str, SignedCheckpoint | Anchor]] = [
        (f"checkpoint #{n}", cp) for n, cp in enumerate(checkpoints, start=1)
    ]
    signed += claims
    if external is not None:
        ext_problem = checkpoint_problem(external, trust)
        if ext_problem is None and latest is not None and external.origin != latest.origin:
            ext_problem = f"origin {external.origin!r} differs from {latest.origin!r}"
        if ext_problem is not None:
            reason = f"external checkpoint: {ext_problem}"
            return _fail(None, None, reason, latest, len(checkpoints)), None
        signed.append(("the external checkpoint", external))
    root_sizes = {cp.tree_size for _, cp in signed}
    if isinstance(log_data, Path):
        # One streamed pass (a block in memory at a time) settles the common case: every
        # entry hashed and vouched for, every root matched. Otherwise the verdict comes
        # from one whole reading of the file, which can name the first bad entry.
        streamed = _scan_file(log_data, root_sizes=root_sizes, fast_json=check_json)
        if _first_problem(streamed, signed) is None and (streamed.json_ok or not check_json):
            ok = AuditVerification(True, streamed.count, None, None, latest, len(checkpoints))
            return ok, streamed
        log_data = _read(log_data.parent, log_data.name)
    # Cheap integrity first (index prefixes, hashes, signed roots); entries are parsed as
    # JSON only where that can still change the verdict or pinpoint the damage.
    scan = scan_log(
        log_data,
        root_sizes=root_sizes,
        keep_leaves=keep_leaves,
        check_json=False,
        fast_json=check_json,
    )
    bad = _first_problem(scan, signed)
    if check_json and (bad is not None or not scan.json_ok):
        # Entries the fast check vouched for need nothing more; for the others the
        # reference decides and names the first bad entry within the damaged range.
        start, stop = (bad[2], bad[3]) if bad is not None else (0, scan.count)
        if scan.json_ok:
            start = max(start, scan.count)
        lines = scan.lines
        previous = timestamp_before(lines, start)
        fast = bad is not None  # when no damage was found, the fast check already said no
        json_bad = first_json_problem(lines[start:stop], start, previous, fast=fast)
        if json_bad is not None:
            extra = f" ({bad[1]})" if bad is not None and bad[0] != json_bad[0] else ""
            bad = (json_bad[0], f"entry {json_bad[0]}: {json_bad[1]}{extra}", 0, 0)
    if bad is not None:
        return _fail(scan, bad[0], bad[1], latest, len(checkpoints)), scan
    return AuditVerification(True, scan.count, None, None, latest, len(checkpoints)), scan


def _first_problem(
    scan: LogScan, signed: list[tuple[str, SignedCheckpoint | Anchor]]
) -> tuple[int, str, int, int] | None:
    """(first bad index, reason, start, stop): the damage lies in entries [start, stop)."""
    matched = 0
    for label, cp in sorted(signed, key=lambda item: item[1].tree_size):
        if cp.tree_size > scan.count:
            break
        if scan.roots[cp.tree_size] != cp.root_hash:
            how = "anchored" if isinstance(cp, Anchor) else "signed"
            reason = f"entries {matched}..{cp.tree_size - 1} do not match the root {how} by {label}"
            return (matched, reason, matched, cp.tree_size)
        matched = cp.tree_size
    else:
        label, cp = "", None
    if scan.first_bad_index is not None:
        i = scan.first_bad_index
        return (i, f"entry {i}: {scan.reason}", matched, i + 1)
    if cp is not None:
        how = "records" if isinstance(cp, Anchor) else "signs"
        reason = (
            f"log has {scan.count} entries but {label} {how} {cp.tree_size}: "
            "entries were removed or damaged"
        )
        return (scan.count, reason, matched, scan.count)
    if matched < scan.count:
        reason = f"entries {matched}..{scan.count - 1} are not covered by a signed checkpoint"
        return (matched, reason, matched, scan.count)
    if scan.torn:
        reason = f"log.jsonl ends with a torn line of {len(scan.torn)} bytes"
        return (scan.count, reason, matched, scan.count)
    return None


def verify_log_bytes(
    log_data: bytes,
    checkpoints_data: bytes,
    *,
    trust: TrustStore,
    external: SignedCheckpoint | None = None,
    check_json: bool = True,
) -> AuditVerification:
    """Verify log and checkpoint file contents held in memory (the pure core)."""
    result, _ = _verify(
        log_data,
        checkpoints_data,
        trust=trust,
        external=external,
        check_json=check_json,
        keep_leaves=False,
    )
    return result


def _read(audit_dir: Path, name: str) -> bytes:
    try:
        return (audit_dir / name).read_bytes()
    except FileNotFoundError as exc:
        raise AuditVerificationError(f"no {name} in {audit_dir}") from exc
    except OSError as exc:
        raise AuditVerificationError(f"cannot read {audit_dir / name}: {exc}") from exc


def _scan_file(path: Path, *, root_sizes: set[int], fast_json: bool) -> LogScan:
    try:
        with path.open("rb") as file:
            return scan_log_file(file, root_sizes=root_sizes, fast_json=fast_json)
    except FileNotFoundError as exc:
        raise AuditVerificationError(f"no {path.name} in {path.parent}") from exc
    except OSError as exc:
        raise AuditVerificationError(f"cannot read {path}: {exc}") from exc


def _read_external(path: Path) -> SignedCheckpoint:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AuditVerificationError(f"cannot read external checkpoint {path}: {exc}") from exc
    return SignedCheckpoint.from_text(text)


def verify_audit(
    audit_dir: Path,
    *,
    trust: TrustStore,
    external_checkpoint: Path | None = None,
    check_json: bool = True,
    anchors: Sequence[AnchorSource] = (),
    origin: str | None = None,
) -> AuditVerification:
    """Verify ``<audit_dir>/log.jsonl`` against ``checkpoints.jsonl`` under ``trust``.

    The log is also held to every anchor of its origin in ``anchors`` (anchor logs and
    bundles: a log shorter than an anchored size or with another root at one was rolled
    back) and to ``external_checkpoint``; the result lists each source used. ``origin``,
    when known (the run's), must be the checkpoints' origin. ``check_json=False`` checks
    only each line's index prefix instead of parsing every entry (integrity still rests on
    the signed roots). Raises AuditVerificationError only when a file cannot be read.
    """
    audit_dir = Path(audit_dir)
    external = _read_external(external_checkpoint) if external_checkpoint else None
    cp_data = _read(audit_dir, CHECKPOINTS_FILE)
    checkpoints, _ = _checkpoint_chain(cp_data, trust)
    log_origin = checkpoints[-1].origin if checkpoints else None
    gathered = gather_anchors(anchors, origin=origin or log_origin, checkpoints=checkpoints)
    uses = gathered.uses
    if external_checkpoint is not None and external is not None:
        uses += (AnchorUse(AnchorKind.CHECKPOINT, str(external_checkpoint), 1, external.tree_size),)
    result, _ = _verify(
        audit_dir / LOG_FILE,
        cp_data,
        trust=trust,
        external=external,
        check_json=check_json,
        keep_leaves=False,
        claims=gathered.claims,
    )
    reason = result.reason
    if origin is not None and log_origin is not None and origin != log_origin:
        reason = f"the checkpoints are of log {log_origin!r}, not of this run ({origin!r})"
    elif gathered.problem is not None:
        reason = gathered.problem + (f"; also: {reason}" if reason else "")
    return AuditVerification(
        result.ok and reason == result.reason,
        result.entry_count,
        result.first_bad_index,
        reason,
        result.latest_checkpoint,
        result.checkpoints_verified,
        quarantined_files(audit_dir),
        uses,
    )


def prove_inclusion(audit_dir: Path, index: int, *, trust: TrustStore) -> InclusionProof:
    """Inclusion proof of entry ``index`` against the latest checkpoint of a verified log."""
    audit_dir = Path(audit_dir)
    log_data = _read(audit_dir, LOG_FILE)
    result, scan = _verify(
        log_data,
        _read(audit_dir, CHECKPOINTS_FILE),
        trust=trust,
        external=None,
        check_json=True,
        keep_leaves=True,
    )
    if not result.ok or scan is None or result.latest_checkpoint is None:
        reason = result.reason or "no checkpoint"
        raise AuditVerificationError(f"audit log {audit_dir} does not verify: {reason}")
    checkpoint = result.latest_checkpoint
    if not 0 <= index < checkpoint.tree_size:
        raise AuditVerificationError(
            f"entry {index} is not covered by the latest checkpoint "
            f"({checkpoint.tree_size} entries)"
        )
    lines, _ = split_lines(log_data)
    path = inclusion_proof(index, scan.leaf_hashes[: checkpoint.tree_size])
    return InclusionProof(index, lines[index], tuple(path), checkpoint)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One parsed audit entry."""

    index: int
    timestamp: str
    kind: EventKind
    policy_hash: str
    payload: JsonObject


def read_entries(audit_dir: Path, *, kind: EventKind | None = None) -> list[AuditEntry]:
    """Every well-formed entry (optionally of one kind); raises at the first damaged line."""
    lines, _ = split_lines(_read(Path(audit_dir), LOG_FILE))
    entries: list[AuditEntry] = []
    previous = ""
    for i, line in enumerate(lines):
        try:
            obj = json.loads(line)
        except (ValueError, UnicodeDecodeError) as exc:
            raise AuditVerificationError(f"entry {i} is not valid JSON: {exc}") from exc
        problem = entry_problem(obj, i, previous)
        if problem is not None:
            raise AuditVerificationError(f"entry {i}: {problem}")
        previous = obj["timestamp"]
        entry = AuditEntry(
            i, obj["timestamp"], EventKind(obj["kind"]), obj["policy_hash"], obj["payload"]
        )
        if kind is None or entry.kind is kind:
            entries.append(entry)
    return entries
