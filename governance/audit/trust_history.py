"""The append-only history of the trust file: who trusted, enrolled or retired which key, when.

``<keys_dir>/trusted_keys.history.jsonl`` holds one canonical JSON line per change::

    {"seq": n, "at": <UTC ISO 8601>, "event": "trusted" | "enrolled" | "retired",
     "key_id": ..., "public_key": ..., "name": ..., "role": ..., "by": <who> | null,
     "prev": <SHA-256 hex of the previous line's bytes, or 64 zeros>}

Lines are only ever appended (``O_APPEND``, fsync). Each names the hash of the one before, so
an edited, removed or reordered line breaks the chain: :func:`read_trust_history` says where.
The chain shows tampering with the history; it is not a signature, and the person who can
write the keys folder (the trust root) could rewrite the whole file. Keep a copy elsewhere to
audit enrolments against it.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from governance.errors import SigningKeyError
from governance.jsontypes import JsonObject

__all__ = [
    "HISTORY_SUFFIX",
    "TrustEvent",
    "TrustHistory",
    "append_trust_event",
    "history_path",
    "read_trust_history",
]

HISTORY_SUFFIX = ".history.jsonl"
TrustEvent = Literal["trusted", "enrolled", "retired"]
_GENESIS = "0" * 64
_encode = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode


def history_path(trust_path: Path) -> Path:
    """``trusted_keys.json`` -> ``trusted_keys.history.jsonl`` (same folder)."""
    return trust_path.with_name(trust_path.stem + HISTORY_SUFFIX)


@dataclass(frozen=True)
class TrustHistory:
    """The parsed history; ``problem`` says where the chain breaks (None: intact)."""

    path: Path
    records: tuple[JsonObject, ...]
    problem: str | None

    @property
    def ok(self) -> bool:
        """Whether every line parses and chains to the one before."""
        return self.problem is None


def _read_lines(path: Path) -> list[bytes]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise SigningKeyError(f"cannot read trust history {path}: {exc}") from exc
    return data.splitlines()


def read_trust_history(trust_path: Path) -> TrustHistory:
    """Every record of the history of ``trust_path``, checked line by line."""
    path = history_path(trust_path)
    records: list[JsonObject] = []
    prev = _GENESIS
    for number, line in enumerate(_read_lines(path), start=1):
        try:
            record = json.loads(line)
        except ValueError:
            return TrustHistory(path, tuple(records), f"line {number} is not JSON")
        if not isinstance(record, dict) or _encode(record).encode("ascii") != line:
            return TrustHistory(path, tuple(records), f"line {number} is not canonical JSON")
        if record.get("prev") != prev or record.get("seq") != number - 1:
            return TrustHistory(
                path, tuple(records), f"line {number} does not follow line {number - 1}"
            )
        records.append(record)
        prev = hashlib.sha256(line).hexdigest()
    return TrustHistory(path, tuple(records), None)


def append_trust_event(
    trust_path: Path,
    *,
    event: TrustEvent,
    key: JsonObject,
    at: str,
    by: str | None,
) -> None:
    """Append one record (``key``: key_id, public_key, name, role) to the history."""
    path = history_path(trust_path)
    lines = _read_lines(path)
    prev = hashlib.sha256(lines[-1]).hexdigest() if lines else _GENESIS
    record: JsonObject = {
        "seq": len(lines),
        "at": at,
        "event": event,
        "key_id": key["key_id"],
        "public_key": key["public_key"],
        "name": key["name"],
        "role": key["role"],
        "by": by,
        "prev": prev,
    }
    data = _encode(record).encode("ascii") + b"\n"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise SigningKeyError(f"cannot append to trust history {path}: {exc}") from exc
