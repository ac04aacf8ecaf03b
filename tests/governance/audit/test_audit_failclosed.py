"""Fail closed: a write that cannot be made durable raises and poisons the log."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from audit_helpers import ORIGIN, POLICY_HASH, trust_for

from governance.audit import _durable
from governance.audit.events import EventKind
from governance.audit.keys import Signer
from governance.audit.log import AuditLog
from governance.audit.verify import verify_audit
from governance.errors import AuditWriteError

SIGNER = Signer.ephemeral(name="failclosed")


def _redirect_to_dev_full(fd: int) -> None:
    """Make every later write on ``fd`` fail with ENOSPC, as on a full disk."""
    full = os.open("/dev/full", os.O_WRONLY)
    os.dup2(full, fd)
    os.close(full)


class _Teacher:
    """Stands in for the teacher call an entry covers: counts the calls that happen."""

    def __init__(self) -> None:
        self.calls = 0

    def complete(self) -> None:
        self.calls += 1


def _governed_calls(log: AuditLog, teacher: _Teacher, n: int) -> None:
    """The governed loop's contract: the decision is durable before the teacher call."""
    for i in range(n):
        log.append_durable(EventKind.PROMPT_DECISION, {"i": i}, policy_hash=POLICY_HASH)
        teacher.complete()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_disk_full_raises_poisons_and_no_teacher_call_happens(tmp_path: Path) -> None:
    log = AuditLog.create(tmp_path / "audit", signer=SIGNER, origin=ORIGIN)
    teacher = _Teacher()
    _governed_calls(log, teacher, 3)
    assert teacher.calls == 3
    _redirect_to_dev_full(log._log_fd)
    with pytest.raises(AuditWriteError, match="No space left on device"):
        _governed_calls(log, teacher, 5)
    assert teacher.calls == 3 and log.failed and log.durable_size == 3
    for attempt in (
        lambda: log.append(EventKind.TEACHER_CALL, {}, policy_hash=POLICY_HASH),
        log.sync,
        log.checkpoint,
    ):
        with pytest.raises(AuditWriteError, match="refuses appends after a write failure"):
            attempt()
    log.close()  # no final checkpoint after a failure, and no exception
    # Each acknowledged entry was signed with its commit; nothing after the failure was.
    checkpoints = (tmp_path / "audit" / "checkpoints.jsonl").read_bytes().splitlines()
    assert [json.loads(line)["tree_size"] for line in checkpoints] == [1, 2, 3]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_checkpoint_write_failure_poisons(tmp_path: Path) -> None:
    log = AuditLog.create(tmp_path / "audit", signer=SIGNER, origin=ORIGIN)
    log.append_durable(EventKind.RUN_STARTED, {}, policy_hash=POLICY_HASH)
    _redirect_to_dev_full(log._cp_fd)
    log.append(EventKind.PROMPT_DECISION, {}, policy_hash=POLICY_HASH)
    with pytest.raises(AuditWriteError, match=r"checkpoints\.jsonl"):
        log.sync()
    assert log.durable_size == 1  # written but never signed: not acknowledged
    with pytest.raises(AuditWriteError):
        log.append(EventKind.RUN_ENDED, {}, policy_hash=POLICY_HASH)
    log.close()


def test_fsync_error_is_never_retried_into_success(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = AuditLog.create(tmp_path / "audit", signer=SIGNER, origin=ORIGIN)
    calls: list[int] = []

    def failing_fsync(fd: int) -> None:
        calls.append(fd)
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(_durable, "fsync", failing_fsync)
    log.append(EventKind.PROMPT_DECISION, {"i": 0}, policy_hash=POLICY_HASH)
    with pytest.raises(AuditWriteError, match="Input/output error"):
        log.sync()
    monkeypatch.undo()  # the disk "recovers": the log must still refuse
    with pytest.raises(AuditWriteError, match="write failure"):
        log.append_durable(EventKind.PROMPT_DECISION, {"i": 1}, policy_hash=POLICY_HASH)
    assert len(calls) == 1 and log.durable_size == 0
    log.close()


def test_short_writes_are_completed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write

    def one_byte_at_a_time(fd: int, data: bytes | memoryview) -> int:
        return real_write(fd, bytes(data[:1]))

    log = AuditLog.create(tmp_path / "audit", signer=SIGNER, origin=ORIGIN)
    monkeypatch.setattr(_durable.os, "write", one_byte_at_a_time)
    log.append_durable(EventKind.RUN_STARTED, {"x": "y"}, policy_hash=POLICY_HASH)
    monkeypatch.undo()
    log.close()
    assert verify_audit(tmp_path / "audit", trust=trust_for(SIGNER)).ok


def test_unwritable_location_raises(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    with pytest.raises(AuditWriteError, match="cannot create audit log"):
        AuditLog.create(blocker / "audit", signer=SIGNER, origin=ORIGIN)


def test_payload_that_is_not_json_is_refused_without_poisoning(tmp_path: Path) -> None:
    with AuditLog.create(tmp_path / "audit", signer=SIGNER, origin=ORIGIN) as log:
        with pytest.raises(AuditWriteError, match="not JSON"):
            log.append(EventKind.EXPORT, {"v": float("nan")}, policy_hash=POLICY_HASH)
        with pytest.raises(AuditWriteError, match="not JSON"):
            log.append(EventKind.EXPORT, {"v": object()}, policy_hash=POLICY_HASH)  # type: ignore[dict-item]
        with pytest.raises(AuditWriteError, match="unknown audit event kind 'bogus'"):
            log.append("bogus", {}, policy_hash=POLICY_HASH)
        with pytest.raises(AuditWriteError, match="policy_hash must be a string"):
            log.append(EventKind.EXPORT, {}, policy_hash=None)  # type: ignore[arg-type]
        assert log.append_durable("export", {"v": 1}, policy_hash=POLICY_HASH) == 0
    assert verify_audit(tmp_path / "audit", trust=trust_for(SIGNER)).entry_count == 1


def test_background_commit_failure_is_raised_and_poisons(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = AuditLog.create(tmp_path / "audit", signer=SIGNER, origin=ORIGIN)
    log.append(EventKind.PROMPT_DECISION, {"i": 0}, policy_hash=POLICY_HASH)
    assert log.commit() == 1 and log.wait() == 1

    def failing_fsync(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(_durable, "fsync", failing_fsync)
    log.append(EventKind.PROMPT_DECISION, {"i": 1}, policy_hash=POLICY_HASH)
    log.commit()
    with pytest.raises(AuditWriteError, match="Input/output error"):
        log.wait()
    monkeypatch.undo()
    assert log.failed and log.durable_size == 1
    with pytest.raises(AuditWriteError, match="refuses appends after a write failure"):
        log.append(EventKind.PROMPT_DECISION, {"i": 2}, policy_hash=POLICY_HASH)
    with pytest.raises(AuditWriteError, match="refuses appends after a write failure"):
        log.commit()
    log.close()


def test_close_raises_a_background_failure_nobody_saw(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = AuditLog.create(tmp_path / "audit", signer=SIGNER, origin=ORIGIN)

    def failing_fsync(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(_durable, "fsync", failing_fsync)
    log.append(EventKind.PROMPT_DECISION, {"i": 0}, policy_hash=POLICY_HASH)
    log.commit()
    with pytest.raises(AuditWriteError, match="Input/output error"):
        log.close()
    assert log.failed
    log.close()  # closed once; a second close does nothing
