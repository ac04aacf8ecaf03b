"""The audit entry line: one canonical JSON object per line of ``log.jsonl``.

An entry is the compact, key-sorted, ASCII-only JSON encoding of::

    {"index":<i>,"kind":"<event kind>","payload":{...},"policy_hash":"<64 hex>",
     "timestamp":"YYYY-MM-DDTHH:MM:SS.ffffff+00:00"}

The writer builds that line from the encoded payload and fixed-format fields (no escaping is
ever needed in them), which is byte for byte what ``json.dumps(entry, sort_keys=True,
separators=(",", ":"))`` gives. :func:`entry_problem` is the reference definition of a
valid entry that every faster check must agree with.

>>> import json
>>> stamp = "2026-01-01T00:00:00.000000+00:00"
>>> line = entry_line(0, "run_started", '{"run_id":"r1"}', "0" * 64, stamp)
>>> line[:58]
b'{"index":0,"kind":"run_started","payload":{"run_id":"r1"},'
>>> entry_problem(json.loads(line), 0) is None
True
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from json import encoder as _json_encoder

from governance.audit.events import EventKind

__all__ = [
    "ENTRY_FIELDS",
    "KIND_VALUES",
    "POLICY_HASH_RE",
    "TIMESTAMP_RE",
    "encode_payload",
    "entry_line",
    "entry_problem",
    "utc_timestamp",
]

ENTRY_FIELDS = frozenset({"index", "timestamp", "kind", "policy_hash", "payload"})
KIND_VALUES: dict[str, str] = {kind.value: kind.value for kind in EventKind}
"""Event kind values keyed by value; an ``EventKind`` member finds its entry too (StrEnum)."""

TIMESTAMP_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}\+00:00")
"""UTC with microseconds, fixed width: string order is time order."""
POLICY_HASH_RE = re.compile(r"[0-9a-f]{64}")
"""SHA-256 of the policy in force, lowercase hex."""


def _not_json(value: object) -> object:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _make_encoder() -> Callable[[object], str]:
    c_make_encoder = getattr(_json_encoder, "c_make_encoder", None)
    if c_make_encoder is None:  # pragma: no cover - CPython always has the C encoder
        return _json_encoder.JSONEncoder(
            sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False
        ).encode
    # The arguments JSONEncoder(sort_keys=True, separators=(",", ":"), allow_nan=False)
    # passes for a one-shot encode, built once; no circular-reference markers (a cycle ends
    # in RecursionError instead, which encode_payload reports like any non-JSON value).
    encode_chunks = c_make_encoder(
        None, _not_json, _json_encoder.encode_basestring_ascii, None, ":", ",", True, False, False
    )

    def encode(value: object) -> str:
        return "".join(encode_chunks(value, 0))

    return encode


_encode = _make_encoder()


def encode_payload(payload: object) -> str:
    """Canonical JSON of ``payload``; raises TypeError or ValueError when it is not JSON."""
    try:
        return _encode(payload)
    except RecursionError as exc:
        raise ValueError("payload is nested too deeply or refers to itself") from exc


def entry_line(index: int, kind: str, payload_json: str, policy_hash: str, timestamp: str) -> bytes:
    """The entry's bytes (the RFC 6962 leaf data) from already-checked parts."""
    return (
        f'{{"index":{index},"kind":"{kind}","payload":{payload_json},'
        f'"policy_hash":"{policy_hash}","timestamp":"{timestamp}"}}'
    ).encode("ascii")


_second: tuple[int, str] = (-1, "")
_clock = time.time


def utc_timestamp() -> str:
    """UTC ISO 8601 with microseconds; the date part is formatted once per second."""
    global _second
    now = _clock()
    sec = int(now)
    if sec != _second[0]:
        _second = (sec, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(sec)))
    return f"{_second[1]}.{int((now - sec) * 1e6):06d}+00:00"


def entry_problem(entry: object, index: int, previous_timestamp: str = "") -> str | None:
    """Why a parsed entry is not a valid entry number ``index``, or None.

    Valid: exactly the five fields, the right index, a known event kind, a policy hash of
    64 lowercase hex digits, a fixed-format UTC timestamp not before ``previous_timestamp``
    and an object payload.
    """
    if type(entry) is not dict or entry.keys() != ENTRY_FIELDS:
        return "entry does not have exactly the fields index, timestamp, kind, policy_hash, payload"
    got = entry["index"]
    if type(got) is not int or got != index:
        return f"entry index is {got!r}, expected {index}"
    kind = entry["kind"]
    if type(kind) is not str or kind not in KIND_VALUES:
        return f"unknown event kind {entry['kind']!r}"
    timestamp, policy_hash = entry["timestamp"], entry["policy_hash"]
    if type(timestamp) is not str or type(policy_hash) is not str:
        return "timestamp or policy_hash is not a string"
    if not POLICY_HASH_RE.fullmatch(policy_hash):
        return "policy_hash is not 64 lowercase hex digits"
    if not TIMESTAMP_RE.fullmatch(timestamp):
        return f"timestamp {timestamp!r} is not UTC of the form YYYY-MM-DDTHH:MM:SS.ffffff+00:00"
    if timestamp < previous_timestamp:
        return f"timestamp {timestamp} is earlier than the previous entry's {previous_timestamp}"
    if type(entry["payload"]) is not dict:
        return "payload is not a JSON object"
    return None
