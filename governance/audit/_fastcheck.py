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
from collections.abc import Callable
from typing import Any, Literal

from governance.audit._entry import KIND_VALUES, POLICY_HASH_RE

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

_OPEN_BRACE = ord("{")


def entries_ok(lines: list[bytes], start: int, previous_timestamp: str) -> str | None:
    """The last entry's timestamp if ``lines`` are valid entries ``start, start + 1, ...``
    in time order after ``previous_timestamp``; None when the reference must decide."""
    decode = _decode
    if not lines:
        return previous_timestamp
    if decode is None or not all(map(bytes.isascii, lines)):
        return None
    try:
        entries = list(map(decode, lines))
    except Exception:  # any decode failure (or too deep a payload): the reference says why
        return None
    if [e.index for e in entries] != list(range(start, start + len(entries))):
        return None
    stamps = [previous_timestamp, *(e.timestamp for e in entries)]
    if stamps != sorted(stamps) or not _timestamps_well_formed(stamps[1:]):
        return None
    if not all(POLICY_HASH_RE.fullmatch(h) for h in {e.policy_hash for e in entries}):
        return None
    if [memoryview(e.payload)[0] for e in entries].count(_OPEN_BRACE) != len(entries):
        return None
    last: str = stamps[-1]
    return last


_DIGITS_TO_D = bytes.maketrans(b"0123456789", b"d" * 10)
_SHAPE = b"dddd-dd-ddTdd:dd:dd.dddddd+dd:dd\n"


def _timestamps_well_formed(stamps: list[str]) -> bool:
    """Every stamp matches TIMESTAMP_RE: one translate and compare over all of them."""
    try:
        joined = ("\n".join(stamps) + "\n").encode("ascii")
    except UnicodeEncodeError:
        return False
    # The shape fixes every byte, so each '+' ends its stamp and must start "+00:00".
    return joined.translate(_DIGITS_TO_D) == _SHAPE * len(stamps) and joined.count(
        b"+00:00\n"
    ) == len(stamps)
