"""Reviewer sign-off as the export sees it: approve, reject, none."""

from __future__ import annotations

from pathlib import Path

import pytest
from export_fixtures import POLICY_HASH, Keys, build_run, make_gate, make_policy

from governance.audit.keys import TrustStore, load_or_create_signer
from governance.errors import ExportError
from governance.review import approve_run, reject_run
from governance.runfiles.artifacts import RunManifest, write_artifact
from pipeline.export import export_refusals, export_run, has_reviewer_approval


def _run(tmp_path: Path) -> tuple[Path, Keys]:
    keys = Keys(load_or_create_signer(), TrustStore.load())
    run_dir = build_run(tmp_path, keys)
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
    policy = make_policy(signoff=True)
    assert not has_reviewer_approval(run_dir)
    assert export_refusals(run_dir, make_gate(), policy=policy) == [
        "sign-off: the policy requires a reviewer's approval and none is recorded "
        "(or the latest valid decision is a rejection)"
    ]
    approve_run(run_dir, reviewer="Jane Reviewer")
    assert has_reviewer_approval(run_dir)
    assert export_refusals(run_dir, make_gate(), policy=policy) == []
    reject_run(run_dir, reviewer="Jane Reviewer", note="canary exposure looks odd")
    assert not has_reviewer_approval(run_dir)
    with pytest.raises(ExportError, match="sign-off"):
        export_run(
            run_dir,
            out=tmp_path / "bundle",
            policy=policy,
            signer=keys.signer,
            trust=keys.trust,
        )
    assert export_refusals(run_dir, make_gate(), policy=make_policy()) == []
