"""The append-only audit log: buffered appends, group-commit fsync, signed checkpoints.

``<audit_dir>/log.jsonl`` holds one canonical JSON entry per line (the exact line bytes are
the RFC 6962 leaf data); ``checkpoints.jsonl`` holds signed tree heads; ``signer.pub`` is a
convenience copy of the signing public keys (trust comes from the trust file).

``sync`` makes the buffered entries durable (one write and fsync per batch); ``commit``
does the same on a background thread while appending goes on, and ``wait`` or
``durable_size`` tells when it is done. Fail closed: any OSError while making entries
durable raises :class:`~governance.errors.AuditWriteError` and poisons the log, so every
later append raises too and the action an entry would cover never happens. Not safe for concurrent
writers; a second process opening the same log is refused (``flock``).

>>> import tempfile, pathlib
>>> from governance.audit.keys import Signer
>>> d = pathlib.Path(tempfile.mkdtemp()) / "audit"
>>> with AuditLog.create(d, signer=Signer.ephemeral(), origin="doc/run") as log:
...     log.append_durable(EventKind.RUN_STARTED, {"run_id": "r1"}, policy_hash="0" * 64)
0
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Self

from governance.audit import _durable
from governance.audit._commit import Batch, InFlight
from governance.audit._entry import (
    KIND_VALUES,
    POLICY_HASH_RE,
    encode_payload,
    entry_line,
    utc_timestamp,
)
from governance.audit._scan import scan_log, split_lines, timestamp_before
from governance.audit.checkpoint import SignedCheckpoint
from governance.audit.events import EventKind
from governance.audit.keys import Signer
from governance.audit.merkle import MerkleFrontier
from governance.errors import AuditError, AuditVerificationError, AuditWriteError
from governance.jsontypes import JsonValue

__all__ = ["CHECKPOINTS_FILE", "LOG_FILE", "SIGNER_FILE", "AuditLog", "RecoveryNotice"]

LOG_FILE = "log.jsonl"
CHECKPOINTS_FILE = "checkpoints.jsonl"
SIGNER_FILE = _durable.SIGNER_FILE

_log = logging.getLogger(__name__)
_sha256 = hashlib.sha256


@dataclass(frozen=True, slots=True)
class RecoveryNotice:
    """A torn (unterminated) tail found on open and moved to ``quarantine_path``."""

    file: str
    quarantine_path: Path
    torn_bytes: int
    entries_kept: int


class AuditLog:
    """A writer for one run's audit log. Build it with :meth:`create` or :meth:`open`."""

    def __init__(
        self,
        audit_dir: Path,
        *,
        signer: Signer,
        origin: str,
        checkpoint_every: int,
        log_fd: int,
        checkpoints_fd: int,
        frontier: MerkleFrontier,
        last_checkpoint: SignedCheckpoint | None,
        recovery: tuple[RecoveryNotice, ...] = (),
        last_timestamp: str = "",
    ) -> None:
        if checkpoint_every < 1:
            raise AuditError(f"checkpoint_every must be >= 1, got {checkpoint_every}")
        self.audit_dir = audit_dir
        self.signer = signer
        self.origin = origin
        self.checkpoint_every = checkpoint_every
        self.recovery = recovery
        self._log_fd = log_fd
        self._cp_fd = checkpoints_fd
        self._frontier = frontier
        self._durable = frontier.size
        self._last_checkpoint = last_checkpoint
        self._buffer: list[bytes] = []
        self._last_timestamp = last_timestamp
        self._checked_policy_hash = ""
        self._failure: str | None = None
        self._closed = False
        self._lock = threading.Lock()
        self._inflight: InFlight | None = None

    # -- construction ---------------------------------------------------------------------

    @classmethod
    def create(
        cls, audit_dir: Path, *, signer: Signer, origin: str, checkpoint_every: int = 1000
    ) -> AuditLog:
        """Start a new, empty log in ``audit_dir`` (created if needed; must not hold a log)."""
        _check_origin(origin)
        audit_dir = Path(audit_dir)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | os.O_CLOEXEC
        fds: list[int] = []
        try:
            audit_dir.mkdir(parents=True, exist_ok=True)
            fds.append(os.open(audit_dir / LOG_FILE, flags, 0o644))
            _durable.lock_or_refuse(fds[0], audit_dir)
            fds.append(os.open(audit_dir / CHECKPOINTS_FILE, flags, 0o644))
            _durable.write_signer_pub(audit_dir, signer)
            for fd in fds:
                _durable.fsync(fd)
            _durable.fsync_dir(audit_dir)
            _durable.fsync_dir(audit_dir.parent)
        except FileExistsError as exc:
            _durable.close_all(fds)
            raise AuditWriteError(
                f"an audit log already exists in {audit_dir}",
                hint="resume it with AuditLog.open, or use a new run directory",
            ) from exc
        except OSError as exc:
            _durable.close_all(fds)
            raise AuditWriteError(f"cannot create audit log in {audit_dir}: {exc}") from exc
        return cls(
            audit_dir,
            signer=signer,
            origin=origin,
            checkpoint_every=checkpoint_every,
            log_fd=fds[0],
            checkpoints_fd=fds[1],
            frontier=MerkleFrontier(),
            last_checkpoint=None,
        )

    @classmethod
    def open(
        cls, audit_dir: Path, *, signer: Signer, origin: str, checkpoint_every: int = 1000
    ) -> AuditLog:
        """Resume an existing log: quarantine a torn tail, check it against its checkpoints."""
        _check_origin(origin)
        audit_dir = Path(audit_dir)
        fds: list[int] = []
        try:
            fds.append(os.open(audit_dir / LOG_FILE, os.O_RDWR | os.O_APPEND | os.O_CLOEXEC))
            _durable.lock_or_refuse(fds[0], audit_dir)
            fds.append(
                os.open(audit_dir / CHECKPOINTS_FILE, os.O_RDWR | os.O_APPEND | os.O_CLOEXEC)
            )
            return cls._resume(audit_dir, fds, signer, origin, checkpoint_every)
        except FileNotFoundError as exc:
            _durable.close_all(fds)
            raise AuditWriteError(
                f"no audit log in {audit_dir}", hint="create it with AuditLog.create"
            ) from exc
        except OSError as exc:
            _durable.close_all(fds)
            raise AuditWriteError(f"cannot open audit log in {audit_dir}: {exc}") from exc
        except AuditError:
            _durable.close_all(fds)
            raise

    @classmethod
    def _resume(
        cls, audit_dir: Path, fds: list[int], signer: Signer, origin: str, every: int
    ) -> AuditLog:
        notices: list[RecoveryNotice] = []
        cp_lines, cp_torn = split_lines(_durable.read_all(fds[1]))
        if cp_torn:
            side = _durable.quarantine_tail(audit_dir / CHECKPOINTS_FILE, fds[1], cp_torn)
            notices.append(RecoveryNotice(CHECKPOINTS_FILE, side, len(cp_torn), len(cp_lines)))
        checkpoints = [SignedCheckpoint.from_json_line(line) for line in cp_lines]
        for cp in checkpoints:
            if cp.origin != origin:
                raise AuditVerificationError(
                    f"checkpoint origin {cp.origin!r} differs from {origin!r} in {audit_dir}"
                )
        scan = scan_log(_durable.read_all(fds[0]), root_sizes={cp.tree_size for cp in checkpoints})
        if scan.first_bad_index is not None:
            raise AuditVerificationError(
                f"audit log {audit_dir} is damaged at entry {scan.first_bad_index}: {scan.reason}",
                hint="run `distillgate audit verify` on the run directory",
            )
        for cp in checkpoints:
            if scan.roots.get(cp.tree_size) != cp.root_hash:
                raise AuditVerificationError(
                    f"audit log {audit_dir} does not match its checkpoint of "
                    f"{cp.tree_size} entries",
                    hint="run `distillgate audit verify` on the run directory",
                )
        if scan.torn:
            side = _durable.quarantine_tail(audit_dir / LOG_FILE, fds[0], scan.torn)
            notices.append(RecoveryNotice(LOG_FILE, side, len(scan.torn), scan.count))
        _durable.write_signer_pub(audit_dir, signer)
        for notice in notices:
            _log.warning(
                "audit log %s: quarantined a torn tail of %d bytes of %s into %s",
                audit_dir,
                notice.torn_bytes,
                notice.file,
                notice.quarantine_path.name,
            )
        return cls(
            audit_dir,
            signer=signer,
            origin=origin,
            checkpoint_every=every,
            log_fd=fds[0],
            checkpoints_fd=fds[1],
            frontier=scan.frontier,
            last_checkpoint=checkpoints[-1] if checkpoints else None,
            recovery=tuple(notices),
            last_timestamp=timestamp_before(scan.lines, scan.count),
        )

    # -- state ----------------------------------------------------------------------------

    @property
    def size(self) -> int:
        """Number of entries appended (durable or still buffered)."""
        return self._frontier.size

    @property
    def durable_size(self) -> int:
        """Number of entries known to be on stable storage."""
        return self._durable

    @property
    def last_checkpoint(self) -> SignedCheckpoint | None:
        """The most recent checkpoint written (or found on open)."""
        return self._last_checkpoint

    @property
    def failed(self) -> bool:
        """True after a write failure: the log refuses every further append."""
        return self._failure is not None

    def _usable(self) -> None:
        if self._failure is not None:
            raise AuditWriteError(
                f"audit log {self.audit_dir} refuses appends after a write failure: "
                f"{self._failure}",
                hint="the run must stop; check disk space and permissions",
            )
        if self._closed:
            raise AuditWriteError(f"audit log {self.audit_dir} is closed")

    # -- writing --------------------------------------------------------------------------

    def append(
        self, kind: EventKind | str, payload: Mapping[str, JsonValue], *, policy_hash: str
    ) -> int:
        """Buffer one entry and return its index; it is durable only after :meth:`sync`."""
        kind_value = KIND_VALUES.get(kind) if isinstance(kind, str) else None
        if kind_value is None:
            raise AuditWriteError(f"unknown audit event kind {kind!r}")
        if policy_hash != self._checked_policy_hash:  # one run rarely changes its policy
            if type(policy_hash) is not str:
                raise AuditWriteError(f"policy_hash must be a string, got {type(policy_hash)}")
            if not POLICY_HASH_RE.fullmatch(policy_hash):
                raise AuditWriteError(
                    f"policy_hash must be 64 lowercase hex digits (a SHA-256), got {policy_hash!r}"
                )
            self._checked_policy_hash = policy_hash
        if type(payload) is not dict:
            payload = dict(payload)
        try:
            payload_json = encode_payload(payload)
        except (TypeError, ValueError) as exc:
            raise AuditWriteError(f"audit payload for {kind_value} is not JSON: {exc}") from exc
        with self._lock:
            self._usable()
            index = self._frontier.size
            timestamp = utc_timestamp()
            if timestamp < self._last_timestamp:  # the clock stepped back: never go back
                timestamp = self._last_timestamp
            self._last_timestamp = timestamp
            line = entry_line(index, kind_value, payload_json, policy_hash, timestamp)
            self._frontier.append(_sha256(b"\x00" + line).digest())
            self._buffer.append(line)
            return index

    def sync(self) -> None:
        """Group commit: write every buffered entry and fsync; raise AuditWriteError on failure.

        A checkpoint is signed and written too when ``checkpoint_every`` entries are unsigned.
        """
        with self._lock:
            self._write(self._take_batch_locked(checkpoint_due=True))

    def commit(self) -> int:
        """Start :meth:`sync` in the background; return the size it will make durable.

        Appends may go on meanwhile, but an entry is acknowledged only once
        :attr:`durable_size` covers it or :meth:`wait` has returned. At most one commit is in
        flight: the next call that writes first waits for it and raises its AuditWriteError.
        """
        with self._lock:
            batch = self._take_batch_locked(checkpoint_due=True)
            self._inflight = InFlight(lambda: self._write(batch))
            return batch.size

    def wait(self) -> int:
        """Wait for the commit in flight (raising its AuditWriteError); return durable_size."""
        with self._lock:
            self._wait_locked()
            return self._durable

    def append_durable(
        self, kind: EventKind | str, payload: Mapping[str, JsonValue], *, policy_hash: str
    ) -> int:
        """:meth:`append` then :meth:`sync`; return the index once it is on disk."""
        index = self.append(kind, payload, policy_hash=policy_hash)
        self.sync()
        return index

    def checkpoint(self) -> SignedCheckpoint:
        """Sync, sign the tree head and append it durably to ``checkpoints.jsonl``."""
        with self._lock:
            self._write(self._take_batch_locked(checkpoint_due=False))
            return self._write_checkpoint(self._frontier.size, self._frontier.root())

    def close(self) -> None:
        """Write a final checkpoint (unless the log failed) and release the files."""
        if self._closed:
            return
        try:
            with self._lock:
                self._wait_locked()  # a background failure nobody has seen yet is raised
            if self._failure is None and (
                self._last_checkpoint is None or self._checkpointed_size() != self.size
            ):
                self.checkpoint()
        finally:
            self._closed = True
            _durable.close_all([self._log_fd, self._cp_fd])

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- internals ------------------------------------------------------------------------

    def _checkpointed_size(self) -> int:
        return self._last_checkpoint.tree_size if self._last_checkpoint is not None else 0

    def _fail(self, what: str, exc: OSError) -> AuditWriteError:
        self._failure = f"{what}: {exc}"
        self._buffer.clear()
        _log.error("audit log %s failed (%s); refusing further appends", self.audit_dir, what)
        return AuditWriteError(
            f"cannot make audit entries durable in {self.audit_dir}: {what}: {exc}",
            hint="the covered action did not happen; check disk space and permissions",
        )

    def _wait_locked(self) -> None:
        inflight, self._inflight = self._inflight, None
        if inflight is not None:
            inflight.wait()

    def _take_batch_locked(self, *, checkpoint_due: bool) -> Batch:
        self._wait_locked()
        self._usable()
        data = b"\n".join(self._buffer) + b"\n" if self._buffer else b""
        self._buffer.clear()
        size = self._frontier.size
        due = checkpoint_due and size - self._checkpointed_size() >= self.checkpoint_every
        return Batch(data, size, self._frontier.root() if due else None)

    def _write(self, batch: Batch) -> None:
        """Make ``batch`` durable, then sign its checkpoint if one is due (any thread)."""
        if batch.data:
            try:
                _durable.write_all(self._log_fd, batch.data)
                _durable.fsync(self._log_fd)
            except OSError as exc:
                raise self._fail("write log.jsonl", exc) from exc
            self._durable = batch.size
        if batch.checkpoint_root is not None:
            self._write_checkpoint(batch.size, batch.checkpoint_root)

    def _write_checkpoint(self, size: int, root: bytes) -> SignedCheckpoint:
        cp = SignedCheckpoint.sign(self.signer, origin=self.origin, tree_size=size, root_hash=root)
        try:
            _durable.write_all(self._cp_fd, cp.to_json_line() + b"\n")
            _durable.fsync(self._cp_fd)
        except OSError as exc:
            raise self._fail("write checkpoints.jsonl", exc) from exc
        self._last_checkpoint = cp
        return cp


def _check_origin(origin: str) -> None:
    if not origin or "\n" in origin or origin != origin.strip():
        raise AuditError(f"bad audit log origin {origin!r}", hint="e.g. distillgate/<run-id>")
