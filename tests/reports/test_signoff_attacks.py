"""Issue 16, item 4: sign-off attacks that used to succeed, each kept as a regression test.

Any key approving, approval creating a key, approving a failed gate, approving twice,
reject-then-approve without saying so, the run signer approving, an approval replayed onto
another run or left on a re-gated run, and one reviewer counting twice.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from governance.audit.checkpoint import SignedCheckpoint
from governance.audit.enroll import enroll_key
from governance.audit.events import EventKind
from governance.audit.keys import (
    KeyRole,
    TrustStore,
    generate_key,
    load_or_create_signer,
    load_private_key,
    utc_now,
)
from governance.audit.log import AuditLog
from governance.audit.proof import checkpoint_json
from governance.errors import AuditVerificationError, ConfigError, GateError, SigningKeyError
from governance.review import (
    SIGNOFF_SCHEMA,
    ReviewerSignoff,
    approve_run,
    default_reviewer_keys_dir,
    has_reviewer_approval,
    load_run_evidence,
    read_signoffs,
    reject_run,
)
from pipeline.cli._app import app
from reports import collect_report
from tests.support.anchors import anchors_aside
from tests.support.reviewers import enroll_reviewer


def _log_lines(run_dir: Path) -> list[str]:
    return (run_dir / "audit" / "log.jsonl").read_text(encoding="utf-8").splitlines()


def _pem(tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.pem"
    path.write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    path.chmod(0o600)
    return path


def _append(run_dir: Path, signoff: ReviewerSignoff) -> None:
    """What an insider with the run key can do: log any payload and checkpoint it."""
    evidence = load_run_evidence(run_dir, trust=TrustStore.load())
    assert evidence.latest is not None
    with AuditLog.open(
        run_dir / "audit", signer=load_or_create_signer(), origin=evidence.latest.origin
    ) as log:
        log.append_durable(
            EventKind.REVIEWER_SIGNOFF, signoff.to_payload(), policy_hash=evidence.policy_sha256
        )
        log.checkpoint()


def _hand_signed(run_dir: Path, key_file: Path, **fields: Any) -> ReviewerSignoff:
    """A sign-off signed with a reviewer's key outside the library's checks."""
    evidence = load_run_evidence(run_dir, trust=TrustStore.load())
    assert evidence.latest is not None
    statement: dict[str, Any] = {
        "schema": SIGNOFF_SCHEMA,
        "run_id": evidence.run_id,
        "policy_sha256": evidence.policy_sha256,
        "checkpoint": checkpoint_json(evidence.latest),
        "gate_entry_index": evidence.gate_index,
        "supersedes": None,
        "decision": "approved",
        "reviewer": "x",
        "note": None,
        "signed_at": utc_now(),
        **fields,
    }
    text = json.dumps(statement, sort_keys=True, separators=(",", ":"))
    signer = load_private_key(key_file, name="x")
    return ReviewerSignoff(
        decision=statement["decision"],
        reviewer="x",
        note=None,
        key_id=signer.key_id,
        public_key=signer.public_key_bytes.hex(),
        statement=text,
        signature=signer.sign(text.encode()).hex(),
    )


def test_any_key_cannot_approve(run_dir: Path, tmp_path: Path) -> None:
    before = _log_lines(run_dir)
    pem = _pem(tmp_path, "mallory")
    with pytest.raises(SigningKeyError, match=r"is not enrolled as a reviewer.*unknown key id"):
        approve_run(run_dir, reviewer="mallory", key_file=pem)
    assert _log_lines(run_dir) == before
    assert [k.role for k in TrustStore.load().keys] == [KeyRole.RUN_SIGNER]


def test_approval_never_creates_a_key(run_dir: Path, distillgate_home: Path) -> None:
    before = sorted(p.relative_to(distillgate_home) for p in distillgate_home.rglob("*"))
    result = CliRunner().invoke(app, ["review", "approve", str(run_dir), "--reviewer", "newbie"])
    assert result.exit_code != 0
    assert isinstance(result.exception, SigningKeyError)
    assert "no reviewer key at" in result.exception.message
    assert "keys generate --role reviewer" in (result.exception.hint or "")
    after = sorted(p.relative_to(distillgate_home) for p in distillgate_home.rglob("*"))
    assert after == before
    assert all(k.role is KeyRole.RUN_SIGNER for k in TrustStore.load().keys)


def test_a_generated_reviewer_key_is_not_trusted_until_enrolled(run_dir: Path) -> None:
    folder = default_reviewer_keys_dir()
    generate_key(folder, name="reviewer-olga", role=KeyRole.REVIEWER)
    with pytest.raises(SigningKeyError, match="not enrolled as a reviewer"):
        approve_run(run_dir, reviewer="olga")
    enroll_key(
        folder / "reviewer-olga.pub",
        name="reviewer-olga",
        role=KeyRole.REVIEWER,
        enrolled_by="Dana DPO",
    )
    approve_run(run_dir, reviewer="olga")
    assert has_reviewer_approval(run_dir)


def test_a_reviewer_key_trusted_without_enrolment_does_not_count(
    run_dir: Path, tmp_path: Path
) -> None:
    """What the old `review approve --key` left in trust files: a reviewer key, no enrolment."""
    pem = _pem(tmp_path, "legacy")
    signer = load_private_key(pem, name="legacy")
    TrustStore.load().add(signer.public_key_bytes, name="reviewer-legacy", role=KeyRole.REVIEWER)
    with pytest.raises(SigningKeyError, match="no enrolment record"):
        approve_run(run_dir, reviewer="legacy", key_file=pem)
    _append(run_dir, _hand_signed(run_dir, pem))
    (check,) = read_signoffs(run_dir)
    assert not check.counts and "no enrolment record" in (check.reason or "")
    assert not has_reviewer_approval(run_dir)


def test_a_failed_gate_cannot_be_approved(make_run: Callable[..., Path]) -> None:
    run_dir = make_run(failing=("mia_auc_below_limit",))
    enroll_reviewer("paula")
    with pytest.raises(GateError, match="did not pass; a failed gate cannot be approved"):
        approve_run(run_dir, reviewer="paula")
    assert read_signoffs(run_dir) == []
    reject_run(run_dir, reviewer="paula", note="MIA too high")  # a rejection is allowed
    assert [c.signoff.decision for c in read_signoffs(run_dir) if c.counts] == ["rejected"]


def test_an_approval_bound_to_a_failed_gate_does_not_count(
    make_run: Callable[..., Path],
) -> None:
    run_dir = make_run(failing=("mia_auc_below_limit",))
    key = enroll_reviewer("paula")
    _append(run_dir, _hand_signed(run_dir, key))
    (check,) = read_signoffs(run_dir)
    assert check.reason == "the gate decision it is bound to did not pass"
    assert not has_reviewer_approval(run_dir)


def test_approving_twice_is_refused(run_dir: Path) -> None:
    enroll_reviewer("quinn")
    approve_run(run_dir, reviewer="quinn")
    before = _log_lines(run_dir)
    with pytest.raises(ConfigError, match=r"has already approved this run .*nothing recorded"):
        approve_run(run_dir, reviewer="quinn")
    assert _log_lines(run_dir) == before


def test_reject_then_approve_is_an_explicit_recorded_change(run_dir: Path) -> None:
    enroll_reviewer("rita")
    rejection = reject_run(run_dir, reviewer="rita", note="MIA borderline")
    with pytest.raises(ConfigError, match="has rejected this run") as caught:
        approve_run(run_dir, reviewer="rita")
    assert "--change" in (caught.value.hint or "")
    assert not has_reviewer_approval(run_dir)
    approval = approve_run(run_dir, reviewer="rita", note="re-checked", change=True)
    first, second = read_signoffs(run_dir)
    assert (first.signoff, first.counts, first.current) == (rejection, True, False)
    assert (second.signoff, second.counts, second.current) == (approval, True, True)
    assert json.loads(approval.statement)["supersedes"] == {
        "index": first.index,
        "signature": rejection.signature,
    }
    assert has_reviewer_approval(run_dir)
    rows = collect_report(run_dir).signoff.entries
    assert [r.status.split("; ")[-1] for r in rows] == [
        "superseded by a later decision",
        "current decision",
    ]


def test_a_change_that_does_not_name_the_superseded_decision_does_not_count(
    run_dir: Path,
) -> None:
    key = enroll_reviewer("rita")
    reject_run(run_dir, reviewer="rita")
    _append(run_dir, _hand_signed(run_dir, key))  # an approval with "supersedes": null
    first, second = read_signoffs(run_dir)
    assert first.current and not second.counts
    assert "already decided" in (second.reason or "")
    assert not has_reviewer_approval(run_dir)
    assert collect_report(run_dir).signoff.decision == "rejected"


def test_the_run_signer_can_never_approve(run_dir: Path, distillgate_home: Path) -> None:
    keys = distillgate_home / "keys"
    with pytest.raises(SigningKeyError, match="not as a reviewer key"):
        approve_run(run_dir, reviewer="ops", key_file=keys / "run-signer.key")
    with pytest.raises(SigningKeyError, match="trusted as a run-signer key; it cannot also be"):
        enroll_key(keys / "run-signer.pub", name="ops", role=KeyRole.REVIEWER, enrolled_by="ops")
    _append(run_dir, _hand_signed(run_dir, keys / "run-signer.key"))
    (check,) = read_signoffs(run_dir)
    assert not check.counts
    assert not has_reviewer_approval(run_dir)


def test_an_approval_replayed_onto_another_run_does_not_count(
    make_run: Callable[..., Path], tmp_path: Path
) -> None:
    enroll_reviewer("sam")
    run_a = make_run("run-a")
    run_b = make_run("run-b")
    approval = approve_run(run_a, reviewer="sam")
    _append(run_b, approval)
    (check,) = read_signoffs(run_b)
    assert check.reason == "statement names another run or policy"
    assert not has_reviewer_approval(run_b)
    # A run with the same id and policy but other evidence (a re-run, a forged copy). In this
    # home the anchor log already refuses the copy's log; a reviewer who holds no anchor log
    # still sees that the approval is bound to another log.
    with anchors_aside(tmp_path):
        twin = _twin(tmp_path, "run-a")
    with pytest.raises(AuditVerificationError, match="differs from the root anchored"):
        _append(twin, approval)
    with anchors_aside(tmp_path):
        _append(twin, approval)
        (check,) = read_signoffs(twin)
        assert (
            check.reason
            == "the checkpoint it is bound to is not a checkpoint of this run's audit log"
        )
        assert not has_reviewer_approval(twin)


def _twin(tmp_path: Path, run_id: str) -> Path:
    from tests.reports.conftest import make_run_dir

    return make_run_dir(tmp_path / "twins", run_id)


def test_an_approval_on_a_re_gated_run_does_not_count(run_dir: Path) -> None:
    enroll_reviewer("tess")
    approve_run(run_dir, reviewer="tess")
    assert has_reviewer_approval(run_dir)
    evidence = load_run_evidence(run_dir, trust=TrustStore.load())
    assert evidence.latest is not None and evidence.gate_index is not None
    with AuditLog.open(
        run_dir / "audit", signer=load_or_create_signer(), origin=evidence.latest.origin
    ) as log:
        log.append_durable(
            EventKind.GATE_RESULT, {"passed": True}, policy_hash=evidence.policy_sha256
        )
        log.checkpoint()
    (check,) = read_signoffs(run_dir)
    assert check.reason is not None and "gated again since" in check.reason
    assert not has_reviewer_approval(run_dir)
    approve_run(run_dir, reviewer="tess", change=False)  # may approve the new decision
    assert has_reviewer_approval(run_dir)


def test_a_bound_checkpoint_that_does_not_verify_does_not_count(run_dir: Path) -> None:
    key = enroll_reviewer("uma")
    evidence = load_run_evidence(run_dir, trust=TrustStore.load())
    assert evidence.latest is not None
    forged = checkpoint_json(evidence.latest)
    forged["signature"] = "00" * 64
    _append(run_dir, _hand_signed(run_dir, key, checkpoint=forged))
    (check,) = read_signoffs(run_dir)
    assert (check.reason or "").startswith("the checkpoint it is bound to does not verify")
    SignedCheckpoint.from_json(forged)  # well-formed: only the signature is wrong


def test_one_reviewer_approving_twice_is_one_of_k(make_run: Callable[..., Path]) -> None:
    run_dir = make_run(policy_overrides={"export": {"required_reviewers": 2}})
    key = enroll_reviewer("vic")
    approve_run(run_dir, reviewer="vic")
    _append(run_dir, _hand_signed(run_dir, key))  # the same key approving again, forced
    assert not has_reviewer_approval(run_dir, required=2)
    report = collect_report(run_dir)
    assert report.signoff.approvers == ["reviewer-vic"]
    assert report.verdict.status == "do_not_ship"
