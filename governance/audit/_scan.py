"""One pass over ``log.jsonl`` bytes: entry checks, leaf hashes and tree heads.

Shared by :mod:`governance.audit.log` (resume) and :mod:`governance.audit.verify`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass, field

from governance.audit._entry import ENTRY_FIELDS, entry_problem
from governance.audit._fastcheck import entries_ok
from governance.audit.merkle import MerkleFrontier, extend_frontier

__all__ = [
    "ENTRY_FIELDS",
    "LogScan",
    "entry_problem",
    "first_json_problem",
    "scan_log",
    "split_lines",
    "timestamp_before",
]

_BLOCK = 1 << 16


@dataclass(slots=True)
class LogScan:
    """Result of :func:`scan_log`: entries ``[0, count)`` are well formed."""

    count: int
    first_bad_index: int | None
    reason: str | None
    roots: dict[int, bytes]
    frontier: MerkleFrontier
    torn: bytes
    lines: list[bytes]
    leaf_hashes: list[bytes] = field(default_factory=list)


def split_lines(data: bytes) -> tuple[list[bytes], bytes]:
    """Complete lines (without newline) and the unterminated tail after the last newline."""
    end = data.rfind(b"\n") + 1
    if end == 0:
        return [], data
    return data[: end - 1].split(b"\n"), data[end:]


def first_json_problem(
    lines: list[bytes], start: int = 0, previous_timestamp: str = ""
) -> tuple[int, str] | None:
    """The first entry of ``lines`` (numbered from ``start``) that is not a valid entry.

    ``previous_timestamp`` is the timestamp of entry ``start - 1`` (entries never go back in
    time). The fast check vouches for the common case; the reference names the problem.
    """
    if entries_ok(lines, start, previous_timestamp):
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


def scan_log(
    data: bytes,
    *,
    root_sizes: Collection[int] = (),
    keep_leaves: bool = False,
    check_json: bool = True,
) -> LogScan:
    """Check every line of ``data`` and hash the well-formed prefix.

    ``roots`` maps each requested size (up to the well-formed count) to the tree root over
    the first that many entries. Every line must start with ``{"index":<i>,``; with
    ``check_json`` each is also parsed and checked field by field (integrity itself comes
    from the signed roots).
    """
    lines, torn = split_lines(data)
    sha256 = hashlib.sha256
    bad: tuple[int, str] | None = None
    prefixes = map(b'{"index":%d,'.__mod__, range(len(lines)))
    if not all(map(bytes.startswith, lines, prefixes)):
        for i, line in enumerate(lines):
            if not line.startswith(b'{"index":%d,' % i):
                bad = (i, f"entry does not start with its index {i}")
                break
    if check_json:
        json_bad = first_json_problem(lines[: bad[0]] if bad is not None else lines)
        if json_bad is not None:
            bad = json_bad
    count = bad[0] if bad is not None else len(lines)
    frontier = MerkleFrontier()
    roots: dict[int, bytes] = {}
    leaves: list[bytes] = []
    for block in range(0, max(count, 1), _BLOCK):  # leaf hashes a block at a time
        hashes = [
            sha256(b"\x00" + line).digest() for line in lines[block : min(count, block + _BLOCK)]
        ]
        roots.update(extend_frontier(frontier, hashes, root_sizes))
        if keep_leaves:
            leaves += hashes
    return LogScan(
        count=count,
        first_bad_index=None if bad is None else bad[0],
        reason=None if bad is None else bad[1],
        roots=roots,
        frontier=frontier,
        torn=torn,
        lines=lines,
        leaf_hashes=leaves,
    )
