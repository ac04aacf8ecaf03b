"""Signed reviewer sign-off: recorded in the audit log, bound to the run, shown in the report."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from governance.audit.enroll import enroll_key
from governance.audit.keys import KeyRole, TrustStore, key_id_for
from governance.audit.verify import verify_audit
from governance.errors import AuditVerificationError, SigningKeyError
from governance.review import (
    SIGNOFF_SCHEMA,
    ReviewerSignoff,
    approve_run,
    has_reviewer_approval,
    read_signoffs,
    reject_run,
    reviewer_key_name,
    verify_signoff,
)
from governance.runfiles.artifacts import RunManifest, read_artifact
from pipeline.cli._app import app
from reports import collect_report
from tests.support.reviewers import enroll_reviewer


def _entries(run_dir: Path) -> list[dict[str, object]]:
    lines = (run_dir / "audit" / "log.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_approval_is_signed_bound_and_logged(run_dir: Path, distillgate_home: Path) -> None:
    key_file = enroll_reviewer("Jane Reviewer")
    before = verify_audit(run_dir / "audit", trust=TrustStore.load())
    assert before.latest_checkpoint is not None
    signoff = approve_run(run_dir, reviewer="Jane Reviewer", note="checked ε and MIA")

    entries = _entries(run_dir)
    assert entries[-1]["kind"] == "reviewer_signoff"
    assert entries[-1]["payload"] == signoff.to_payload()
    assert set(signoff.to_payload()) == {
        "decision",
        "reviewer",
        "note",
        "key_id",
        "public_key",
        "statement",
        "signature",
    }
    statement = json.loads(signoff.statement)
    manifest = read_artifact(RunManifest, run_dir / "run.json")
    assert statement["schema"] == SIGNOFF_SCHEMA
    assert statement["run_id"] == manifest.run_id
    assert statement["policy_sha256"] == manifest.policy_sha256
    assert statement["checkpoint"]["root_hash"] == before.latest_checkpoint.root_hash.hex()
    assert statement["checkpoint"]["tree_size"] == before.entry_count
    assert statement["checkpoint"]["origin"] == before.latest_checkpoint.origin
    gate_index = next(i for i, e in enumerate(entries) if e["kind"] == "gate_result")
    assert statement["gate_entry_index"] == gate_index
    assert statement["supersedes"] is None
    assert statement["decision"] == "approved"

    after = verify_audit(run_dir / "audit", trust=TrustStore.load())
    assert after.ok and after.entry_count == before.entry_count + 1
    assert after.latest_checkpoint is not None
    assert after.latest_checkpoint.tree_size == after.entry_count

    assert key_file == distillgate_home / "reviewer-keys" / "reviewer-jane-reviewer.key"
    assert key_file.stat().st_mode & 0o077 == 0
    assert signoff.key_id == key_id_for(bytes.fromhex(signoff.public_key))
    assert has_reviewer_approval(run_dir)


def test_report_shows_the_signoff(run_dir: Path) -> None:
    enroll_reviewer("Jane Reviewer")
    approve_run(run_dir, reviewer="Jane Reviewer", note="ok to ship")
    report = collect_report(run_dir)
    assert report.signoff.decision == "approved"
    (row,) = report.signoff.entries
    assert (row.reviewer, row.note, row.signature_valid) == ("Jane Reviewer", "ok to ship", True)
    assert report.audit.verified is True
    assert {c.article: c.count for c in report.audit.categories}["Art. 12(3)(d), Art. 14"] == 1
    assert "Approved by reviewer Jane Reviewer (signed)." in report.verdict.reasons


def test_a_current_rejection_blocks(run_dir: Path) -> None:
    enroll_reviewer("alice")
    enroll_reviewer("bob")
    approve_run(run_dir, reviewer="alice")
    reject_run(run_dir, reviewer="bob", note="canary exposure too close to the limit")
    assert not has_reviewer_approval(run_dir)
    report = collect_report(run_dir)
    assert report.signoff.decision == "rejected"
    assert report.verdict.status == "do_not_ship"
    assert (
        "Reviewer bob rejected this run: canary exposure too close to the limit."
        in report.verdict.reasons
    )
    assert [c.signoff.decision for c in read_signoffs(run_dir)] == ["approved", "rejected"]


def test_required_signoff_missing_blocks_shipping(make_run: Callable[..., Path]) -> None:
    run_dir = make_run(policy_overrides={"export": {"required_reviewers": 2}})
    enroll_reviewer("carol")
    enroll_reviewer("chuck")
    report = collect_report(run_dir)
    assert report.verdict.status == "do_not_ship"
    assert report.signoff.required == 2
    approve_run(run_dir, reviewer="carol")
    report = collect_report(run_dir)
    assert report.verdict.status == "do_not_ship"
    assert (
        "The policy requires the signed approval of 2 enrolled reviewers; 1 recorded."
        in report.verdict.reasons
    )
    approve_run(run_dir, reviewer="chuck")
    report = collect_report(run_dir)
    assert report.verdict.status == "ship"
    assert report.signoff.approvers == ["reviewer-carol", "reviewer-chuck"]
    assert "Approved by reviewers carol, chuck (signed)." in report.verdict.reasons


def _tampered(signoff: ReviewerSignoff, **changes: str | None) -> ReviewerSignoff:
    return ReviewerSignoff(**{**signoff.__dict__, **changes})


def test_forged_or_rebound_signoffs_are_invalid(run_dir: Path) -> None:
    enroll_reviewer("dave")
    good = approve_run(run_dir, reviewer="dave", note="fine")
    manifest = read_artifact(RunManifest, run_dir / "run.json")
    ok = verify_signoff(good, run_id=manifest.run_id, policy_sha256=manifest.policy_sha256)
    assert ok.valid and ok.reason is None
    cases = {
        "payload differs from the signed statement": _tampered(good, note="other note"),
        "signature does not verify": _tampered(
            good, statement=good.statement.replace('"fine"', '"fin"')
        ),
        "key id does not match the public key": _tampered(good, key_id="0" * 16),
    }
    for reason, forged in cases.items():
        check = verify_signoff(forged, run_id=manifest.run_id, policy_sha256=manifest.policy_sha256)
        assert (check.valid, check.reason) == (False, reason)
    other = verify_signoff(good, run_id="another-run", policy_sha256=manifest.policy_sha256)
    assert other.reason == "statement names another run or policy"


def test_edited_signoff_in_log_is_not_an_approval(run_dir: Path) -> None:
    enroll_reviewer("erin")
    reject_run(run_dir, reviewer="erin", note="no")
    log = run_dir / "audit" / "log.jsonl"
    log.write_text(
        log.read_text(encoding="utf-8").replace(
            '"decision":"rejected"', '"decision":"approved"', 1
        ),
        encoding="utf-8",
    )
    assert not has_reviewer_approval(run_dir)
    report = collect_report(run_dir)
    assert report.signoff.entries[-1].signature_valid is False
    assert report.audit.verified is False


def test_refuses_to_sign_a_log_that_does_not_verify(run_dir: Path) -> None:
    enroll_reviewer("frank")
    log = run_dir / "audit" / "log.jsonl"
    log.write_text(log.read_text(encoding="utf-8").replace('"ex0"', '"ex7"'), encoding="utf-8")
    with pytest.raises(AuditVerificationError, match="does not verify"):
        approve_run(run_dir, reviewer="frank")
    assert read_signoffs(run_dir) == []


def test_own_key_file(run_dir: Path, tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    pem = tmp_path / "grace.pem"
    pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    pem.chmod(0o600)
    public = tmp_path / "grace.pub.pem"
    public.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    enroll_key(public, name="grace", role=KeyRole.REVIEWER, enrolled_by="Dana DPO")
    signoff = approve_run(run_dir, reviewer="grace", key_file=pem)
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert signoff.public_key == raw.hex()
    assert has_reviewer_approval(run_dir)
    pem.write_text("not a key", encoding="utf-8")
    with pytest.raises(SigningKeyError, match="cannot load key"):
        reject_run(run_dir, reviewer="grace", key_file=pem, change=True)
    pem.chmod(0o644)
    with pytest.raises(SigningKeyError, match="accessible by group or others"):
        reject_run(run_dir, reviewer="grace", key_file=pem, change=True)


def test_reviewer_key_names() -> None:
    assert reviewer_key_name("  Ana María O'Neil ") == "reviewer-ana-mar-a-o-neil"
    with pytest.raises(Exception, match="has no letters or digits"):
        reviewer_key_name("???")


def test_cli_review_and_report(run_dir: Path) -> None:
    enroll_reviewer("Jane Reviewer")
    runner = CliRunner()
    result = runner.invoke(
        app, ["review", "approve", str(run_dir), "--reviewer", "Jane Reviewer", "--note", "ok"]
    )
    assert result.exit_code == 0, result.output
    assert "approved by Jane Reviewer" in result.output
    html = (run_dir / "report.html").read_text(encoding="utf-8")
    assert "Jane Reviewer" in html and "valid" in html
    result = runner.invoke(app, ["report", str(run_dir)])
    assert result.exit_code == 0, result.output
    assert (run_dir.parent / "index.html").is_file()
    assert f"report: {run_dir / 'report.html'}" in result.output


def test_untrusted_or_uncovered_signoffs_do_not_count(
    run_dir: Path, distillgate_home: Path
) -> None:
    enroll_reviewer("heidi")
    approve_run(run_dir, reviewer="heidi")
    assert has_reviewer_approval(run_dir)
    trust_file = distillgate_home / "keys" / "trusted_keys.json"
    data = json.loads(trust_file.read_text(encoding="utf-8"))
    data["keys"] = [k for k in data["keys"] if not k["name"].startswith("reviewer-")]
    trust_file.write_text(json.dumps(data), encoding="utf-8")
    assert not has_reviewer_approval(run_dir)
    (check,) = read_signoffs(run_dir)
    assert check.valid and not check.key_trusted
    report = collect_report(run_dir)
    assert report.signoff.decision == "none"
    assert report.signoff.entries[0].reason == f"unknown key id {check.signoff.key_id}"


def test_signoff_appended_without_checkpoint_does_not_count(run_dir: Path) -> None:
    enroll_reviewer("ivan")
    signoff = reject_run(run_dir, reviewer="ivan")
    approval = approve_run(run_dir, reviewer="ivan", change=True)
    assert has_reviewer_approval(run_dir)
    # Replay the rejection's line after the last checkpoint: the log no longer verifies.
    log = run_dir / "audit" / "log.jsonl"
    lines = log.read_text(encoding="utf-8").splitlines()
    replay = next(line for line in lines if signoff.signature in line)
    replay = replay.replace(f'"index":{lines.index(replay)}', f'"index":{len(lines)}')
    log.write_text("\n".join([*lines, replay]) + "\n", encoding="utf-8")
    assert approval.decision == "approved"
    assert not has_reviewer_approval(run_dir)


def test_signoffs_count_only_from_reviewer_keys(run_dir: Path, distillgate_home: Path) -> None:
    """A key trusted to sign checkpoints does not make a sign-off count, and the reverse."""
    enroll_reviewer("kate")
    approve_run(run_dir, reviewer="kate")
    assert has_reviewer_approval(run_dir)
    trust_file = distillgate_home / "keys" / "trusted_keys.json"
    data = json.loads(trust_file.read_text(encoding="utf-8"))
    roles = {k["name"]: k["role"] for k in data["keys"]}
    assert roles == {"run-signer": "run-signer", "reviewer-kate": "reviewer"}
    for key in data["keys"]:
        key["role"] = "run-signer"
    trust_file.write_text(json.dumps(data), encoding="utf-8")
    (check,) = read_signoffs(run_dir)
    assert check.valid and not check.key_trusted
    assert not has_reviewer_approval(run_dir)
    # The run's own signing key cannot sign off on the run.
    with pytest.raises(SigningKeyError, match=r"not enrolled as a reviewer.*not as a reviewer key"):
        approve_run(run_dir, reviewer="kate", key_file=distillgate_home / "keys" / "run-signer.key")
