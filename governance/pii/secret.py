"""The per-deployment secret keying PII digests and hash anonymization."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from governance.errors import SigningKeyError
from governance.paths import keys_dir as default_keys_dir

__all__ = ["PII_SECRET_BYTES", "PII_SECRET_FILE", "load_or_create_pii_secret"]

PII_SECRET_FILE = "pii_hmac.key"  # nosec B105  # a file name, not a password
PII_SECRET_BYTES = 32


def _create(path: Path) -> bytes:
    secret = secrets.token_bytes(PII_SECRET_BYTES)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(secret)
        handle.flush()
        os.fsync(handle.fileno())
    return secret


def load_or_create_pii_secret(keys_dir: Path | None = None) -> bytes:
    """The 32-byte secret in ``<keys_dir>/pii_hmac.key``, created (mode 0600, folder 0700)
    on first use.

    Raises :class:`SigningKeyError` when the file is readable by group or others, or has the
    wrong length.
    """
    folder = keys_dir if keys_dir is not None else default_keys_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.chmod(0o700)
    path = folder / PII_SECRET_FILE
    try:
        return _create(path)
    except FileExistsError:
        pass
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise SigningKeyError(
            f"PII secret {path} is accessible by group or others (mode {mode:o})",
            hint=f"run: chmod 600 {path}",
        )
    secret = path.read_bytes()
    if len(secret) != PII_SECRET_BYTES:
        raise SigningKeyError(
            f"PII secret {path} has {len(secret)} bytes, expected {PII_SECRET_BYTES}",
            hint="restore the file from backup; a new secret breaks digest comparisons",
        )
    return secret
