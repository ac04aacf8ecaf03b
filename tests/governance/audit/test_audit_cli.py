"""``distillgate audit`` and ``distillgate keys`` through the real command line entry point."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from audit_helpers import ORIGIN, POLICY_HASH, payload

from governance.audit.events import EventKind
from governance.audit.keys import KeyRole, TrustStore, load_or_create_signer
from governance.audit.log import AuditLog
from pipeline.cli import main


def _run(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["distillgate", *args])
    with pytest.raises(SystemExit) as info:
        main()
    out, err = capsys.readouterr()
    code = info.value.code
    return (code if isinstance(code, int) else 0), out, err


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    signer = load_or_create_signer()
    with AuditLog.create(tmp_path / "run" / "audit", signer=signer, origin=ORIGIN) as log:
        for i in range(12):
            kind = EventKind.GATE_RESULT if i == 5 else EventKind.PROMPT_DECISION
            log.append(kind, payload(i), policy_hash=POLICY_HASH)
    return tmp_path / "run"


def test_verify_ok_and_json(
    run_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(["audit", "verify", str(run_dir)], monkeypatch, capsys)
    assert code == 0 and out.startswith("ok: 12 entries, 1 checkpoints")
    code, out, _ = _run(["audit", "verify", str(run_dir), "--json"], monkeypatch, capsys)
    assert code == 0 and json.loads(out)["ok"] is True


def test_verify_names_first_bad_index(
    run_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = run_dir / "audit" / "log.jsonl"
    lines = path.read_bytes().splitlines(keepends=True)
    lines[7] = lines[7].replace(b'"example_id":"ex-7"', b'"example_id":"ex-8"')
    path.write_bytes(b"".join(lines))
    code, _, err = _run(["audit", "verify", str(run_dir)], monkeypatch, capsys)
    assert code == 1
    assert "does not verify (first bad index 0): entries 0..11 do not match the root signed" in err
    code, out, _ = _run(["audit", "verify", str(run_dir), "--json"], monkeypatch, capsys)
    assert code == 1 and json.loads(out)["first_bad_index"] == 0
    del lines[3]
    path.write_bytes(b"".join(lines))
    code, _, err = _run(["audit", "verify", str(run_dir)], monkeypatch, capsys)
    assert code == 1 and "(first bad index 3): entry 3: entry index is 4, expected 3\n" in err


def test_verify_with_other_trust_file_and_external_checkpoint(
    run_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    empty = tmp_path / "empty.json"
    code, _, err = _run(
        ["audit", "verify", str(run_dir), "--trust", str(empty)], monkeypatch, capsys
    )
    assert code == 1 and "unknown key id" in err
    kept = tmp_path / "kept.jsonl"
    kept.write_bytes((run_dir / "audit" / "checkpoints.jsonl").read_bytes())
    args = ["audit", "verify", str(run_dir), "--checkpoint", str(kept)]
    assert _run(args, monkeypatch, capsys)[0] == 0


def test_prove_and_show(
    run_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(["audit", "prove", str(run_dir), "--index", "5"], monkeypatch, capsys)
    proof = json.loads(out)
    assert code == 0 and proof["index"] == 5 and len(proof["audit_path"]) == 4
    code, out, _ = _run(
        ["audit", "show", str(run_dir), "--kind", "gate_result"], monkeypatch, capsys
    )
    assert code == 0 and "gate_result" in out and "operation_monitoring" in out
    assert out.rstrip().endswith("1 entries")
    code, _, _ = _run(["audit", "prove", str(run_dir), "--index", "99"], monkeypatch, capsys)
    assert code == 1


def test_keys_generate_list_retire(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    keys_dir = tmp_path / "k"
    args = ["keys", "generate", "--name", "ci", "--keys-dir", str(keys_dir)]
    code, out, _ = _run(args, monkeypatch, capsys)
    key_id = out.split()[2]
    assert code == 0 and (keys_dir / "ci.key").exists() and "public key:" in out
    code, out, _ = _run(["keys", "list", "--keys-dir", str(keys_dir)], monkeypatch, capsys)
    assert code == 0 and key_id in out and "active" in out
    code, out, _ = _run(
        ["keys", "retire", key_id, "--keys-dir", str(keys_dir)], monkeypatch, capsys
    )
    assert code == 0 and f"retired {key_id}" in out
    trusted = TrustStore.load(keys_dir / "trusted_keys.json").get(key_id)
    assert trusted is not None and trusted.retired_at is not None
    code, _, _ = _run(args, monkeypatch, capsys)  # the name is free again after retirement
    assert code == 0


def test_keys_generate_reviewer_then_enroll_and_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    keys_dir = tmp_path / "k"
    reviewer_dir = tmp_path / "mine"
    args = ["keys", "generate", "--name", "alice", "--role", "reviewer", "--keys-dir"]
    code, out, _ = _run([*args, str(reviewer_dir)], monkeypatch, capsys)
    key_id = out.split()[2]
    assert code == 0 and "role:       reviewer" in out and "not trusted yet" in out
    trust_path = keys_dir / "trusted_keys.json"
    assert TrustStore.load(trust_path).get(key_id) is None
    enroll = ["keys", "enroll", str(reviewer_dir / "alice.pub"), "--name", "alice"]
    enroll += ["--role", "reviewer", "--keys-dir", str(keys_dir)]
    code, _, err = _run(enroll, monkeypatch, capsys)
    assert code == 2 and "--enrolled-by" in err  # who enrolls it is not optional
    code, out, _ = _run([*enroll, "--enrolled-by", "Dana DPO"], monkeypatch, capsys)
    assert code == 0 and f"enrolled {key_id} as reviewer 'alice' by Dana DPO" in out
    code, out, _ = _run([*enroll, "--enrolled-by", "Eve"], monkeypatch, capsys)
    assert code == 0 and "already enrolled" in out and "by Dana DPO" in out
    code, out, _ = _run(["keys", "list", "--keys-dir", str(keys_dir)], monkeypatch, capsys)
    assert code == 0 and "reviewer" in out and "Dana DPO" in out
    trusted = TrustStore.load(trust_path).get(key_id)
    assert trusted is not None and trusted.role == KeyRole.REVIEWER
    assert trusted.enrolled_by == "Dana DPO"
    why = TrustStore.load(trust_path).check(
        key_id, signed_at=trusted.added_at, role=KeyRole.RUN_SIGNER
    )
    assert isinstance(why, str) and "not as a run-signer key" in why
    code, out, _ = _run(["keys", "history", "--keys-dir", str(keys_dir)], monkeypatch, capsys)
    assert code == 0 and "enrolled" in out and "by Dana DPO" in out
    assert "trust history intact: 1 records" in out
    history = keys_dir / "trusted_keys.history.jsonl"
    history.write_text(history.read_text().replace("Dana DPO", "Eve"))
    code, _, err = _run(["keys", "history", "--keys-dir", str(keys_dir)], monkeypatch, capsys)
    assert code == 1 and "the trust file and history differ" in err
    history.write_text("")
    code, _, err = _run(["keys", "history", "--keys-dir", str(keys_dir)], monkeypatch, capsys)
    assert code == 1 and f"key {key_id} (alice) has no record of being trusted" in err
    code, _, err = _run([*args, str(reviewer_dir), "--role", "bogus"], monkeypatch, capsys)
    assert code == 2 and "bogus" in err
