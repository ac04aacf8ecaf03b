"""A fast, one-sided entry check: one C-level JSON parse per entry with msgspec.

:func:`entries_ok` returns True only when every line is a valid entry by the reference
:func:`governance.audit._entry.entry_problem` (parsed with :func:`json.loads`); False means
"ask the reference", which then names the first bad entry and why. The payload is parsed
for syntax but not built into Python objects (``msgspec.Raw``). Lines that are not pure ASCII
(the writer never writes any) always go to the reference, so the two parsers only have to
agree on ASCII JSON. Without msgspec installed every check goes to the reference.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import Any, Literal

from governance.audit._entry import KIND_VALUES, POLICY_HASH_RE, TIMESTAMP_RE

__all__ = ["AVAILABLE", "entries_ok"]


def _decoder() -> Callable[[bytes], Any] | None:
    try:
        msgspec: Any = importlib.import_module("msgspec")
    except ImportError:  # pragma: no cover - msgspec is a dependency; the reference remains
        return None
    kind = Literal[tuple(KIND_VALUES)]  # type: ignore[valid-type]
    entry = msgspec.defstruct(
        "_Entry",
        [
            ("index", int),
            ("kind", kind),
            ("payload", msgspec.Raw),
            ("policy_hash", str),
            ("timestamp", str),
        ],
        forbid_unknown_fields=True,
    )
    decode: Callable[[bytes], Any] = msgspec.json.Decoder(entry).decode
    return decode


_decode = _decoder()
AVAILABLE = _decode is not None
"""Whether the fast path is installed (otherwise every check uses the reference)."""

_TIMESTAMP_LINES = re.compile(f"(?:{TIMESTAMP_RE.pattern}\n)*")
_OPEN_BRACE = ord("{")


def entries_ok(lines: list[bytes], start: int, previous_timestamp: str) -> bool:
    """True only if ``lines`` are valid entries ``start, start + 1, ...`` in time order."""
    decode = _decode
    if not lines:
        return True
    if decode is None or not all(map(bytes.isascii, lines)):
        return False
    try:
        entries = list(map(decode, lines))
    except Exception:  # any decode failure (or too deep a payload): the reference says why
        return False
    if [e.index for e in entries] != list(range(start, start + len(entries))):
        return False
    stamps = [previous_timestamp, *(e.timestamp for e in entries)]
    if stamps != sorted(stamps) or not _TIMESTAMP_LINES.fullmatch("\n".join(stamps[1:]) + "\n"):
        return False
    if not all(POLICY_HASH_RE.fullmatch(h) for h in {e.policy_hash for e in entries}):
        return False
    return [memoryview(e.payload)[0] for e in entries].count(_OPEN_BRACE) == len(entries)
