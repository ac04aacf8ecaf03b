"""The writer: files, resume, torn tails, locking, checkpoints, proofs, reading entries."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest
from audit_helpers import ORIGIN, POLICY_HASH, payload, trust_for

from governance.audit import _entry as entry_module
from governance.audit import checkpoint as checkpoint_module
from governance.audit import log as log_module
from governance.audit import merkle
from governance.audit.checkpoint import SignedCheckpoint
from governance.audit.events import AI_ACT_ART12_CATEGORY, EventKind
from governance.audit.keys import Signer
from governance.audit.log import AuditLog
from governance.audit.verify import (
    InclusionProof,
    prove_inclusion,
    read_entries,
    verify_audit,
    verify_inclusion_proof,
)
from governance.errors import AuditError, AuditVerificationError, AuditWriteError

SIGNER = Signer.ephemeral(name="log-tests")
TRUST = trust_for(SIGNER)


def _log(audit_dir: Path, n: int) -> None:
    with AuditLog.create(audit_dir, signer=SIGNER, origin=ORIGIN) as log:
        for i in range(n):
            log.append(EventKind.PROMPT_DECISION, payload(i), policy_hash=POLICY_HASH)
            if i % 10 == 9:
                log.sync()


def test_doctests_run() -> None:
    for module in (merkle, log_module, checkpoint_module, entry_module):
        assert doctest.testmod(module).failed == 0


def test_files_entries_and_checkpoints(tmp_path: Path) -> None:
    audit_dir = tmp_path / "run" / "audit"
    _log(audit_dir, 25)
    assert {p.name for p in audit_dir.iterdir()} == {"log.jsonl", "checkpoints.jsonl", "signer.pub"}
    lines = (audit_dir / "log.jsonl").read_bytes().splitlines()
    first = json.loads(lines[0])
    assert set(first) == {"index", "timestamp", "kind", "policy_hash", "payload"}
    assert first["timestamp"].endswith("+00:00") and first["kind"] == "prompt_decision"
    assert lines[0] == json.dumps(first, sort_keys=True, separators=(",", ":")).encode()
    sizes = [
        json.loads(x)["tree_size"]
        for x in (audit_dir / "checkpoints.jsonl").read_bytes().splitlines()
    ]
    assert sizes == [10, 20, 25]  # one with every sync (of 10 entries), the last at close
    pub = json.loads((audit_dir / "signer.pub").read_text())
    assert pub["keys"] == [
        {
            "algorithm": "ed25519",
            "key_id": SIGNER.key_id,
            "public_key": SIGNER.public_key_bytes.hex(),
        }
    ]
    result = verify_audit(audit_dir, trust=TRUST)
    assert result.ok and result.entry_count == 25 and result.checkpoints_verified == 3
    assert result.to_json()["latest_checkpoint"]["tree_size"] == 25  # type: ignore[index]
    assert [e.index for e in read_entries(audit_dir, kind=EventKind.PROMPT_DECISION)][:3] == [
        0,
        1,
        2,
    ]
    assert read_entries(audit_dir, kind=EventKind.EXPORT) == []


def test_every_event_kind_has_an_art12_category() -> None:
    assert set(AI_ACT_ART12_CATEGORY) == set(EventKind)
    assert len(EventKind) == 16 and EventKind("budget_check") is EventKind.BUDGET_CHECK


def test_create_refuses_existing_log_and_open_refuses_missing(tmp_path: Path) -> None:
    _log(tmp_path / "audit", 1)
    with pytest.raises(AuditWriteError, match="already exists"):
        AuditLog.create(tmp_path / "audit", signer=SIGNER, origin=ORIGIN)
    with pytest.raises(AuditWriteError, match="no audit log"):
        AuditLog.open(tmp_path / "nothing", signer=SIGNER, origin=ORIGIN)
    with pytest.raises(AuditError, match="bad audit log origin"):
        AuditLog.create(tmp_path / "other", signer=SIGNER, origin="two\nlines")


def test_second_writer_is_refused(tmp_path: Path) -> None:
    with (
        AuditLog.create(tmp_path / "audit", signer=SIGNER, origin=ORIGIN),
        pytest.raises(AuditWriteError, match="open in another process"),
    ):
        AuditLog.open(tmp_path / "audit", signer=SIGNER, origin=ORIGIN)


def test_resume_appends_and_checks_origin(tmp_path: Path) -> None:
    audit_dir = tmp_path / "audit"
    _log(audit_dir, 5)
    with pytest.raises(AuditVerificationError, match="origin"):
        AuditLog.open(audit_dir, signer=SIGNER, origin="distillgate/another-run")
    with AuditLog.open(audit_dir, signer=SIGNER, origin=ORIGIN) as log:
        assert log.size == 5 and log.recovery == ()
        assert (
            log.append_durable(EventKind.REVIEWER_SIGNOFF, {"ok": True}, policy_hash=POLICY_HASH)
            == 5
        )
    assert verify_audit(audit_dir, trust=TRUST).entry_count == 6


def test_torn_tail_is_quarantined_reported_and_resumable(tmp_path: Path) -> None:
    audit_dir = tmp_path / "audit"
    _log(audit_dir, 7)
    with (audit_dir / "log.jsonl").open("ab") as f:
        f.write(b'{"index":7,"kind":"prompt_dec')
    with (audit_dir / "checkpoints.jsonl").open("ab") as f:
        f.write(b'{"key_id":"ab')
    before = verify_audit(audit_dir, trust=TRUST)
    assert not before.ok and "torn line" in (before.reason or "")
    with AuditLog.open(audit_dir, signer=SIGNER, origin=ORIGIN) as log:
        assert log.size == 9  # 7 kept, then one audit_quarantine entry per file
        files = {n.file: n for n in log.recovery}
        assert set(files) == {"log.jsonl", "checkpoints.jsonl"}
        notice = files["log.jsonl"]
        assert notice.byte_length == 29 and notice.entries_kept == 7 and notice.entries == 0
        assert notice.quarantine_path.read_bytes() == b'{"index":7,"kind":"prompt_dec'
        assert notice.quarantine_path.name.startswith("log.jsonl.quarantine-")
        log.append_durable(EventKind.RUN_ENDED, {}, policy_hash=POLICY_HASH)
    after = verify_audit(audit_dir, trust=TRUST)
    assert after.ok and after.entry_count == 10 and len(after.quarantined) == 2
    recorded = read_entries(audit_dir, kind=EventKind.AUDIT_QUARANTINE)
    assert [e.payload["file"] for e in recorded] == ["checkpoints.jsonl", "log.jsonl"]
    assert recorded[1].payload["quarantine_file"] == notice.quarantine_path.name
    assert recorded[1].payload["byte_length"] == 29


def test_open_refuses_a_damaged_or_truncated_log(tmp_path: Path) -> None:
    audit_dir = tmp_path / "audit"
    _log(audit_dir, 6)
    path = audit_dir / "log.jsonl"
    data = path.read_bytes()
    path.write_bytes(data.replace(b'"outcome":"allow"', b'"outcome":"block"', 1))
    with pytest.raises(AuditVerificationError, match="does not match its checkpoint"):
        AuditLog.open(audit_dir, signer=SIGNER, origin=ORIGIN)
    path.write_bytes(b"\n".join(data.split(b"\n")[:3]) + b"\n")
    with pytest.raises(AuditVerificationError, match="does not match its checkpoint of 6"):
        AuditLog.open(audit_dir, signer=SIGNER, origin=ORIGIN)


def test_inclusion_proofs_and_external_checkpoint(tmp_path: Path) -> None:
    audit_dir = tmp_path / "audit"
    _log(audit_dir, 40)
    kept = tmp_path / "kept.note"
    latest = verify_audit(audit_dir, trust=TRUST).latest_checkpoint
    assert latest is not None
    kept.write_text(latest.to_note())
    assert SignedCheckpoint.from_text(kept.read_text()) == latest
    for index in (0, 17, 39):
        proof = prove_inclusion(audit_dir, index, trust=TRUST)
        again = InclusionProof.from_json_text(proof.to_json_text())
        verify_inclusion_proof(again, trust=TRUST)
        assert len(proof.audit_path) <= 6
    with pytest.raises(AuditVerificationError, match="not covered"):
        prove_inclusion(audit_dir, 40, trust=TRUST)
    with pytest.raises(AuditVerificationError, match="unknown key id"):
        verify_inclusion_proof(prove_inclusion(audit_dir, 3, trust=TRUST), trust=trust_for())
    # Cut the log and its checkpoints back consistently: only the kept checkpoint notices.
    lines = (audit_dir / "log.jsonl").read_bytes().splitlines(keepends=True)
    (audit_dir / "log.jsonl").write_bytes(b"".join(lines[:30]))
    cps = (audit_dir / "checkpoints.jsonl").read_bytes().splitlines(keepends=True)
    (audit_dir / "checkpoints.jsonl").write_bytes(b"".join(cps[:3]))
    assert verify_audit(audit_dir, trust=TRUST).ok
    cut = verify_audit(audit_dir, trust=TRUST, external_checkpoint=kept)
    assert not cut.ok and cut.first_bad_index == 30
    assert cut.reason == (
        "log has 30 entries but the external checkpoint signs 40: entries were removed or damaged"
    )


def test_background_commits_acknowledge_batches_in_order(tmp_path: Path) -> None:
    audit_dir = tmp_path / "audit"
    with AuditLog.create(audit_dir, signer=SIGNER, origin=ORIGIN) as log:
        targets = []
        for batch in range(6):
            for i in range(10):
                log.append(EventKind.PROMPT_DECISION, payload(i), policy_hash=POLICY_HASH)
            targets.append(log.commit())
            assert log.durable_size >= 10 * batch  # the batch before this one is done
        assert targets == [10, 20, 30, 40, 50, 60]
        assert log.wait() == 60 == log.durable_size
        assert log.commit() == 60  # nothing new: no write, no extra checkpoint
        assert log.wait() == 60
    sizes = [
        json.loads(x)["tree_size"]
        for x in (audit_dir / "checkpoints.jsonl").read_bytes().splitlines()
    ]
    assert sizes == [10, 20, 30, 40, 50, 60]  # one signed checkpoint with every commit
    result = verify_audit(audit_dir, trust=TRUST)
    assert result.ok and result.entry_count == 60
