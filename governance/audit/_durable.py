"""File operations of the audit writer: durable writes, locking, quarantine of torn tails.

The system calls that make bytes durable live here only, so tests can inject failures.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path

from governance.audit.keys import Signer
from governance.errors import AuditWriteError

__all__ = [
    "close_all",
    "fsync",
    "fsync_dir",
    "lock_or_refuse",
    "quarantine_tail",
    "read_all",
    "write_all",
    "write_signer_pub",
]


def write_all(fd: int, data: bytes) -> None:
    """Write every byte of ``data``; a short write continues, an error raises OSError."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(f"write returned {written}")
        view = view[written:]


def fsync(fd: int) -> None:
    """Flush a file's data and metadata to stable storage."""
    os.fsync(fd)


def fsync_dir(path: Path) -> None:
    """Make a directory entry (a created, renamed or truncated file) durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_log = logging.getLogger(__name__)
SIGNER_FILE = "signer.pub"


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def lock_or_refuse(fd: int, audit_dir: Path) -> None:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as exc:
        raise AuditWriteError(f"audit log {audit_dir} is open in another process") from exc


def close_all(fds: list[int]) -> None:
    for fd in fds:
        try:
            os.close(fd)
        except OSError:
            _log.debug("closing fd %d failed", fd)


def read_all(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def quarantine_tail(path: Path, fd: int, torn: bytes) -> Path:
    """Copy the torn tail to a side file (durably), then cut it from ``path``."""
    side = path.with_name(f"{path.name}.torn-{_stamp()}")
    side_fd = os.open(side, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
    try:
        write_all(side_fd, torn)
        fsync(side_fd)
    finally:
        os.close(side_fd)
    fsync_dir(path.parent)
    os.ftruncate(fd, os.fstat(fd).st_size - len(torn))
    fsync(fd)
    return side


def write_signer_pub(audit_dir: Path, signer: Signer) -> None:
    """Add the signer's public key to ``signer.pub`` (atomic rewrite when it changes)."""
    path = audit_dir / SIGNER_FILE
    entry = {
        "algorithm": "ed25519",
        "key_id": signer.key_id,
        "public_key": signer.public_key_bytes.hex(),
    }
    keys: list[object] = []
    if path.exists():
        try:
            keys = list(json.loads(path.read_text(encoding="utf-8"))["keys"])
        except (ValueError, KeyError, TypeError):
            keys = []
    if entry in keys:
        return
    keys.append(entry)
    tmp = path.with_name(SIGNER_FILE + ".tmp")
    tmp.write_text(json.dumps({"keys": keys}, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)
    fsync_dir(audit_dir)
