"""Quarantine: bytes of an audit file that cannot be trusted are moved aside, never signed.

On resume a log keeps only the prefix its signed checkpoints cover. Everything after it (a
torn last line, or whole entries written before a crash but never covered by a signed
checkpoint, which anyone could have edited while the run was down) is copied durably to a
side file ``<file>.quarantine-<UTC stamp>`` next to it, kept for forensics, and cut from
the file. The log then records the quarantine as its own entry (see
:func:`quarantine_payload`), and the work those entries covered is redone.

The rule belongs to one log: a log per shard applies it to each shard on its own.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from governance.audit import _durable
from governance.jsontypes import JsonObject

__all__ = [
    "QUARANTINE_GLOBS",
    "Quarantined",
    "quarantine_after",
    "quarantine_payload",
    "quarantined_files",
]

QUARANTINE_GLOBS = ("*.quarantine-*", "*.torn-*")
"""Names of quarantine side files (``.torn-`` is what earlier versions wrote)."""


@dataclass(frozen=True, slots=True)
class Quarantined:
    """What was moved out of ``file`` into ``quarantine_path``."""

    file: str
    quarantine_path: Path
    byte_length: int
    entries: int
    sha256: str
    entries_kept: int


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def quarantine_after(path: Path, fd: int, *, keep: int, moved: bytes, kept: int) -> Quarantined:
    """Move ``moved`` (the bytes of the file open as ``fd`` after offset ``keep``) to a side
    file, then cut the file back to ``keep`` bytes.

    The side file is written and fsynced (with its directory entry) before the file is
    truncated, so a crash in between loses nothing. ``kept`` is the number of entries that
    stay (reported only). The side file is readable by its owner only: its bytes were never
    vouched for.
    """
    side = path.with_name(f"{path.name}.quarantine-{_stamp()}")
    side_fd = os.open(side, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    try:
        _durable.write_all(side_fd, moved)
        _durable.fsync(side_fd)
    finally:
        os.close(side_fd)
    _durable.fsync_dir(path.parent)
    os.ftruncate(fd, keep)
    _durable.fsync(fd)
    return Quarantined(
        file=path.name,
        quarantine_path=side,
        byte_length=len(moved),
        entries=moved.count(b"\n"),
        sha256=hashlib.sha256(moved).hexdigest(),
        entries_kept=kept,
    )


def quarantine_payload(q: Quarantined, *, reason: str) -> JsonObject:
    """The payload of the ``audit_quarantine`` entry that records ``q`` in the log."""
    return {
        "file": q.file,
        "quarantine_file": q.quarantine_path.name,
        "entries": q.entries,
        "byte_length": q.byte_length,
        "sha256": q.sha256,
        "entries_kept": q.entries_kept,
        "reason": reason,
    }


def quarantined_files(audit_dir: Path) -> tuple[str, ...]:
    """Names of the quarantine side files in ``audit_dir``, sorted."""
    names = {p.name for pattern in QUARANTINE_GLOBS for p in Path(audit_dir).glob(pattern)}
    return tuple(sorted(names))
