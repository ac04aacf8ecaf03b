"""Ed25519 signing keys for audit checkpoints and the trust file that verifies them.

Private keys live in ``<keys_dir>/<name>.key`` (PKCS#8 PEM, mode 0600, folder 0700) and are
refused when group or world can read them. Public keys of every signer ever used are kept in
``<keys_dir>/trusted_keys.json``; retiring a key keeps it there so old checkpoints verify.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
import stat
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from governance import paths
from governance.audit.trust_history import TrustEvent, append_trust_event
from governance.errors import SigningKeyError

__all__ = [
    "TRUST_FILE",
    "KeyRole",
    "Signer",
    "TrustStore",
    "TrustedKey",
    "default_trust_path",
    "generate_key",
    "key_id_for",
    "load_or_create_signer",
    "load_private_key",
    "retire_key",
    "utc_now",
    "verify_signature",
]

_log = logging.getLogger(__name__)
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
TRUST_FILE = "trusted_keys.json"


def utc_now() -> str:
    """Current UTC time as ISO 8601 with microseconds and ``+00:00``."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def key_id_for(public_key_bytes: bytes) -> str:
    """Key id: the first 16 hex digits of SHA-256 over the raw 32-byte public key."""
    return hashlib.sha256(public_key_bytes).hexdigest()[:16]


def default_trust_path() -> Path:
    """``<distillgate home>/keys/trusted_keys.json``."""
    return paths.keys_dir() / TRUST_FILE


class Signer:
    """An Ed25519 private key with its derived key id."""

    __slots__ = ("_key", "key_id", "name", "public_key_bytes")

    def __init__(self, private_key: Ed25519PrivateKey, *, name: str = "run-signer") -> None:
        self._key = private_key
        self.name = name
        self.public_key_bytes: bytes = private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.key_id: str = key_id_for(self.public_key_bytes)

    @classmethod
    def ephemeral(cls, *, name: str = "ephemeral") -> Signer:
        """A fresh in-memory key (tests and benchmarks; never stored)."""
        return cls(Ed25519PrivateKey.generate(), name=name)

    def sign(self, data: bytes) -> bytes:
        """64-byte Ed25519 signature over ``data``."""
        return self._key.sign(data)

    def __repr__(self) -> str:
        return f"Signer(name={self.name!r}, key_id={self.key_id!r})"


@functools.lru_cache(maxsize=4096)
def verify_signature(public_key_bytes: bytes, signature: bytes, data: bytes) -> bool:
    """True when ``signature`` is a valid Ed25519 signature of ``data`` (results are cached)."""
    try:
        Ed25519PublicKey.from_public_bytes(public_key_bytes).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


class KeyRole(StrEnum):
    """What a trusted key may sign: checkpoints of run audit logs, or reviewer sign-offs."""

    RUN_SIGNER = "run-signer"
    REVIEWER = "reviewer"


class TrustedKey(BaseModel):
    """One public key in the trust file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key_id: str = Field(description="First 16 hex digits of SHA-256 of the raw public key.")
    public_key: str = Field(description="Raw Ed25519 public key, 64 lowercase hex digits.")
    name: str = Field(description="Name of the key file it came from (e.g. run-signer).")
    added_at: str = Field(description="When the key was trusted (UTC ISO 8601).")
    retired_at: str | None = Field(
        default=None,
        description="When the key was retired; checkpoints signed later are refused.",
    )
    role: KeyRole = Field(
        default=KeyRole.RUN_SIGNER,
        description="run-signer: signs audit checkpoints; reviewer: signs sign-offs only. "
        "Entries written before roles existed are run-signer keys.",
    )
    enrolled_by: str | None = Field(
        default=None,
        description="Who enrolled the key with `distillgate keys enroll` (None: trusted when "
        "generated). A reviewer key counts only with an enrolment record.",
    )

    @property
    def public_key_bytes(self) -> bytes:
        """The raw 32-byte public key."""
        return bytes.fromhex(self.public_key)


class _TrustFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(default=1, description="Trust file format version.")
    keys: list[TrustedKey] = Field(default_factory=list, description="Every trusted key.")


class TrustStore:
    """Public keys allowed to sign checkpoints, active or retired."""

    def __init__(self, keys: list[TrustedKey], *, path: Path | None = None) -> None:
        self.path = path
        self._keys: dict[str, TrustedKey] = {}
        for key in keys:
            if key_id_for(key.public_key_bytes) != key.key_id:
                raise SigningKeyError(
                    f"trust file {path}: key id {key.key_id} does not match its public key"
                )
            self._keys[key.key_id] = key

    @classmethod
    def load(cls, path: Path | None = None) -> TrustStore:
        """Read the trust file (default :func:`default_trust_path`); missing means empty."""
        path = path if path is not None else default_trust_path()
        if not path.exists():
            return cls([], path=path)
        try:
            model = _TrustFile.model_validate_json(path.read_bytes())
        except (OSError, ValidationError, ValueError) as exc:
            raise SigningKeyError(
                f"cannot read trust file {path}: {exc}", hint="fix or restore the trust file"
            ) from exc
        return cls(model.keys, path=path)

    @property
    def keys(self) -> tuple[TrustedKey, ...]:
        """Every key, in insertion order."""
        return tuple(self._keys.values())

    def get(self, key_id: str) -> TrustedKey | None:
        """The trusted key with this id, or None when unknown."""
        return self._keys.get(key_id)

    def add(
        self,
        public_key_bytes: bytes,
        *,
        name: str,
        role: KeyRole = KeyRole.RUN_SIGNER,
        enrolled_by: str | None = None,
    ) -> TrustedKey:
        """Trust a public key for ``role`` (idempotent), save the file and log it in the
        history; ``enrolled_by`` records an enrolment (also of a key trusted before without
        one). A key has one role: adding a key already trusted for another role is refused.
        """
        key_id = key_id_for(public_key_bytes)
        existing = self._keys.get(key_id)
        if existing is not None:
            _require_role(existing, role)
            if enrolled_by is None or existing.enrolled_by is not None:
                return existing
            key = existing.model_copy(update={"enrolled_by": enrolled_by})
        else:
            key = TrustedKey(
                key_id=key_id,
                public_key=public_key_bytes.hex(),
                name=name,
                added_at=utc_now(),
                role=role,
                enrolled_by=enrolled_by,
            )
        self._keys[key_id] = key
        self.save()
        self._history(
            key,
            "trusted" if enrolled_by is None else "enrolled",
            at=key.added_at if existing is None else utc_now(),
        )
        return key

    def _history(self, key: TrustedKey, event: TrustEvent, *, at: str) -> None:
        if self.path is not None:
            record = key.model_dump(mode="json", include={"key_id", "public_key", "name", "role"})
            append_trust_event(self.path, event=event, key=record, at=at, by=key.enrolled_by)

    def retire(self, key_id: str) -> TrustedKey:
        """Mark a key retired now; it keeps verifying checkpoints signed before."""
        key = self._keys.get(key_id)
        if key is None:
            raise SigningKeyError(f"unknown key id {key_id}", hint="see `distillgate keys list`")
        if key.retired_at is None:
            key = key.model_copy(update={"retired_at": utc_now()})
            self._keys[key_id] = key
            self.save()
            self._history(key, "retired", at=key.retired_at or utc_now())
        return key

    def check(
        self, key_id: str, *, signed_at: str, role: KeyRole = KeyRole.RUN_SIGNER
    ) -> TrustedKey | str:
        """The ``role`` key that may verify a signature made at ``signed_at``, or why none may."""
        key = self._keys.get(key_id)
        if key is None:
            return f"unknown key id {key_id}"
        if key.role != role:
            return f"key {key_id} is trusted as a {key.role} key, not as a {role} key"
        if key.retired_at is not None:
            try:
                late = datetime.fromisoformat(signed_at) > datetime.fromisoformat(key.retired_at)
            except ValueError:
                return f"bad timestamp {signed_at!r}"
            if late:
                return f"key {key_id} was retired at {key.retired_at} before signing"
        return key

    def save(self) -> None:
        """Write the trust file atomically."""
        if self.path is None:
            return
        data = _TrustFile(keys=list(self._keys.values())).model_dump_json(indent=2)
        _ensure_private_dir(self.path.parent)
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            tmp.write_text(data + "\n", encoding="utf-8")
            tmp.replace(self.path)
        except OSError as exc:
            raise SigningKeyError(f"cannot write trust file {self.path}: {exc}") from exc


def _require_role(key: TrustedKey, role: KeyRole) -> None:
    if key.role != role:
        raise SigningKeyError(
            f"key {key.name} ({key.key_id}) is trusted as a {key.role} key, not as a {role} key",
            hint="a run signer and a reviewer each need their own key "
            "(retire this one or generate another)",
        )


def _ensure_private_dir(directory: Path) -> None:
    try:
        if not directory.exists():
            directory.mkdir(parents=True, mode=0o700)
            directory.chmod(0o700)
    except OSError as exc:
        raise SigningKeyError(f"cannot create keys folder {directory}: {exc}") from exc


def _check_name(name: str) -> None:
    if not _NAME.fullmatch(name):
        raise SigningKeyError(
            f"bad key name {name!r}", hint="use letters, digits, '.', '_' or '-' (max 64)"
        )


def _write_private_key(path: Path, key: Ed25519PrivateKey) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise SigningKeyError(
            f"key {path} already exists", hint="pick another --name or retire the key first"
        ) from exc
    except OSError as exc:
        raise SigningKeyError(f"cannot write key {path}: {exc}") from exc
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, pem)
        os.fsync(fd)
    finally:
        os.close(fd)


def generate_key(
    keys_dir: Path | None = None, *, name: str = "run-signer", role: KeyRole = KeyRole.RUN_SIGNER
) -> Signer:
    """Create ``<keys_dir>/<name>.key`` (0600) and ``<name>.pub``; trust a run-signer key (a
    reviewer key is trusted only by :func:`governance.audit.enroll.enroll_key`)."""
    _check_name(name)
    directory = keys_dir if keys_dir is not None else paths.keys_dir()
    _ensure_private_dir(directory)
    private = Ed25519PrivateKey.generate()
    _write_private_key(directory / f"{name}.key", private)
    signer = Signer(private, name=name)
    (directory / f"{name}.pub").write_text(
        f"ed25519 {signer.key_id} {signer.public_key_bytes.hex()}\n", encoding="utf-8"
    )
    if role is KeyRole.RUN_SIGNER:
        TrustStore.load(directory / TRUST_FILE).add(signer.public_key_bytes, name=name, role=role)
    _log.info("generated %s key %s (%s)", role, name, signer.key_id)
    return signer


def load_private_key(path: Path, *, name: str) -> Signer:
    """Load an Ed25519 private key file (PKCS#8 PEM); refuse one group or others can read."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise SigningKeyError(f"cannot read key {path}: {exc}") from exc
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SigningKeyError(
            f"key {path} is accessible by group or others (mode {stat.S_IMODE(mode):o})",
            hint=f"chmod 600 {path}",
        )
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise SigningKeyError(f"cannot load key {path}: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(f"key {path} is not an Ed25519 private key")
    return Signer(key, name=name)


def load_or_create_signer(
    keys_dir: Path | None = None, *, name: str = "run-signer", role: KeyRole = KeyRole.RUN_SIGNER
) -> Signer:
    """Load ``<keys_dir>/<name>.key`` or create it; refuse unsafe permissions, retired keys
    and keys trusted for another role. Reviewer keys are never loaded or created this way."""
    _check_name(name)
    if role is not KeyRole.RUN_SIGNER:
        hint = "`distillgate keys generate --role reviewer`, then `distillgate keys enroll`"
        raise SigningKeyError(f"a {role} key is never created or trusted implicitly", hint=hint)
    directory = keys_dir if keys_dir is not None else paths.keys_dir()
    path = directory / f"{name}.key"
    if not path.exists():
        return generate_key(directory, name=name, role=role)
    signer = load_private_key(path, name=name)
    trust = TrustStore.load(directory / TRUST_FILE)
    trusted = trust.get(signer.key_id)
    if trusted is None:
        trust.add(signer.public_key_bytes, name=name, role=role)
        return signer
    _require_role(trusted, role)
    if trusted.retired_at is not None:
        raise SigningKeyError(
            f"key {name} ({signer.key_id}) was retired at {trusted.retired_at}",
            hint=f"remove {path} to create a new key, or run `distillgate keys generate`",
        )
    return signer


def retire_key(key_id: str, *, keys_dir: Path | None = None) -> TrustedKey:
    """Retire a key: mark it in the trust file and move its private key file aside."""
    directory = keys_dir if keys_dir is not None else paths.keys_dir()
    trusted = TrustStore.load(directory / TRUST_FILE).retire(key_id)
    private = directory / f"{trusted.name}.key"
    if private.exists():
        try:
            if load_private_key(private, name=trusted.name).key_id == key_id:
                private.replace(directory / f"{trusted.name}.{key_id}.retired")
        except OSError as exc:
            raise SigningKeyError(f"cannot move retired key {private}: {exc}") from exc
    return trusted
