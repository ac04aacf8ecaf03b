"""The append-only audit log: buffered appends, group-commit fsync, signed checkpoints.

``<audit_dir>/log.jsonl`` holds one canonical JSON entry per line (the exact line bytes are
the RFC 6962 leaf data); ``checkpoints.jsonl`` holds signed tree heads; ``signer.pub`` is a
convenience copy of the signing public keys (trust comes from the trust file).

``sync`` makes the buffered entries durable and signs a checkpoint over them (one write
and fsync per batch, then one signed tree head, also anchored outside the run directory:
:mod:`governance.audit.anchors`); ``commit`` does the same on a background thread while
appending goes on, and ``wait`` or ``durable_size`` tells when it is done. An entry is
acknowledged only once a signed checkpoint covers it, so no acknowledged entry is ever
unsigned. On :meth:`AuditLog.open` whatever no checkpoint signs is untrusted: it is
quarantined and the quarantine recorded as an ``audit_quarantine`` entry
(:mod:`governance.audit._resume`). Fail closed: any OSError while making entries durable
raises :class:`~governance.errors.AuditWriteError` and poisons the log, so every later
append raises too and the action an entry would cover never happens. Not safe for
concurrent writers; a second process opening the same log is refused (``flock``).

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
import threading
from collections.abc import Mapping
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
from governance.audit._resume import CHECKPOINTS_FILE, LOG_FILE, Recovered, recover
from governance.audit.anchors import AnchorLog
from governance.audit.checkpoint import SignedCheckpoint
from governance.audit.events import EventKind
from governance.audit.keys import Signer
from governance.audit.merkle import MerkleFrontier
from governance.audit.quarantine import Quarantined, quarantine_payload
from governance.errors import AuditError, AuditWriteError
from governance.jsontypes import JsonValue

__all__ = ["CHECKPOINTS_FILE", "LOG_FILE", "SIGNER_FILE", "AuditLog", "Quarantined"]

SIGNER_FILE = _durable.SIGNER_FILE
_NO_POLICY = "0" * 64
"""Policy hash of a quarantine entry in a log that has no trusted entry to take one from."""

_log = logging.getLogger(__name__)
_sha256 = hashlib.sha256


class AuditLog:
    """A writer for one run's audit log. Build it with :meth:`create` or :meth:`open`.

    ``anchors`` is the anchor log every checkpoint is recorded in (default: the one under
    ``DISTILLGATE_HOME``).
    """

    def __init__(
        self,
        audit_dir: Path,
        *,
        signer: Signer,
        origin: str,
        log_fd: int,
        checkpoints_fd: int,
        anchors: AnchorLog,
        frontier: MerkleFrontier,
        last_checkpoint: SignedCheckpoint | None,
        last_timestamp: str = "",
    ) -> None:
        self.audit_dir = audit_dir
        self.signer = signer
        self.origin = origin
        self.anchors = anchors
        self.recovery: tuple[Quarantined, ...] = ()
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
        cls, audit_dir: Path, *, signer: Signer, origin: str, anchors: AnchorLog | None = None
    ) -> AuditLog:
        """Start a new, empty log in ``audit_dir`` (created if needed; must not hold a log)."""
        _check_origin(origin)
        audit_dir = Path(audit_dir)
        fds = _durable.create_log_files(audit_dir, (LOG_FILE, CHECKPOINTS_FILE), signer)
        return cls(
            audit_dir,
            signer=signer,
            origin=origin,
            log_fd=fds[0],
            checkpoints_fd=fds[1],
            anchors=anchors if anchors is not None else AnchorLog(),
            frontier=MerkleFrontier(),
            last_checkpoint=None,
        )

    @classmethod
    def open(
        cls,
        audit_dir: Path,
        *,
        signer: Signer,
        origin: str,
        anchors: AnchorLog | None = None,
        policy_hash: str | None = None,
    ) -> AuditLog:
        """Resume an existing log, cut back to what its signed checkpoints cover.

        Refused when the signed prefix is damaged or the log is behind an anchor of its
        ``origin`` (a rollback). Entries no checkpoint signs, and torn lines, are moved to a
        quarantine file (:attr:`recovery`) and each quarantine is recorded, signed, as an
        ``audit_quarantine`` entry under ``policy_hash`` (default: that of the last trusted
        entry). The caller redoes the work the quarantined entries covered.
        """
        _check_origin(origin)
        audit_dir = Path(audit_dir)
        anchor_log = anchors if anchors is not None else AnchorLog()
        fds = _durable.open_log_files(audit_dir, (LOG_FILE, CHECKPOINTS_FILE))
        try:
            state = recover(audit_dir, fds[0], fds[1], origin=origin, anchors=anchor_log)
            _durable.write_signer_pub(audit_dir, signer)
        except OSError as exc:
            _durable.close_all(fds)
            raise AuditWriteError(f"cannot open audit log in {audit_dir}: {exc}") from exc
        except AuditError:
            _durable.close_all(fds)
            raise
        log = cls(
            audit_dir,
            signer=signer,
            origin=origin,
            log_fd=fds[0],
            checkpoints_fd=fds[1],
            anchors=anchor_log,
            frontier=state.frontier,
            last_checkpoint=state.last_checkpoint,
            last_timestamp=state.last_timestamp,
        )
        try:
            log._record_recovery(state, policy_hash or state.last_policy_hash or _NO_POLICY)
        except BaseException:
            log._closed = True
            _durable.close_all(fds)
            raise
        return log

    def _record_recovery(self, state: Recovered, policy_hash: str) -> None:
        """Anchor a checkpoint the anchor log missed; log each quarantine as a signed entry."""
        self.recovery = state.quarantined
        if state.anchor_behind and state.last_checkpoint is not None:
            self._anchor(state.last_checkpoint)
        for side in state.quarantined:
            _log.warning(
                "audit log %s: quarantined %d bytes (%d unsigned entries) of %s into %s",
                self.audit_dir,
                side.byte_length,
                side.entries,
                side.file,
                side.quarantine_path.name,
            )
            reason = (
                "entries past the last signed checkpoint and torn lines are untrusted"
                if side.file == LOG_FILE
                else "a torn checkpoint line"
            )
            self.append(
                EventKind.AUDIT_QUARANTINE,
                quarantine_payload(side, reason=reason),
                policy_hash=policy_hash,
            )
        if state.quarantined:
            self.sync()

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
        """Group commit: write every buffered entry, fsync, sign a checkpoint over them and
        anchor it; raise AuditWriteError on failure."""
        with self._lock:
            self._write(self._take_batch_locked())

    def commit(self) -> int:
        """Start :meth:`sync` in the background; return the size it will make durable.

        Appends may go on meanwhile, but an entry is acknowledged only once
        :attr:`durable_size` covers it or :meth:`wait` has returned. At most one commit is in
        flight: the next call that writes first waits for it and raises its AuditWriteError.
        """
        with self._lock:
            batch = self._take_batch_locked()
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
        """Sync and return the signed checkpoint that covers every entry appended so far."""
        with self._lock:
            self._write(self._take_batch_locked())
            if self._last_checkpoint is None:  # an empty log: sign its empty tree head
                self._write_checkpoint(0, self._frontier.root())
            assert self._last_checkpoint is not None
            return self._last_checkpoint

    def close(self) -> None:
        """Write a final checkpoint (unless the log failed) and release the files."""
        if self._closed:
            return
        try:
            with self._lock:
                self._wait_locked()  # a background failure nobody has seen yet is raised
            if self._failure is None:
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

    def _take_batch_locked(self) -> Batch:
        self._wait_locked()
        self._usable()
        data = b"\n".join(self._buffer) + b"\n" if self._buffer else b""
        self._buffer.clear()
        size = self._frontier.size
        due = size > self._checkpointed_size()
        return Batch(data, size, self._frontier.root() if due else None)

    def _write(self, batch: Batch) -> None:
        """Make ``batch`` durable, then sign and anchor its checkpoint (any thread).

        The entries count as durable (acknowledged) only once the checkpoint is written.
        """
        if batch.data:
            try:
                _durable.write_all(self._log_fd, batch.data)
                _durable.fsync(self._log_fd)
            except OSError as exc:
                raise self._fail("write log.jsonl", exc) from exc
        if batch.checkpoint_root is not None:
            self._write_checkpoint(batch.size, batch.checkpoint_root)
        self._durable = batch.size

    def _write_checkpoint(self, size: int, root: bytes) -> SignedCheckpoint:
        cp = SignedCheckpoint.sign(self.signer, origin=self.origin, tree_size=size, root_hash=root)
        try:
            _durable.write_all(self._cp_fd, cp.to_json_line() + b"\n")
            _durable.fsync(self._cp_fd)
        except OSError as exc:
            raise self._fail("write checkpoints.jsonl", exc) from exc
        self._last_checkpoint = cp
        self._anchor(cp)
        return cp

    def _anchor(self, cp: SignedCheckpoint) -> None:
        try:
            self.anchors.append(cp)
        except OSError as exc:
            raise self._fail(f"write the anchor log {self.anchors.path}", exc) from exc


def _check_origin(origin: str) -> None:
    if not origin or "\n" in origin or origin != origin.strip():
        raise AuditError(f"bad audit log origin {origin!r}", hint="e.g. distillgate/<run-id>")
