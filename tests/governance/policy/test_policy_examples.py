"""The shipped example policies and jobs load and lint clean; the JSON Schema is current."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from governance.errors import PolicyError
from governance.policy.job_loader import load_job
from governance.policy.lint import lint_paths
from governance.policy.loader import load_policy, policy_sha256
from governance.policy.models import EntityAction, ResponseViolationAction, TeacherProvider
from governance.policy.schema import render_policy_schema
from pipeline.run_preflight import default_job_path

ROOT = Path(__file__).resolve().parents[3]
POLICIES = sorted((ROOT / "policies").glob("*.yaml"))
JOBS = sorted((ROOT / "jobs").glob("*.yaml"))


def test_there_are_three_kinds_of_example_policy() -> None:
    assert {p.stem for p in POLICIES} >= {"support_tickets", "hr_emails", "clinical_notes"}
    assert JOBS


@pytest.mark.parametrize("path", POLICIES, ids=[p.stem for p in POLICIES])
def test_example_policy_loads_and_matches_schema(path: Path) -> None:
    loaded = load_policy(path)
    assert loaded.policy.source.name == path.stem
    assert len(loaded.sha256) == 64
    assert path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=./policy.schema.json\n"
    )
    schema = json.loads((ROOT / "policies" / "policy.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_example_policies_differ_in_kind() -> None:
    tickets = load_policy(ROOT / "policies" / "support_tickets.yaml").policy
    hr = load_policy(ROOT / "policies" / "hr_emails.yaml").policy
    clinical = load_policy(ROOT / "policies" / "clinical_notes.yaml").policy

    assert tickets.teacher.allows(TeacherProvider.GEMINI, "gemini-2.5-flash")
    assert tickets.prompt.entities["PHONE_NUMBER"].mask_keep_last == 2
    assert hr.prompt.entities["PERSON"].action is EntityAction.PSEUDONYMIZE
    assert {r.action for name, r in hr.prompt.entities.items() if name != "PERSON"} <= {
        EntityAction.REDACT,
        EntityAction.BLOCK,
    }
    assert hr.privacy.dp_required
    assert hr.privacy.target_epsilon is not None and tickets.privacy.target_epsilon is not None
    assert hr.privacy.target_epsilon < tickets.privacy.target_epsilon
    assert hr.response.on_violation is ResponseViolationAction.DROP
    mrn = clinical.prompt.custom_recognizers[0]
    assert mrn.entity_type == "MEDICAL_RECORD_NUMBER" and mrn.context
    assert any(r.deny_list for r in clinical.prompt.custom_recognizers)
    assert clinical.response.allowed_entities == []
    assert clinical.response.on_violation is ResponseViolationAction.DROP
    assert clinical.export.required_reviewers == 2
    assert not clinical.teacher.allows(TeacherProvider.GEMINI, "gemini-2.5-flash")


def test_example_jobs_lint_clean() -> None:
    paths = [*JOBS, *POLICIES, default_job_path()]
    report = lint_paths(paths)
    assert report.ok, report.problems


def test_lint_of_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    report = lint_paths(["policies", "jobs"])
    assert report.ok, report.problems
    assert {str(f.path) for f in report.files} == {
        str(p.relative_to(ROOT)) for p in [*POLICIES, *JOBS]
    }


def test_job_policy_resolved_relative_to_job_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT / "tests")
    job = load_job(ROOT / "jobs" / "support_tickets_gemini.yaml")
    assert job.policy_path == (ROOT / "policies" / "support_tickets.yaml").resolve()
    assert job.job.teacher.provider is TeacherProvider.GEMINI


def test_committed_schema_is_current() -> None:
    committed = (ROOT / "policies" / "policy.schema.json").read_text(encoding="utf-8")
    assert committed == render_policy_schema(), (
        "regenerate: distillgate policy schema --out policies/policy.schema.json"
    )


def test_hash_ignores_formatting_but_not_values(tmp_path: Path) -> None:
    source = ROOT / "policies" / "support_tickets.yaml"
    original = load_policy(source)
    stripped = "\n".join(
        line
        for line in source.read_text(encoding="utf-8").splitlines()
        if not line.lstrip().startswith("#")
    )
    same = tmp_path / "support_tickets.yaml"
    same.write_text(stripped + "\n", encoding="utf-8")
    changed = tmp_path / "changed" / "support_tickets.yaml"
    changed.parent.mkdir()
    changed.write_text(stripped.replace("target_epsilon: 8.0", "target_epsilon: 7.0"), "utf-8")

    assert load_policy(same).sha256 == original.sha256 == policy_sha256(original.policy)
    assert load_policy(changed).sha256 != original.sha256


def test_default_job_names_the_support_tickets_policy() -> None:
    path = default_job_path()
    assert path == ROOT / "pipeline" / "default_job.yaml"
    job = load_job(path)
    assert job.policy_path == (ROOT / "policies" / "support_tickets.yaml").resolve()


def test_run_copy_named_policy_yaml_loads_without_stem_check(tmp_path: Path) -> None:
    copy = tmp_path / "policy.yaml"
    source = ROOT / "policies" / "support_tickets.yaml"
    copy.write_bytes(source.read_bytes())

    with pytest.raises(PolicyError, match="1 problem"):
        load_policy(copy)
    assert load_policy(copy, check_file_stem=False).sha256 == load_policy(source).sha256
