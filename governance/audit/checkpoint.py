"""Signed tree heads in a C2SP-like signed-note format.

The signed body is the C2SP ``tlog-checkpoint`` text with one extension line::

    <origin>
    <tree size>
    <base64 root hash>
    timestamp <UTC ISO 8601>

A note appends an empty line and ``— <key id> <base64 signature>``. In ``checkpoints.jsonl``
each checkpoint is one canonical JSON line (hex hashes and signature); a line that is not
exactly the canonical encoding of what it parses to is rejected, so no byte can change
without detection.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import re
from dataclasses import dataclass
from typing import Any

from governance.audit.keys import Signer, TrustStore, utc_now, verify_signature
from governance.errors import AuditVerificationError

__all__ = ["SignedCheckpoint", "checkpoint_problem"]

_HEX = re.compile(r"[0-9a-f]+")
_FIELDS = frozenset({"origin", "tree_size", "root_hash", "key_id", "signature", "timestamp"})
_encode = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode


def _hex(value: object, length: int, what: str) -> bytes:
    if not isinstance(value, str) or len(value) != 2 * length or not _HEX.fullmatch(value):
        raise AuditVerificationError(f"checkpoint {what} is not {length} bytes of lowercase hex")
    return bytes.fromhex(value)


@dataclass(frozen=True, slots=True)
class SignedCheckpoint:
    """A signed statement that the log ``origin`` had ``tree_size`` entries with ``root_hash``."""

    origin: str
    tree_size: int
    root_hash: bytes
    key_id: str
    signature: bytes
    timestamp: str

    @staticmethod
    def body_for(origin: str, tree_size: int, root_hash: bytes, timestamp: str) -> bytes:
        """The exact bytes that are signed."""
        root = base64.b64encode(root_hash).decode("ascii")
        return f"{origin}\n{tree_size}\n{root}\ntimestamp {timestamp}\n".encode()

    def body(self) -> bytes:
        """The signed note body of this checkpoint."""
        return self.body_for(self.origin, self.tree_size, self.root_hash, self.timestamp)

    @classmethod
    def sign(
        cls,
        signer: Signer,
        *,
        origin: str,
        tree_size: int,
        root_hash: bytes,
        timestamp: str | None = None,
    ) -> SignedCheckpoint:
        """Sign a tree head with ``signer``."""
        if not origin or "\n" in origin or origin != origin.strip():
            raise AuditVerificationError(f"bad checkpoint origin {origin!r}")
        ts = timestamp if timestamp is not None else utc_now()
        signature = signer.sign(cls.body_for(origin, tree_size, root_hash, ts))
        return cls(origin, tree_size, root_hash, signer.key_id, signature, ts)

    def to_json(self) -> dict[str, Any]:
        """JSON object with hex root hash and signature."""
        return {
            "key_id": self.key_id,
            "origin": self.origin,
            "root_hash": self.root_hash.hex(),
            "signature": self.signature.hex(),
            "timestamp": self.timestamp,
            "tree_size": self.tree_size,
        }

    def to_json_line(self) -> bytes:
        """Canonical JSON (sorted keys, compact, ASCII) without the newline."""
        return _encode(self.to_json()).encode("ascii")

    @classmethod
    def from_json(cls, obj: object) -> SignedCheckpoint:
        """Build from :meth:`to_json` output; raises AuditVerificationError when malformed."""
        if not isinstance(obj, dict) or set(obj) != _FIELDS:
            raise AuditVerificationError("checkpoint does not have exactly the expected fields")
        size, origin, key_id, ts = obj["tree_size"], obj["origin"], obj["key_id"], obj["timestamp"]
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise AuditVerificationError("checkpoint tree_size is not a non-negative integer")
        if not isinstance(origin, str) or not isinstance(ts, str) or not isinstance(key_id, str):
            raise AuditVerificationError("checkpoint origin, key_id or timestamp is not a string")
        _hex(key_id, 8, "key_id")
        return cls(
            origin=origin,
            tree_size=size,
            root_hash=_hex(obj["root_hash"], 32, "root_hash"),
            key_id=key_id,
            signature=_hex(obj["signature"], 64, "signature"),
            timestamp=ts,
        )

    @classmethod
    def from_json_line(cls, line: bytes) -> SignedCheckpoint:
        """Parse one ``checkpoints.jsonl`` line, refusing any non-canonical encoding."""
        return _parse_line(line) if cls is SignedCheckpoint else cls._parse_line(line)

    @classmethod
    def _parse_line(cls, line: bytes) -> SignedCheckpoint:
        try:
            obj = json.loads(line)
        except (ValueError, UnicodeDecodeError) as exc:
            raise AuditVerificationError(f"checkpoint is not valid JSON: {exc}") from exc
        checkpoint = cls.from_json(obj)
        if checkpoint.to_json_line() != line:
            raise AuditVerificationError("checkpoint line is not in canonical form")
        return checkpoint

    def to_note(self) -> str:
        """C2SP-like signed note text."""
        sig = base64.b64encode(self.signature).decode("ascii")
        return self.body().decode() + f"\n\u2014 {self.key_id} {sig}\n"

    @classmethod
    def from_note(cls, text: str) -> SignedCheckpoint:
        """Parse :meth:`to_note` output (strictly)."""
        lines = text.split("\n")
        ok = len(lines) == 7 and lines[4] == "" and lines[6] == ""
        ok = ok and lines[3].startswith("timestamp ") and lines[5].startswith("\u2014 ")
        sig_parts = lines[5].split(" ") if ok else []
        if not ok or len(sig_parts) != 3 or not lines[1].isdigit():
            raise AuditVerificationError("checkpoint note is malformed")
        try:
            root = base64.b64decode(lines[2], validate=True)
            signature = base64.b64decode(sig_parts[2], validate=True)
        except (binascii.Error, ValueError) as exc:
            raise AuditVerificationError(f"checkpoint note has bad base64: {exc}") from exc
        checkpoint = cls(
            lines[0], int(lines[1]), root, sig_parts[1], signature, lines[3][len("timestamp ") :]
        )
        if checkpoint.to_note() != text or len(root) != 32 or len(signature) != 64:
            raise AuditVerificationError("checkpoint note is not in canonical form")
        return checkpoint

    @classmethod
    def from_text(cls, text: str) -> SignedCheckpoint:
        """Parse either a JSON line or a signed note (for externally kept checkpoints)."""
        stripped = text.strip()
        if stripped.startswith("{"):
            return cls.from_json_line(stripped.encode("utf-8"))
        return cls.from_note(text)


_parse_line = functools.lru_cache(maxsize=4096)(SignedCheckpoint._parse_line)
"""Parsed checkpoint lines (frozen values), so re-verifying a log does not parse them again."""


def checkpoint_problem(checkpoint: SignedCheckpoint, trust: TrustStore) -> str | None:
    """Why ``checkpoint`` does not verify under ``trust``, or None when it does."""
    key = trust.check(checkpoint.key_id, signed_at=checkpoint.timestamp)
    if isinstance(key, str):
        return key
    if not verify_signature(key.public_key_bytes, checkpoint.signature, checkpoint.body()):
        return f"bad signature by key {checkpoint.key_id}"
    return None
