"""Enrolment: the one explicit, audited step that makes a public key trusted for a role.

``distillgate keys enroll PUBLIC_KEY_FILE --name NAME --role reviewer --enrolled-by WHO``
calls :func:`enroll_key`. The trust file records who enrolled the key (``enrolled_by``) and
when, and the append-only trust history (:mod:`governance.audit.trust_history`) keeps the
event. Nothing else trusts a reviewer key: generating one, or signing with one, does not.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from governance.audit.keys import KeyRole, TrustedKey, TrustStore, key_id_for
from governance.audit.trust_history import TrustHistory
from governance.errors import SigningKeyError

__all__ = ["Enrollment", "enroll_key", "read_public_key", "trust_history_problems"]

_MAX_KEY_FILE = 16 * 1024
_HEX64 = re.compile(r"[0-9a-fA-F]{64}")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_ENROLLER = re.compile(r"[^\x00-\x1f\x7f]{1,200}")


@dataclass(frozen=True)
class Enrollment:
    """The trusted key after enrolment; ``new`` is False when it was already enrolled."""

    key: TrustedKey
    new: bool


def _read_small_file(path: Path) -> bytes:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise SigningKeyError(f"{path} is not a regular file", hint="pass a public key file")
        if info.st_size > _MAX_KEY_FILE:
            raise SigningKeyError(f"{path} is too large for a public key ({info.st_size} bytes)")
        return path.read_bytes()
    except OSError as exc:
        raise SigningKeyError(f"cannot read public key {path}: {exc}") from exc


def _from_text(text: str, path: Path) -> bytes | None:
    parts = text.split()
    if len(parts) == 1 and _HEX64.fullmatch(parts[0]):
        return bytes.fromhex(parts[0])
    if len(parts) == 3 and parts[0] == "ed25519" and _HEX64.fullmatch(parts[2]):
        raw = bytes.fromhex(parts[2])
        if key_id_for(raw) != parts[1]:
            raise SigningKeyError(f"{path}: key id {parts[1]} does not match the public key")
        return raw
    return None


def read_public_key(path: Path) -> bytes:
    """The raw 32-byte Ed25519 public key in ``path``.

    Accepted: a PEM ``PUBLIC KEY``, the ``<name>.pub`` line ``ed25519 <key id> <hex>`` that
    ``keys generate`` writes, 64 hex digits, or the 32 raw bytes. A private key is refused.
    """
    path = Path(path)
    data = _read_small_file(path)
    if b"PRIVATE KEY" in data:
        raise SigningKeyError(
            f"{path} holds a private key", hint="enrol the public key (the .pub file) only"
        )
    if b"-----BEGIN PUBLIC KEY-----" in data:
        try:
            key = serialization.load_pem_public_key(data)
        except (ValueError, TypeError) as exc:
            raise SigningKeyError(f"{path} is not a valid PEM public key") from exc
        if not isinstance(key, Ed25519PublicKey):
            raise SigningKeyError(f"{path} is not an Ed25519 public key")
        return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    try:
        raw = _from_text(data.decode("ascii"), path)
    except UnicodeDecodeError:
        raw = data if len(data) == 32 else None
    if raw is None:
        raise SigningKeyError(
            f"{path} is not an Ed25519 public key",
            hint="pass a PEM public key, a .pub file from `keys generate`, or 64 hex digits",
        )
    return raw


def _check_enrolment(trust: TrustStore, raw: bytes, *, name: str, role: KeyRole) -> None:
    key_id = key_id_for(raw)
    existing = trust.get(key_id)
    if existing is not None and existing.retired_at is not None:
        raise SigningKeyError(
            f"key {key_id} was retired at {existing.retired_at}", hint="enrol a new key"
        )
    if existing is not None and existing.role != role:
        raise SigningKeyError(
            f"key {key_id} is trusted as a {existing.role} key; it cannot also be a {role} key",
            hint="a run signer and a reviewer each need their own key",
        )
    for other in trust.keys:
        if other.name == name and other.key_id != key_id and other.retired_at is None:
            raise SigningKeyError(
                f"an active key named {name!r} is already trusted ({other.key_id})",
                hint=f"retire it first (`distillgate keys retire {other.key_id}`) or pick "
                "another --name",
            )


def enroll_key(
    public_key_file: Path,
    *,
    name: str,
    role: KeyRole,
    enrolled_by: str,
    trust_path: Path | None = None,
) -> Enrollment:
    """Trust the public key in ``public_key_file`` for ``role``, recording who enrolled it.

    Refused for a key trusted for another role (a run signer can never become a reviewer),
    a retired key, or a second active key under the same name (one person, one key).
    Enrolling an already enrolled key changes nothing (``new`` is False).
    """
    if not _NAME.fullmatch(name):
        raise SigningKeyError(
            f"bad key name {name!r}", hint="use letters, digits, '.', '_' or '-' (max 64)"
        )
    who = enrolled_by.strip()
    if not _ENROLLER.fullmatch(who):
        raise SigningKeyError(
            "--enrolled-by must name who enrolls the key (one line, 1-200 characters)"
        )
    raw = read_public_key(public_key_file)
    trust = TrustStore.load(trust_path)
    _check_enrolment(trust, raw, name=name, role=role)
    existing = trust.get(key_id_for(raw))
    if existing is not None and existing.enrolled_by is not None:
        return Enrollment(existing, new=False)
    return Enrollment(trust.add(raw, name=name, role=role, enrolled_by=who), new=True)


def trust_history_problems(trust: TrustStore, history: TrustHistory) -> list[str]:
    """Where the trust file and its history disagree, and where the history chain breaks.

    Each trusted key needs its ``trusted`` or ``enrolled`` record (an enrolled key: by the
    same person), each retired key its ``retired`` record, and each key in the history must
    still be in the trust file.
    """
    problems = [] if history.problem is None else [f"history: {history.problem}"]
    latest: dict[tuple[str, str], dict[str, object]] = {}
    for record in history.records:
        latest[(str(record.get("key_id")), str(record.get("event")))] = dict(record)
    for key in trust.keys:
        added = latest.get((key.key_id, "enrolled" if key.enrolled_by else "trusted"))
        if added is None or added.get("public_key") != key.public_key:
            problems.append(f"key {key.key_id} ({key.name}) has no record of being trusted")
        elif added.get("role") != key.role or added.get("by") != key.enrolled_by:
            problems.append(f"key {key.key_id} ({key.name}): the trust file and history differ")
        if key.retired_at is not None and (key.key_id, "retired") not in latest:
            problems.append(f"key {key.key_id} ({key.name}) has no record of its retirement")
    known = {key.key_id for key in trust.keys}
    problems += [
        f"key {key_id} is in the history but no longer in the trust file"
        for key_id in sorted({k for k, _ in latest} - known)
    ]
    return problems
