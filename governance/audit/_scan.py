"""One pass over ``log.jsonl`` bytes: entry checks, leaf hashes and tree heads.

Shared by :mod:`governance.audit.log` (resume) and :mod:`governance.audit.verify`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from governance.audit._entry import ENTRY_FIELDS, entry_problem
from governance.audit._fastcheck import block_ok, entries_ok
from governance.audit.merkle import EMPTY_ROOT, MerkleFrontier, extend_frontier

__all__ = [
    "ENTRY_FIELDS",
    "LogScan",
    "entry_problem",
    "first_json_problem",
    "scan_log",
    "scan_log_file",
    "split_lines",
    "timestamp_before",
]

_BLOCK_BYTES = 1 << 21  # bytes per block: a few thousand entries that stay in cache
_TREE_CHUNK = 1 << 10  # leaves the Merkle frontier hashes level by level at once


@dataclass(slots=True)
class LogScan:
    """Result of :func:`scan_log`: entries ``[0, count)`` are well formed."""

    count: int
    first_bad_index: int | None
    reason: str | None
    roots: dict[int, bytes]
    frontier: MerkleFrontier
    torn: bytes
    data: bytes
    leaf_hashes: list[bytes] = field(default_factory=list)
    json_ok: bool = False

    @property
    def lines(self) -> list[bytes]:
        """Every complete line of the scanned data (split on demand, not kept)."""
        return split_lines(self.data)[0]


def split_lines(data: bytes) -> tuple[list[bytes], bytes]:
    """Complete lines (without newline) and the unterminated tail after the last newline."""
    lines = data.split(b"\n")  # no copy of the whole buffer first
    torn = lines.pop()
    return lines, torn


def first_json_problem(
    lines: list[bytes], start: int = 0, previous_timestamp: str = "", *, fast: bool = True
) -> tuple[int, str] | None:
    """The first entry of ``lines`` (numbered from ``start``) that is not a valid entry.

    ``previous_timestamp`` is the timestamp of entry ``start - 1`` (entries never go back in
    time). The fast check (unless ``fast`` is False) vouches for the common case; the
    reference names the problem.
    """
    if fast and entries_ok(lines, start, previous_timestamp) is not None:
        return None
    loads = json.loads
    for i, line in enumerate(lines, start=start):
        try:
            entry = loads(line)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            return i, f"entry is not valid JSON: {exc}"
        problem = entry_problem(entry, i, previous_timestamp)
        if problem is not None:
            return i, problem
        previous_timestamp = entry["timestamp"]
    return None


def timestamp_before(lines: list[bytes], start: int) -> str:
    """Timestamp of entry ``start - 1`` when it parses, else the empty string."""
    if start <= 0 or start > len(lines):
        return ""
    try:
        entry = json.loads(lines[start - 1])
    except (ValueError, UnicodeDecodeError, RecursionError):
        return ""
    stamp = entry.get("timestamp") if isinstance(entry, dict) else None
    return stamp if isinstance(stamp, str) else ""


def _blocks(data: bytes) -> Iterator[bytes]:
    """The complete lines of ``data``, about ``_BLOCK_BYTES`` at a time, each block ending
    in a newline.

    Only one block's lines exist at once, so a large log is never split into a million
    objects up front; the torn tail (after the last newline) is in no block.
    """
    pos, size = 0, len(data)
    while pos < size:
        end = data.rfind(b"\n", pos, pos + _BLOCK_BYTES)
        if end < 0:  # one line longer than a block
            end = data.find(b"\n", pos + _BLOCK_BYTES)
            if end < 0:
                return
        yield data[pos : end + 1]
        pos = end + 1


def _first_unprefixed(lines: list[bytes], start: int) -> int | None:
    """Index of the first line that does not start with ``{"index":<its index>,``."""
    prefixes = map(b'{"index":%d,'.__mod__, range(start, start + len(lines)))
    if all(map(bytes.startswith, lines, prefixes)):
        return None
    for i, line in enumerate(lines, start=start):
        if not line.startswith(b'{"index":%d,' % i):
            return i
    return None  # pragma: no cover - all() said one fails


def scan_log(
    data: bytes,
    *,
    root_sizes: Collection[int] = (),
    keep_leaves: bool = False,
    check_json: bool = True,
    fast_json: bool = False,
) -> LogScan:
    """Check every line of ``data`` and hash the well-formed prefix, a block at a time.

    ``roots`` maps each requested size (up to the well-formed count) to the tree root over
    the first that many entries. Every line must start with ``{"index":<i>,``; with
    ``check_json`` each is also parsed and checked as :func:`entry_problem` says, which
    ends the well-formed prefix at the first bad entry. ``fast_json`` only runs the fast
    check alongside and records in ``json_ok`` whether it vouched for every entry.
    """
    torn = data[data.rfind(b"\n") + 1 :]
    scan = _scan_blocks(
        _blocks(data),
        root_sizes=root_sizes,
        keep_leaves=keep_leaves,
        check_json=check_json,
        fast_json=fast_json,
    )
    scan.torn, scan.data = torn, data
    return scan


class _FileBlocks:
    """The complete lines of a binary file, about ``_BLOCK_BYTES`` at a time, each block
    ending in a newline; :attr:`torn` is the tail after the last newline once exhausted."""

    def __init__(self, file: BinaryIO) -> None:
        self._file = file
        self.torn = b""

    def __iter__(self) -> Iterator[bytes]:
        carry = b""
        while chunk := self._file.read(_BLOCK_BYTES):
            end = chunk.rfind(b"\n")
            if end < 0:
                carry += chunk
                continue
            yield carry + chunk[: end + 1]
            carry = chunk[end + 1 :]
        self.torn = carry


def scan_log_file(
    file: BinaryIO, *, root_sizes: Collection[int] = (), fast_json: bool = False
) -> LogScan:
    """:func:`scan_log` (``check_json=False``) over an open file, read a block at a time.

    Only one block is in memory at once, and every block's bytes are both hashed and
    checked, so the result describes one consistent reading. The file's bytes are not
    kept: ``data`` is empty, and a caller that needs the lines (to name damage) reads the
    file again and scans that reading with :func:`scan_log`.
    """
    blocks = _FileBlocks(file)
    scan = _scan_blocks(
        blocks, root_sizes=root_sizes, keep_leaves=False, check_json=False, fast_json=fast_json
    )
    scan.torn = blocks.torn
    return scan


def _scan_blocks(
    blocks: Iterable[bytes],
    *,
    root_sizes: Collection[int],
    keep_leaves: bool,
    check_json: bool,
    fast_json: bool,
) -> LogScan:
    sha256 = hashlib.sha256
    frontier = MerkleFrontier()
    roots: dict[int, bytes] = {}
    leaves: list[bytes] = []
    bad: tuple[int, str] | None = None
    json_ok = fast_json or check_json
    previous = ""
    start = 0
    pending: list[bytes] = []
    for chunk in blocks:
        block = chunk.split(b"\n")
        block.pop()
        if json_ok and (stamp := block_ok(chunk, len(block), start, previous)) is not None:
            # Canonical entries, vouched for by the fast check: index prefixes included.
            previous = stamp
        else:
            cut = _first_unprefixed(block, start)
            if cut is not None:
                bad = (cut, f"entry does not start with its index {cut}")
                block = block[: cut - start]
            if json_ok:
                json_ok = False
                if check_json:
                    json_bad = first_json_problem(block, start, previous, fast=False)
                    if json_bad is not None:
                        bad = json_bad
                        block = block[: json_bad[0] - start]
            elif check_json:
                json_bad = first_json_problem(block, start, previous)
                if json_bad is not None:
                    bad = json_bad
                    block = block[: json_bad[0] - start]
            if check_json:
                previous = timestamp_before(block, len(block)) if block else previous
        hashes = [sha256(b"\x00" + line).digest() for line in block]
        if keep_leaves:
            leaves += hashes
        pending += hashes
        # The frontier takes whole 1024-leaf chunks level by level, so hand it those and
        # keep the rest for the next block (a block holds any number of entries).
        take = len(pending) if bad is not None else len(pending) & -_TREE_CHUNK
        roots.update(extend_frontier(frontier, pending[:take], root_sizes))
        del pending[:take]
        if bad is not None:
            break
        start += len(block)
    roots.update(extend_frontier(frontier, pending, root_sizes))
    if 0 in root_sizes:
        roots[0] = EMPTY_ROOT
    count = bad[0] if bad is not None else start
    return LogScan(
        count=count,
        first_bad_index=None if bad is None else bad[0],
        reason=None if bad is None else bad[1],
        roots=roots,
        frontier=frontier,
        torn=b"",
        data=b"",
        leaf_hashes=leaves,
        json_ok=json_ok and bad is None,
    )
