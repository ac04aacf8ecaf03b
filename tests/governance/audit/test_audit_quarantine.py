"""Entries no signed checkpoint covers are untrusted after a crash: quarantined, never signed.

The attack: a run dies after making entries durable but before signing them; while it is
down someone edits one of those entries; the resume must not sign the forged bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path

import pytest
from audit_helpers import ORIGIN, POLICY_HASH, payload, trust_for

from governance.audit import _durable
from governance.audit.checkpoint import SignedCheckpoint
from governance.audit.events import EventKind
from governance.audit.keys import Signer
from governance.audit.log import AuditLog
from governance.audit.verify import read_entries, verify_audit
from governance.errors import AuditVerificationError

SIGNER = Signer.ephemeral(name="quarantine-tests")
TRUST = trust_for(SIGNER)


class _KilledError(Exception):
    """Stands for the process dying at this point."""


def _crash_before_signing(audit_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Five signed entries, then five more made durable and the writer dies before it signs."""
    log = AuditLog.create(audit_dir, signer=SIGNER, origin=ORIGIN)
    for i in range(5):
        log.append(EventKind.PROMPT_DECISION, payload(i), policy_hash=POLICY_HASH)
    log.checkpoint()
    for i in range(5, 10):
        log.append(EventKind.PROMPT_DECISION, payload(i), policy_hash=POLICY_HASH)

    def die(*args: object, **kwargs: object) -> SignedCheckpoint:
        raise _KilledError

    with monkeypatch.context() as patch:
        patch.setattr(SignedCheckpoint, "sign", die)
        with contextlib.suppress(_KilledError):
            log.sync()  # the entries reach the file; the checkpoint is never signed
    _durable.close_all([log._log_fd, log._cp_fd])  # the process is gone: no close()
    lines = (audit_dir / "log.jsonl").read_bytes().splitlines()
    assert len(lines) == 10


def test_sync_acknowledges_only_signed_entries(tmp_path: Path) -> None:
    with AuditLog.create(tmp_path / "audit", signer=SIGNER, origin=ORIGIN) as log:
        for round_ in range(3):
            for i in range(4):
                log.append(EventKind.TEACHER_CALL, payload(i), policy_hash=POLICY_HASH)
            log.sync()
            assert log.last_checkpoint is not None
            assert log.last_checkpoint.tree_size == log.durable_size == 4 * (round_ + 1)


def test_edited_unsigned_entry_is_quarantined_not_signed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    audit_dir = tmp_path / "audit"
    _crash_before_signing(audit_dir, monkeypatch)
    path = audit_dir / "log.jsonl"
    lines = path.read_bytes().splitlines(keepends=True)
    original = lines[6]
    entry = json.loads(original)
    entry["payload"]["outcome"] = "allow-everything"
    forged = json.dumps(entry, sort_keys=True, separators=(",", ":")).encode() + b"\n"
    assert forged != original
    path.write_bytes(b"".join(lines[:6]) + forged + b"".join(lines[7:]))
    tail = b"".join(lines[5:6]) + forged + b"".join(lines[7:])

    with AuditLog.open(audit_dir, signer=SIGNER, origin=ORIGIN, policy_hash=POLICY_HASH) as log:
        assert [q.file for q in log.recovery] == ["log.jsonl"]
        side = log.recovery[0]
        assert side.entries == 5 and side.entries_kept == 5 and side.byte_length == len(tail)
        assert side.quarantine_path.read_bytes() == tail  # kept for forensics, as found
        assert log.size == 6  # the five signed entries and the record of the quarantine
        log.append_durable(EventKind.RUN_ENDED, {}, policy_hash=POLICY_HASH)

    data = path.read_bytes()
    assert b"allow-everything" not in data  # the forged bytes were never signed
    result = verify_audit(audit_dir, trust=TRUST)
    assert result.ok and result.entry_count == 7
    assert result.quarantined == (side.quarantine_path.name,)
    (record,) = read_entries(audit_dir, kind=EventKind.AUDIT_QUARANTINE)
    assert record.index == 5 and record.policy_hash == POLICY_HASH
    assert record.payload == {
        "file": "log.jsonl",
        "quarantine_file": side.quarantine_path.name,
        "entries": 5,
        "byte_length": len(tail),
        "sha256": hashlib.sha256(tail).hexdigest(),
        "entries_kept": 5,
        "reason": "entries past the last signed checkpoint and torn lines are untrusted",
    }


def test_damage_inside_the_signed_prefix_is_still_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    audit_dir = tmp_path / "audit"
    _crash_before_signing(audit_dir, monkeypatch)
    path = audit_dir / "log.jsonl"
    path.write_bytes(path.read_bytes().replace(b'"example_id":"ex-2"', b'"example_id":"ex-9"', 1))
    with pytest.raises(AuditVerificationError, match="does not match its checkpoint of 5"):
        AuditLog.open(audit_dir, signer=SIGNER, origin=ORIGIN)
    assert not list(audit_dir.glob("*.quarantine-*"))  # nothing moved from a refused log


def test_quarantine_entry_takes_the_last_trusted_policy_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    audit_dir = tmp_path / "audit"
    _crash_before_signing(audit_dir, monkeypatch)
    with AuditLog.open(audit_dir, signer=SIGNER, origin=ORIGIN) as log:
        assert log.size == 6
    (record,) = read_entries(audit_dir, kind=EventKind.AUDIT_QUARANTINE)
    assert record.policy_hash == POLICY_HASH
    assert verify_audit(audit_dir, trust=TRUST).ok
