"""The per-deployment secret keying PII digests and hash anonymization.

Keyed digests in audit logs and ``hash``-action values only compare across runs made under
the same secret, so a missing secret is never silently replaced. It is created by an explicit
first-time step (:func:`init_pii_secret`, ``distillgate keys init``) or on the first use of an
empty home (with a logged notice); when the home already holds anything (signing keys, the
trust file, a ledger) or a run is resumed, a missing secret is refused.
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from governance.errors import SigningKeyError
from governance.paths import keys_dir as default_keys_dir

__all__ = [
    "PII_SECRET_BYTES",
    "PII_SECRET_FILE",
    "PiiSecretInit",
    "init_pii_secret",
    "load_or_create_pii_secret",
]

PII_SECRET_FILE = "pii_hmac.key"  # nosec B105  # a file name, not a password
PII_SECRET_BYTES = 32

_log = logging.getLogger(__name__)
#: Name prefix of the temporary file a new secret is written to before it is linked into place.
_TMP_PREFIX = f".{PII_SECRET_FILE}."

_MISSING_HINT = (
    "restore it from a backup (keyed digests and hash values of earlier runs depend on it); "
    "if it is lost for good, or this home never had one: distillgate keys init --unsafe-new-key"
)


@dataclass(frozen=True)
class PiiSecretInit:
    """What :func:`init_pii_secret` did.

    ``home_state``: what the home already held when a new secret was created in it (empty
    for a first-time set-up, and when the secret existed).
    """

    path: Path
    created: bool
    home_state: tuple[str, ...]


def load_or_create_pii_secret(
    keys_dir: Path | None = None, *, resumed_run: Path | None = None
) -> bytes:
    """The 32-byte secret in ``<keys_dir>/pii_hmac.key`` (default keys folder of the home).

    A missing secret is created (mode 0600, folder 0700, with a logged notice) only when the
    home (the folder above ``keys_dir``) holds no file at all and no run is being resumed
    (``resumed_run``). Raises :class:`SigningKeyError` when it is missing otherwise, readable
    by group or others, or of the wrong length.
    """
    folder, path = _locate(keys_dir)
    if path.exists() or path.is_symlink():
        return _read(path)
    if resumed_run is not None:
        raise SigningKeyError(
            f"PII HMAC key {path} is missing, but run {resumed_run} was made with it",
            hint=_MISSING_HINT,
        )
    state = _home_state(folder)
    if state:
        raise _missing(path, folder, state)
    secret = _create(path)
    _log.warning(
        "created the PII HMAC key %s (first use of %s); back it up: keyed digests and hash "
        "values of every run depend on it",
        path,
        folder.parent,
    )
    return secret


def init_pii_secret(keys_dir: Path | None = None, *, unsafe_new_key: bool = False) -> PiiSecretInit:
    """Create the secret explicitly (first-time set-up); an existing one is kept unchanged.

    In a home that already holds files, a missing secret is refused unless ``unsafe_new_key``
    (the old one is lost for good): digests made under the old one will not match the new one,
    and a warning says so every time.
    """
    folder, path = _locate(keys_dir)
    if path.exists() or path.is_symlink():
        _read(path)
        return PiiSecretInit(path=path, created=False, home_state=())
    state = _home_state(folder)
    if state and not unsafe_new_key:
        raise _missing(path, folder, state)
    _create(path)
    if state:
        _log.warning(
            "unsafe: created a new PII HMAC key %s in a home that already holds %s; keyed "
            "digests and hash values of earlier runs will not match it",
            path,
            ", ".join(state),
        )
    return PiiSecretInit(path=path, created=True, home_state=state)


def _locate(keys_dir: Path | None) -> tuple[Path, Path]:
    folder = keys_dir if keys_dir is not None else default_keys_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.chmod(0o700)
    return folder, folder / PII_SECRET_FILE


def _missing(path: Path, folder: Path, state: tuple[str, ...]) -> SigningKeyError:
    return SigningKeyError(
        f"PII HMAC key {path} is missing, but {folder.parent} already holds {', '.join(state)}",
        hint=_MISSING_HINT,
    )


def _home_state(folder: Path) -> tuple[str, ...]:
    """What the home (``folder``'s parent) holds: the files of ``folder`` and the other
    entries that hold at least one file."""
    home = folder.parent
    held: list[str] = []
    for entry in sorted(home.iterdir()):
        if entry == folder:
            held.extend(
                str(p.relative_to(home))
                for p in sorted(_files(entry))
                if not p.name.startswith(_TMP_PREFIX)
            )
        elif entry.is_symlink() or entry.is_file():
            held.append(entry.name)
        elif next(_files(entry), None) is not None:
            held.append(f"{entry.name}/")
    return tuple(held)


def _files(folder: Path) -> Iterator[Path]:
    for root, _dirs, names in os.walk(folder):
        for name in names:
            yield Path(root) / name


def _create(path: Path) -> bytes:
    """Write a new secret to a private temporary file, then link it into place atomically:
    a crash never leaves a partial key, and a key created concurrently wins."""
    secret = secrets.token_bytes(PII_SECRET_BYTES)
    tmp = path.with_name(f"{_TMP_PREFIX}{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secret)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(tmp, path)
    except FileExistsError:
        return _read(path)
    finally:
        tmp.unlink()
    return secret


def _read(path: Path) -> bytes:
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError as exc:
        raise SigningKeyError(
            f"PII secret {path} cannot be read: {exc.strerror}", hint=_MISSING_HINT
        ) from None
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
