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
from governance.runfiles.artifacts import RunManifest, write_artifact
from pipeline.export import export_refusals, export_run, has_reviewer_approval
from tests.support.anchors import anchors_aside
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


def _resign(bundle: Path, keys: Keys) -> None:
    from pipeline.export.digests import tree_digests
    from pipeline.export.manifest import (
        MANIFEST_FILE,
        SIGNATURE_FILE,
        BundleManifest,
        ManifestSignature,
    )

    old = BundleManifest.from_bytes((bundle / MANIFEST_FILE).read_bytes())
    files = tree_digests(bundle, exclude=frozenset({MANIFEST_FILE, SIGNATURE_FILE}))
    data = old.model_copy(update={"files": files}).to_bytes()
    (bundle / MANIFEST_FILE).write_bytes(data)
    ManifestSignature.create(keys.signer, data).write(bundle / SIGNATURE_FILE)


@pytest.mark.slow
def test_bundle_carries_the_approvals_and_export_verify_checks_them(tmp_path: Path) -> None:
    import json
    import shutil

    from pipeline.export import verify_bundle
    from pipeline.export.signoff_evidence import SIGNOFFS_FILE

    run_dir, keys = _run(tmp_path)
    enroll_reviewer("alice")
    approve_run(run_dir, reviewer="alice")
    trust = TrustStore.load()
    bundle = export_run(
        run_dir, out=tmp_path / "bundle", policy=make_policy(reviewers=1), signer=keys.signer
    ).path
    carried = json.loads((bundle / SIGNOFFS_FILE).read_text())
    assert carried["required_reviewers"] == 1 and len(carried["approvals"]) == 1
    assert verify_bundle(bundle, trust=trust).ok

    # Without the reviewer's enrolment the carried approval does not count.
    bare = TrustStore([k for k in trust.keys if k.role.value == "run-signer"])
    assert set(verify_bundle(bundle, trust=bare).problems) >= {
        f"{SIGNOFFS_FILE}: 0 enrolled reviewer(s) approved; 1 required"
    }
    # An insider with the run key drops the approvals and re-signs: still refused.
    dropped = tmp_path / "dropped"
    shutil.copytree(bundle, dropped)
    (dropped / SIGNOFFS_FILE).write_text(json.dumps({**carried, "approvals": []}))
    _resign(dropped, keys)
    assert verify_bundle(dropped, trust=trust).problems == (
        f"{SIGNOFFS_FILE}: 0 enrolled reviewer(s) approved; 1 required",
    )
    # ... or carries the approval of another run, proven against that run's checkpoint (a
    # run under the same id, made where the home's anchor log never saw the first one).
    with anchors_aside(tmp_path):
        other_dir, _ = _run(tmp_path / "other")
        approve_run(other_dir, reviewer="alice")
        other = export_run(
            other_dir, out=tmp_path / "b2", policy=make_policy(reviewers=1), signer=keys.signer
        ).path
    swapped = tmp_path / "swapped"
    shutil.copytree(bundle, swapped)
    shutil.copy(other / SIGNOFFS_FILE, swapped / SIGNOFFS_FILE)
    _resign(swapped, keys)
    problems = verify_bundle(swapped, trust=trust).problems
    assert (
        f"{SIGNOFFS_FILE}: approval 0: approval proven against a checkpoint other than the bundle's"
        in problems
    )
