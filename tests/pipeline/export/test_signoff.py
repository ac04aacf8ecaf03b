"""Reviewer sign-off as the export sees it: k distinct enrolled reviewers, none rejecting."""

from __future__ import annotations

from pathlib import Path

import pytest
from export_fixtures import POLICY_HASH, Keys, build_run, make_gate, make_policy

from governance.audit.events import EventKind
from governance.audit.keys import TrustStore, load_or_create_signer
from governance.audit.log import AuditLog
from governance.errors import ConfigError, ExportError
from governance.review import approve_run, reject_run
from pipeline.artifacts import RunManifest, write_artifact
from pipeline.export import export_refusals, export_run, has_reviewer_approval
from tests.support.reviewers import enroll_reviewer


def _run(tmp_path: Path, *, passing: bool = True) -> tuple[Path, Keys]:
    keys = Keys(load_or_create_signer(), TrustStore.load())
    run_dir = build_run(tmp_path, keys, passing=passing)
    manifest = RunManifest(
        run_id="run-1",
        job_name="demo",
        source="support_tickets",
        policy_path="policy.yaml",
        policy_sha256=POLICY_HASH,
        policy_version="1",
        teacher_provider="local",
        teacher_model="m",
        started_at="2026-01-01T00:00:00+00:00",
    )
    write_artifact(manifest, run_dir / "run.json")
    return run_dir, keys


def test_signoff_decides_the_export(tmp_path: Path) -> None:
    run_dir, keys = _run(tmp_path)
    enroll_reviewer("Jane Reviewer")
    policy = make_policy(reviewers=1)
    assert not has_reviewer_approval(run_dir)
    assert export_refusals(run_dir, make_gate(), policy=policy) == [
        "sign-off: the policy requires approval by 1 enrolled reviewer(s); "
        "0 approve this run's gate decision"
    ]
    approve_run(run_dir, reviewer="Jane Reviewer")
    assert has_reviewer_approval(run_dir)
    assert export_refusals(run_dir, make_gate(), policy=policy) == []
    reject_run(run_dir, reviewer="Jane Reviewer", note="canary exposure looks odd", change=True)
    assert not has_reviewer_approval(run_dir)
    assert export_refusals(run_dir, make_gate(), policy=policy) == [
        "sign-off: rejected by reviewer-jane-reviewer"
    ]
    with pytest.raises(ExportError, match="sign-off") as caught:
        export_run(
            run_dir,
            out=tmp_path / "bundle",
            policy=policy,
            signer=keys.signer,
            trust=TrustStore.load(),
        )
    assert caught.value.hint is not None and "review approve" in caught.value.hint
    assert export_refusals(run_dir, make_gate(), policy=make_policy()) == []


def test_k_distinct_reviewers_and_a_repeat_does_not_count_twice(tmp_path: Path) -> None:
    run_dir, _ = _run(tmp_path)
    enroll_reviewer("alice")
    enroll_reviewer("bob")
    policy = make_policy(reviewers=2)
    approve_run(run_dir, reviewer="alice")
    with pytest.raises(ConfigError, match="already approved this run"):
        approve_run(run_dir, reviewer="alice", note="again")
    # The same key under another display name is still the same enrolled reviewer.
    with pytest.raises(ConfigError, match="reviewer-alice has already approved"):
        approve_run(
            run_dir,
            reviewer="alice the second",
            key_file=_alice_key(),
        )
    assert not has_reviewer_approval(run_dir, required=2)
    assert export_refusals(run_dir, make_gate(), policy=policy) == [
        "sign-off: the policy requires approval by 2 enrolled reviewer(s); "
        "1 approve this run's gate decision"
    ]
    approve_run(run_dir, reviewer="bob")
    assert has_reviewer_approval(run_dir, required=2)
    assert export_refusals(run_dir, make_gate(), policy=policy) == []


def _alice_key() -> Path:
    from governance.review import default_reviewer_keys_dir

    return default_reviewer_keys_dir() / "reviewer-alice.key"


def test_a_forced_second_approval_in_the_log_counts_once(tmp_path: Path) -> None:
    """Bypass the library's refusal: replay alice's approval as a new entry, logged and
    checkpointed with the run key. One reviewer still counts once."""
    run_dir, keys = _run(tmp_path)
    enroll_reviewer("alice")
    signoff = approve_run(run_dir, reviewer="alice")
    with AuditLog.open(run_dir / "audit", signer=keys.signer, origin="distillgate/run-1") as log:
        log.append_durable(
            EventKind.REVIEWER_SIGNOFF, signoff.to_payload(), policy_hash=POLICY_HASH
        )
        log.checkpoint()
    assert has_reviewer_approval(run_dir, required=1)
    assert not has_reviewer_approval(run_dir, required=2)
