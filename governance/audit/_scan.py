"""One pass over ``log.jsonl`` bytes: entry checks, leaf hashes and tree heads.

Shared by :mod:`governance.audit.log` (resume) and :mod:`governance.audit.verify`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass, field

from governance.audit.events import EventKind
from governance.audit.merkle import MerkleFrontier

__all__ = [
    "ENTRY_FIELDS",
    "LogScan",
    "entry_problem",
    "first_json_problem",
    "scan_log",
    "split_lines",
]

ENTRY_FIELDS = frozenset({"index", "timestamp", "kind", "policy_hash", "payload"})
_KINDS = frozenset(k.value for k in EventKind)


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


def entry_problem(entry: object, index: int) -> str | None:
    """Why a parsed entry is not a valid entry number ``index``, or None."""
    if type(entry) is not dict or entry.keys() != ENTRY_FIELDS:
        return "entry does not have exactly the fields index, timestamp, kind, policy_hash, payload"
    got = entry["index"]
    if type(got) is not int or got != index:
        return f"entry index is {got!r}, expected {index}"
    if entry["kind"] not in _KINDS:
        return f"unknown event kind {entry['kind']!r}"
    if type(entry["timestamp"]) is not str or type(entry["policy_hash"]) is not str:
        return "timestamp or policy_hash is not a string"
    if type(entry["payload"]) is not dict:
        return "payload is not a JSON object"
    return None


def first_json_problem(lines: list[bytes], start: int = 0) -> tuple[int, str] | None:
    """The first entry of ``lines`` (numbered from ``start``) that is not a valid entry."""
    loads = json.loads
    try:
        parsed = loads(b"[" + b",".join(lines) + b"]") if lines else []
    except (ValueError, UnicodeDecodeError):
        parsed = None
    if parsed is None or len(parsed) != len(lines):
        parsed = []
        for i, line in enumerate(lines):
            try:
                parsed.append(loads(line))
            except (ValueError, UnicodeDecodeError) as exc:
                return start + i, f"entry is not valid JSON: {exc}"
    for i, entry in enumerate(parsed, start=start):
        problem = entry_problem(entry, i)
        if problem is not None:
            return i, problem
    return None


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
    frontier = MerkleFrontier()
    stack = frontier._stack
    wanted = set(root_sizes)
    roots: dict[int, bytes] = {}
    if 0 in wanted:
        roots[0] = frontier.root()
    leaves: list[bytes] = []
    bad: tuple[int, str] | None = None
    for i, line in enumerate(lines):
        if not line.startswith(b'{"index":%d,' % i):
            bad = (i, f"entry does not start with its index {i}")
            break
        h = sha256(b"\x00" + line).digest()
        if keep_leaves:
            leaves.append(h)
        size = i
        while size & 1:
            h = sha256(b"\x01" + stack.pop() + h).digest()
            size >>= 1
        stack.append(h)
        if i + 1 in wanted:
            frontier.size = i + 1
            roots[i + 1] = frontier.root()
    if check_json:
        json_bad = first_json_problem(lines[: bad[0]] if bad is not None else lines)
        if json_bad is not None:
            bad = json_bad
            roots = {size: root for size, root in roots.items() if size <= json_bad[0]}
            del leaves[json_bad[0] :]
            frontier = MerkleFrontier()  # rare path: rebuild over the well-formed prefix
            for line in lines[: json_bad[0]]:
                frontier.append(sha256(b"\x00" + line).digest())
    count = bad[0] if bad is not None else len(lines)
    frontier.size = count
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
