"""Signing keys: permissions, trust file, rotation, unknown keys."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from audit_helpers import ORIGIN, POLICY_HASH

from governance import paths
from governance.audit.checkpoint import SignedCheckpoint
from governance.audit.enroll import enroll_key
from governance.audit.events import EventKind
from governance.audit.keys import (
    KeyRole,
    TrustStore,
    default_trust_path,
    generate_key,
    key_id_for,
    load_or_create_signer,
    retire_key,
)
from governance.audit.log import AuditLog
from governance.audit.verify import verify_audit
from governance.errors import SigningKeyError


def test_created_key_is_private_trusted_and_stable(distillgate_home: Path) -> None:
    signer = load_or_create_signer()
    key_file = paths.keys_dir() / "run-signer.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(paths.keys_dir().stat().st_mode) == 0o700
    assert signer.key_id == key_id_for(signer.public_key_bytes) and len(signer.key_id) == 16
    assert default_trust_path() == distillgate_home / "keys" / "trusted_keys.json"
    trusted = TrustStore.load().get(signer.key_id)
    assert trusted is not None and trusted.public_key_bytes == signer.public_key_bytes
    assert load_or_create_signer().key_id == signer.key_id
    assert key_file.read_text().startswith("-----BEGIN PRIVATE KEY-----")


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660, 0o644, 0o610])
def test_key_readable_by_others_is_refused(mode: int) -> None:
    load_or_create_signer()
    key_file = paths.keys_dir() / "run-signer.key"
    key_file.chmod(mode)
    with pytest.raises(SigningKeyError, match="accessible by group or others") as info:
        load_or_create_signer()
    assert info.value.hint == f"chmod 600 {key_file}"


def test_generate_refuses_existing_and_bad_names(tmp_path: Path) -> None:
    generate_key(tmp_path, name="ci")
    with pytest.raises(SigningKeyError, match="already exists"):
        generate_key(tmp_path, name="ci")
    with pytest.raises(SigningKeyError, match="bad key name"):
        generate_key(tmp_path, name="../escape")
    assert [k.name for k in TrustStore.load(tmp_path / "trusted_keys.json").keys] == ["ci"]


def test_rotation_keeps_old_checkpoints_verifying(tmp_path: Path) -> None:
    audit_dir = tmp_path / "audit"
    old = load_or_create_signer()
    with AuditLog.create(audit_dir, signer=old, origin=ORIGIN) as log:
        log.append_durable(EventKind.RUN_STARTED, {}, policy_hash=POLICY_HASH)
    retired = retire_key(old.key_id)
    assert retired.retired_at is not None
    assert not (paths.keys_dir() / "run-signer.key").exists()  # moved aside
    new = load_or_create_signer()
    assert new.key_id != old.key_id
    with AuditLog.open(audit_dir, signer=new, origin=ORIGIN) as log:
        log.append_durable(EventKind.REVIEWER_SIGNOFF, {"reviewer": "r1"}, policy_hash=POLICY_HASH)
    result = verify_audit(audit_dir, trust=TrustStore.load())
    assert result.ok, result.reason
    assert result.checkpoints_verified == 2
    assert result.latest_checkpoint is not None and result.latest_checkpoint.key_id == new.key_id


def test_retired_key_cannot_sign_later_checkpoints(tmp_path: Path) -> None:
    old = load_or_create_signer()
    retire_key(old.key_id)
    late = SignedCheckpoint.sign(
        old,
        origin=ORIGIN,
        tree_size=0,
        root_hash=b"\xe3" * 32,
        timestamp="2999-01-01T00:00:00+00:00",
    )
    audit_dir = tmp_path / "audit"
    audit_dir.mkdir()
    (audit_dir / "log.jsonl").write_bytes(b"")
    (audit_dir / "checkpoints.jsonl").write_bytes(late.to_json_line() + b"\n")
    result = verify_audit(audit_dir, trust=TrustStore.load())
    assert not result.ok and f"key {old.key_id} was retired at" in (result.reason or "")


def test_retired_key_file_is_not_loaded_again() -> None:
    signer = load_or_create_signer()
    TrustStore.load().retire(signer.key_id)  # trust says retired, key file still in place
    with pytest.raises(SigningKeyError, match="was retired"):
        load_or_create_signer()


def test_unknown_key_is_reported(tmp_path: Path) -> None:
    signer = load_or_create_signer()
    with AuditLog.create(tmp_path / "audit", signer=signer, origin=ORIGIN) as log:
        log.append_durable(EventKind.RUN_STARTED, {}, policy_hash=POLICY_HASH)
    empty = TrustStore.load(tmp_path / "nobody.json")
    result = verify_audit(tmp_path / "audit", trust=empty)
    assert not result.ok
    assert result.reason == f"checkpoint #1: unknown key id {signer.key_id}"
    with pytest.raises(SigningKeyError, match="unknown key id"):
        retire_key("0123456789abcdef")


def test_tampered_trust_file_is_refused() -> None:
    load_or_create_signer()
    path = default_trust_path()
    text = path.read_text()
    key_id = TrustStore.load().keys[0].key_id
    path.write_text(text.replace(key_id, "f" * 16))
    with pytest.raises(SigningKeyError, match="does not match its public key"):
        TrustStore.load()
    path.write_text("{not json")
    with pytest.raises(SigningKeyError, match="cannot read trust file"):
        TrustStore.load()


def test_checkpoints_verify_only_under_run_signer_keys(distillgate_home: Path) -> None:
    reviewer = generate_key(name="reviewer-ann", role=KeyRole.REVIEWER)
    assert TrustStore.load().get(reviewer.key_id) is None  # trusted only once enrolled
    enroll_key(
        paths.keys_dir() / "reviewer-ann.pub",
        name="reviewer-ann",
        role=KeyRole.REVIEWER,
        enrolled_by="Dana DPO",
    )
    audit_dir = distillgate_home / "run" / "audit"
    with AuditLog.create(audit_dir, signer=reviewer, origin=ORIGIN) as log:
        log.append(EventKind.RUN_STARTED, {}, policy_hash=POLICY_HASH)
    result = verify_audit(audit_dir, trust=TrustStore.load())
    assert not result.ok
    assert f"key {reviewer.key_id} is trusted as a reviewer key, not as a run-signer key" in (
        result.reason or ""
    )
    with pytest.raises(SigningKeyError, match="trusted as a reviewer key, not as a run-signer"):
        load_or_create_signer(name="reviewer-ann")
    with pytest.raises(SigningKeyError, match="never created or trusted implicitly"):
        load_or_create_signer(name="reviewer-bob", role=KeyRole.REVIEWER)
    with pytest.raises(SigningKeyError, match="trusted as a reviewer key, not as a run-signer"):
        TrustStore.load().add(reviewer.public_key_bytes, name="again")


def test_trust_entries_without_a_role_are_run_signers(distillgate_home: Path) -> None:
    signer = load_or_create_signer()
    path = default_trust_path()
    old = json.loads(path.read_text())
    for key in old["keys"]:
        del key["role"]  # a trust file written before roles existed
    path.write_text(json.dumps(old))
    (key,) = TrustStore.load().keys
    assert key.key_id == signer.key_id and key.role is KeyRole.RUN_SIGNER
    assert TrustStore.load().check(signer.key_id, signed_at="") == key
    assert "not as a reviewer key" in str(
        TrustStore.load().check(signer.key_id, signed_at="", role=KeyRole.REVIEWER)
    )
