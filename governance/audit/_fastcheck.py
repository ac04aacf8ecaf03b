"""A fast, one-sided entry check: one C-level JSON parse per block of entries with msgspec.

:func:`block_ok` returns True only when every line of a block is a valid entry by the
reference :func:`governance.audit._entry.entry_problem` (parsed with :func:`json.loads`);
None means "ask the reference", which then names the first bad entry and why.

A block is decoded in one call (``Decoder.decode_lines``) into typed structs (known kind,
integer index, unknown fields forbidden); the payload is parsed for syntax but not built
into Python objects (``msgspec.Raw``). ``decode_lines`` treats any whitespace as a
separator, so the decoded entries are tied back to the lines by encoding them again: the
fast path vouches only when that gives the block byte for byte, one entry per line. Such a
block is in the writer's canonical form (``{"index":<i>,"kind":...}``, compact, sorted
keys), which is why it needs no separate index-prefix check. Lines that are not pure ASCII
(the writer never writes any) always go to the reference, so the two parsers only have to
agree on ASCII JSON. Without msgspec installed every check goes to the reference.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from operator import attrgetter
from typing import Any, Literal

from governance.audit._entry import KIND_VALUES, POLICY_HASH_RE

__all__ = ["AVAILABLE", "block_ok", "entries_ok"]


def _decoder() -> Callable[[bytes], Any] | None:
    """``decode_lines`` of the entry struct, or None without msgspec."""
    try:
        msgspec: Any = importlib.import_module("msgspec")
    except ImportError:  # pragma: no cover - msgspec is a dependency; the reference remains
        return None
    kind = Literal[tuple(KIND_VALUES)]  # type: ignore[valid-type]
    # Fields in sorted order: encoding a struct again gives the canonical line.
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
        gc=False,  # ints, strs and Raw only: no cycles, so no garbage collector work
    )
    decode_lines: Callable[[bytes], Any] = msgspec.json.Decoder(entry).decode_lines
    return decode_lines


def _encoder() -> Callable[[Any], bytes] | None:
    try:
        msgspec: Any = importlib.import_module("msgspec")
    except ImportError:  # pragma: no cover - see _decoder
        return None
    encode_lines: Callable[[Any], bytes] = msgspec.json.Encoder().encode_lines
    return encode_lines


_decode = _decoder()
_encode_lines = _encoder()
AVAILABLE = _decode is not None
"""Whether the fast path is installed (otherwise every check uses the reference)."""

_OPEN_BRACE = ord("{")
_index = attrgetter("index")
_timestamp = attrgetter("timestamp")
_policy_hash = attrgetter("policy_hash")


def entries_ok(lines: list[bytes], start: int, previous_timestamp: str) -> str | None:
    """The last entry's timestamp if ``lines`` are valid entries ``start, start + 1, ...``
    in time order after ``previous_timestamp``; None when the reference must decide."""
    if not lines:
        return previous_timestamp
    block = b"\n".join(lines) + b"\n"
    if block.count(b"\n") != len(lines):  # a "line" with a newline in it
        return None
    return block_ok(block, len(lines), start, previous_timestamp)


def block_ok(block: bytes, count: int, start: int, previous_timestamp: str) -> str | None:
    """:func:`entries_ok` for ``count`` lines given as one buffer, each ending in a newline.

    The caller guarantees that ``block`` holds exactly ``count`` newlines (it split them
    off itself), so they need not be counted again here.
    """
    decode, encode_lines = _decode, _encode_lines
    if count == 0 and not block:
        return previous_timestamp
    if decode is None or encode_lines is None or not block.isascii():
        return None
    try:
        entries = decode(block)
    except Exception:  # any decode failure (or too deep a payload): the reference says why
        return None
    # Exactly one entry per line, each line exactly the canonical encoding of its entry.
    if len(entries) != count or encode_lines(entries) != block:
        return None
    if list(map(_index, entries)) != list(range(start, start + count)):
        return None
    stamps = [previous_timestamp, *map(_timestamp, entries)]
    if stamps != sorted(stamps) or not _timestamps_well_formed(stamps[1:]):
        return None
    if not all(POLICY_HASH_RE.fullmatch(h) for h in set(map(_policy_hash, entries))):
        return None
    if [memoryview(e.payload)[0] for e in entries].count(_OPEN_BRACE) != count:
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
