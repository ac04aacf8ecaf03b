"""The anchor log: every signed checkpoint, recorded outside the run directory as it is made.

A run directory can be rolled back whole: keep an early prefix of ``log.jsonl`` and the
checkpoints that sign it, and the log still verifies. What detects that is a record of
the later checkpoints kept somewhere the run directory's owner does not rewrite with it.
Every :class:`~governance.audit.log.AuditLog` appends one line per checkpoint to the
anchor log ``<DISTILLGATE_HOME>/anchors/anchors.jsonl`` (so killed runs, runs without DP
and every later writer of a run's log are covered), each line naming the log (origin),
the tree size, the root hash, the SHA-256 of the checkpoint's signature and the SHA-256
of the previous line, in canonical JSON::

    {"origin":"distillgate/<run id>","prev":"<64 hex>","root_hash":"<64 hex>",
     "signature_sha256":"<64 hex>","tree_size":1001}

The chain makes an edited or removed line evident (``prev`` of the next line no longer
matches); appending is serialised between processes with ``flock``. A verifier holds a
log to every anchor of its origin: shorter than an anchored size, or a different root at
one, is a rollback. One anchor log serves any number of logs (one per run, or per shard).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from governance import paths
from governance.audit import _durable
from governance.audit.checkpoint import SignedCheckpoint
from governance.audit.quarantine import quarantine_after
from governance.errors import AuditVerificationError

__all__ = [
    "ANCHOR_FILE",
    "GENESIS",
    "Anchor",
    "AnchorChain",
    "AnchorLog",
    "default_anchor_path",
    "read_anchor_chain",
    "read_anchor_file",
]

ANCHOR_FILE = "anchors.jsonl"
GENESIS = "0" * 64
"""``prev`` of the first line."""

_log = logging.getLogger(__name__)
_HEX64 = re.compile(r"[0-9a-f]{64}")
_FIELDS = frozenset({"origin", "prev", "root_hash", "signature_sha256", "tree_size"})
_encode = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode
_TAIL = 1 << 16


def default_anchor_path() -> Path:
    """``<distillgate home>/anchors/anchors.jsonl``."""
    return paths.distillgate_home() / "anchors" / ANCHOR_FILE


def line_hash(line: bytes) -> str:
    """SHA-256 (hex) of one anchor line without its newline: the next line's ``prev``."""
    return hashlib.sha256(line).hexdigest()


@dataclass(frozen=True, slots=True)
class Anchor:
    """One line of the anchor log: log ``origin`` had ``tree_size`` entries with ``root_hash``."""

    origin: str
    tree_size: int
    root_hash: bytes
    signature_sha256: str
    prev: str

    @classmethod
    def for_checkpoint(cls, checkpoint: SignedCheckpoint, *, prev: str) -> Anchor:
        """The anchor of ``checkpoint``, chained after the line whose hash is ``prev``."""
        return cls(
            origin=checkpoint.origin,
            tree_size=checkpoint.tree_size,
            root_hash=checkpoint.root_hash,
            signature_sha256=hashlib.sha256(checkpoint.signature).hexdigest(),
            prev=prev,
        )

    def matches(self, checkpoint: SignedCheckpoint) -> bool:
        """True when ``checkpoint`` is the checkpoint this line anchors."""
        return (
            checkpoint.origin == self.origin
            and checkpoint.tree_size == self.tree_size
            and checkpoint.root_hash == self.root_hash
            and hashlib.sha256(checkpoint.signature).hexdigest() == self.signature_sha256
        )

    def to_line(self) -> bytes:
        """Canonical JSON (sorted keys, compact, ASCII) without the newline."""
        obj = {
            "origin": self.origin,
            "prev": self.prev,
            "root_hash": self.root_hash.hex(),
            "signature_sha256": self.signature_sha256,
            "tree_size": self.tree_size,
        }
        return _encode(obj).encode("ascii")

    @classmethod
    def from_line(cls, line: bytes) -> Anchor:
        """Parse one line, refusing anything but its canonical encoding."""
        try:
            obj = json.loads(line)
        except (ValueError, UnicodeDecodeError) as exc:
            raise AuditVerificationError(f"not valid JSON: {exc}") from exc
        if not isinstance(obj, dict) or set(obj) != _FIELDS:
            raise AuditVerificationError("does not have exactly the anchor fields")
        size, origin = obj["tree_size"], obj["origin"]
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise AuditVerificationError("tree_size is not a non-negative integer")
        hexes = (obj["prev"], obj["root_hash"], obj["signature_sha256"])
        if not isinstance(origin, str) or not all(
            isinstance(h, str) and _HEX64.fullmatch(h) for h in hexes
        ):
            raise AuditVerificationError("origin is not a string or a hash is not 64 hex digits")
        anchor = cls(
            origin, size, bytes.fromhex(obj["root_hash"]), obj["signature_sha256"], obj["prev"]
        )
        if anchor.to_line() != line:
            raise AuditVerificationError("not in canonical form")
        return anchor


@dataclass(frozen=True, slots=True)
class AnchorChain:
    """The anchors read from one file; ``problem`` names the first line that breaks it."""

    anchors: tuple[Anchor, ...]
    problem: str | None
    torn_bytes: int = 0

    def of(self, origin: str) -> tuple[Anchor, ...]:
        """The anchors of the log ``origin``, in the order they were written."""
        return tuple(a for a in self.anchors if a.origin == origin)


def read_anchor_chain(data: bytes, *, chained: bool = True) -> AnchorChain:
    """Every well-formed anchor line of ``data``, and the first problem found.

    With ``chained`` each line's ``prev`` must be the hash of the line before it (the whole
    anchor log); without, the lines may be a selection (those of one run, in a bundle).
    An unterminated last line (a crash while appending) is not an anchor and not a problem.
    """
    lines = data.split(b"\n")
    torn = lines.pop()
    anchors: list[Anchor] = []
    problem: str | None = None
    expected = GENESIS
    for number, line in enumerate(lines, start=1):
        try:
            anchor = Anchor.from_line(line)
        except AuditVerificationError as exc:
            problem = problem or f"line {number}: {exc.message}"
            expected = line_hash(line)
            continue
        if chained and anchor.prev != expected and problem is None:
            problem = (
                f"line {number} does not follow line {number - 1} "
                "(its prev hash differs): the anchor log was edited or lines were removed"
            )
        expected = line_hash(line)
        anchors.append(anchor)
    return AnchorChain(tuple(anchors), problem, len(torn))


def read_anchor_file(path: Path, *, chained: bool = True) -> AnchorChain | None:
    """:func:`read_anchor_chain` of a file; None when it does not exist."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise AuditVerificationError(f"cannot read anchor log {path}: {exc}") from exc
    return read_anchor_chain(data, chained=chained)


class AnchorLog:
    """Appends anchors to one anchor log file (shared by every run of a home)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_anchor_path()

    def append(self, checkpoint: SignedCheckpoint) -> Anchor:
        """Anchor ``checkpoint`` durably (raises OSError on failure)."""
        created = not self.path.exists()
        if created:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # held for one short append; released on exit
            anchor = Anchor.for_checkpoint(checkpoint, prev=self._last_hash(fd))
            _durable.write_all(fd, anchor.to_line() + b"\n")
            _durable.fsync(fd)
        finally:
            os.close(fd)
        if created:
            _durable.fsync_dir(self.path.parent)
        return anchor

    def _last_hash(self, fd: int) -> str:
        """Hash of the last complete line (quarantining a torn tail first), or GENESIS."""
        size = os.fstat(fd).st_size
        tail = os.pread(fd, min(size, _TAIL), max(0, size - _TAIL))
        if tail and not tail.endswith(b"\n"):
            cut = tail.rfind(b"\n") + 1
            if cut == 0 and size > len(tail):
                tail = os.pread(fd, size, 0)
                cut = tail.rfind(b"\n") + 1
            moved = tail[cut:]
            q = quarantine_after(self.path, fd, keep=size - len(moved), moved=moved, kept=0)
            _log.warning("anchor log %s: moved a torn line to %s", self.path, q.quarantine_path)
            tail = tail[:cut]
        if not tail:
            return GENESIS
        start = tail.rfind(b"\n", 0, len(tail) - 1) + 1
        if start == 0 and size > len(tail):
            whole = os.pread(fd, os.fstat(fd).st_size, 0)
            start, tail = whole.rfind(b"\n", 0, len(whole) - 1) + 1, whole
        return line_hash(tail[start:-1])

    def anchors_of(self, origin: str) -> tuple[Anchor, ...]:
        """The anchors of the log ``origin`` in this file (none when there is no file)."""
        chain = read_anchor_file(self.path, chained=False)
        return chain.of(origin) if chain is not None else ()
