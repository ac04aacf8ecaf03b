"""File operations of the audit writer: durable writes, locking, creating the files.

The system calls that make bytes durable live here only, so tests can inject failures.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from pathlib import Path

from governance.audit.keys import Signer
from governance.errors import AuditWriteError

__all__ = [
    "close_all",
    "create_log_files",
    "fsync",
    "fsync_dir",
    "lock_or_refuse",
    "open_log_files",
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


def create_log_files(audit_dir: Path, names: tuple[str, str], signer: Signer) -> list[int]:
    """Create the (locked) log file and the checkpoints file, durably; return their fds."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | os.O_CLOEXEC
    fds: list[int] = []
    try:
        audit_dir.mkdir(parents=True, exist_ok=True)
        fds.append(os.open(audit_dir / names[0], flags, 0o644))
        lock_or_refuse(fds[0], audit_dir)
        fds.append(os.open(audit_dir / names[1], flags, 0o644))
        write_signer_pub(audit_dir, signer)
        for fd in fds:
            fsync(fd)
        fsync_dir(audit_dir)
        fsync_dir(audit_dir.parent)
    except FileExistsError as exc:
        close_all(fds)
        raise AuditWriteError(
            f"an audit log already exists in {audit_dir}",
            hint="resume it with AuditLog.open, or use a new run directory",
        ) from exc
    except OSError as exc:
        close_all(fds)
        raise AuditWriteError(f"cannot create audit log in {audit_dir}: {exc}") from exc
    except AuditWriteError:
        close_all(fds)
        raise
    return fds


def open_log_files(audit_dir: Path, names: tuple[str, str]) -> list[int]:
    """Open an existing log file (locked) and its checkpoints file; return their fds."""
    flags = os.O_RDWR | os.O_APPEND | os.O_CLOEXEC
    fds: list[int] = []
    try:
        fds.append(os.open(audit_dir / names[0], flags))
        lock_or_refuse(fds[0], audit_dir)
        fds.append(os.open(audit_dir / names[1], flags))
    except FileNotFoundError as exc:
        close_all(fds)
        raise AuditWriteError(
            f"no audit log in {audit_dir}", hint="create it with AuditLog.create"
        ) from exc
    except OSError as exc:
        close_all(fds)
        raise AuditWriteError(f"cannot open audit log in {audit_dir}: {exc}") from exc
    except AuditWriteError:
        close_all(fds)
        raise
    return fds
