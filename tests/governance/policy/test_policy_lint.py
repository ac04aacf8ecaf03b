"""Lint of policies and of jobs against the policies they name."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from governance.errors import PolicyError
from governance.policy.job_loader import load_job
from governance.policy.lint import FileKind, enforce_job_policy, lint_paths
from governance.policy.loader import load_policy

WriteFile = Callable[[str, str], Path]

JOB = """\
schema: distillgate/job/v1
name: tickets-demo
policy: ../policies/tickets.yaml
teacher:
  provider: gemini
  model: gemini-2.5-flash
dp:
  enabled: true
  target_epsilon: 8.0
limits:
  max_records: 500
"""


@pytest.fixture
def project(
    base_policy: str, write_file: WriteFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A folder with ``policies/tickets.yaml`` (valid) and ``jobs/``; the working dir."""
    write_file("policies/tickets.yaml", base_policy)
    (tmp_path / "jobs").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _line(text: str, needle: str) -> int:
    return next(i + 1 for i, line in enumerate(text.splitlines()) if line == needle)


def test_clean_job_and_its_policy(project: Path, write_file: WriteFile) -> None:
    write_file("jobs/ok.yaml", JOB)

    report = lint_paths([Path("jobs/ok.yaml")])

    assert report.ok, report.problems
    assert [(str(f.path), f.kind) for f in report.files] == [
        ("jobs/ok.yaml", FileKind.JOB),
        ("policies/tickets.yaml", FileKind.POLICY),
    ]
    assert report.files[0].policy_sha256 == load_policy("policies/tickets.yaml").sha256


@pytest.mark.parametrize(
    ("old", "new", "anchor", "key", "message"),
    [
        (
            "  model: gemini-2.5-flash\n",
            "  model: gemini-2.5-pro\n",
            "  model: gemini-2.5-pro",
            "teacher.model",
            r"teacher gemini/gemini-2\.5-pro is not allowed by policies/tickets\.yaml "
            r"\(allowed: local/\*, gemini/gemini-2\.5-flash\*\)",
        ),
        (
            "  enabled: true\n",
            "  enabled: false\n",
            "  enabled: false",
            "dp.enabled",
            r"DP cannot be switched off: policies/tickets\.yaml sets privacy\.dp_required: true",
        ),
        (
            "  target_epsilon: 8.0\n",
            "  target_epsilon: 10.0\n",
            "  target_epsilon: 10.0",
            "dp.target_epsilon",
            r"ε=10 exceeds the per-run target ε=8 of policies/tickets\.yaml",
        ),
        (
            "  target_epsilon: 8.0\n",
            "  target_epsilon: 8.0\n  accountant: rdp\n",
            "  accountant: rdp",
            "dp.accountant",
            r"accountant 'rdp' differs from policies/tickets\.yaml's 'prv'",
        ),
        (
            "  max_records: 500\n",
            "  max_records: 200000\n",
            "  max_records: 200000",
            "limits.max_records",
            r"200000 records need more teacher calls than the policy's max_calls_per_run",
        ),
        (
            "  provider: gemini\n",
            "  provider: openai\n",
            "  provider: openai",
            "teacher.provider",
            r"Input should be 'local', 'gemini' or 'transformers' \(got 'openai'\)",
        ),
        (
            "limits:\n",
            "colour: red\nlimits:\n",
            "colour: red",
            "colour",
            "Extra inputs are not permitted",
        ),
    ],
    ids=[
        "teacher-not-allowed",
        "dp-off",
        "epsilon-above-target",
        "accountant",
        "calls",
        "provider",
        "extra-key",
    ],
)
def test_job_against_policy(
    project: Path, write_file: WriteFile, old: str, new: str, anchor: str, key: str, message: str
) -> None:
    text = JOB.replace(old, new)
    write_file("jobs/bad.yaml", text)

    report = lint_paths(["jobs/bad.yaml"])

    assert not report.ok
    expected = rf"jobs/bad\.yaml:{_line(text, anchor)}:\d+: {re.escape(key)}: {message}"
    assert any(re.match(expected, p) for p in report.problems), (expected, report.problems)


def test_dp_off_where_optional_but_budgeted(
    project: Path, base_policy: str, write_file: WriteFile
) -> None:
    write_file(
        "policies/tickets.yaml", base_policy.replace("dp_required: true", "dp_required: false")
    )
    text = JOB.replace("  enabled: true\n", "  enabled: false\n")
    write_file("jobs/nodp.yaml", text)

    report = lint_paths(["jobs/nodp.yaml"])

    assert report.problems == (
        f"jobs/nodp.yaml:{_line(text, '  enabled: false')}:12: dp.enabled: a run without DP "
        "spends ε=inf, which the lifetime budget of 40 in policies/tickets.yaml can never cover",
    )


def test_every_problem_of_every_file_at_once(
    project: Path, base_policy: str, write_file: WriteFile
) -> None:
    write_file(
        "policies/broken.yaml",
        base_policy.replace("name: tickets", "name: broken").replace("delta: 1.0e-5", "delta: 3"),
    )
    job = JOB.replace("gemini-2.5-flash", "gemini-1.0-ultra").replace(
        "enabled: true", "enabled: false"
    )
    write_file("jobs/bad.yaml", job)
    write_file("jobs/orphan.yaml", JOB.replace("../policies/tickets.yaml", "../policies/none.yaml"))

    report = lint_paths(["policies/broken.yaml", "jobs/bad.yaml", "jobs/orphan.yaml"])

    by_file = {str(f.path): f.problems for f in report.files}
    assert list(by_file) == [
        "policies/broken.yaml",
        "jobs/bad.yaml",
        "jobs/orphan.yaml",
        "policies/tickets.yaml",
        "policies/none.yaml",
    ]
    assert [p.split(": ")[1] for p in by_file["policies/broken.yaml"]] == ["privacy.delta"]
    assert [p.split(": ")[1] for p in by_file["jobs/bad.yaml"]] == ["teacher.model", "dp.enabled"]
    assert by_file["jobs/orphan.yaml"] == (
        "jobs/orphan.yaml:3:9: policy: policy file policies/none.yaml does not load "
        "(see its problems)",
    )
    assert by_file["policies/tickets.yaml"] == ()
    assert by_file["policies/none.yaml"] == (
        "policies/none.yaml:1:1: <file>: cannot read file: No such file or directory",
    )
    assert len(report.problems) == 5


def test_kind_detected_without_schema_key(project: Path, write_file: WriteFile) -> None:
    write_file("jobs/plain.yaml", JOB.replace("schema: distillgate/job/v1\n", ""))
    write_file("other.yaml", "policy_version: '1'\n")

    report = lint_paths(["jobs/plain.yaml", "other.yaml"])

    assert [f.kind for f in report.files[:2]] == [FileKind.JOB, FileKind.POLICY]
    assert report.files[0].ok
    assert "other.yaml:1:1: source: Field required" in report.files[1].problems


def test_enforce_job_policy_raises_with_every_problem(project: Path, write_file: WriteFile) -> None:
    job_path = write_file(
        "jobs/bad.yaml", JOB.replace("gemini-2.5-flash", "gemini-9").replace("8.0", "9.0")
    )
    job = load_job(job_path)
    assert job.policy_path == (project / "policies" / "tickets.yaml").resolve()

    with pytest.raises(PolicyError, match=r"the job breaks its policy \(2 problem\(s\)\)") as info:
        enforce_job_policy(job, load_policy(job.policy_path))

    assert [p.split(": ")[1] for p in info.value.problems] == ["teacher.model", "dp.target_epsilon"]


def test_job_error_names_line(project: Path, write_file: WriteFile) -> None:
    write_file("jobs/bad.yaml", JOB.replace("  max_records: 500", "  max_records: -5"))
    with pytest.raises(PolicyError) as info:
        load_job(Path("jobs/bad.yaml"))
    assert info.value.problems == [
        "jobs/bad.yaml:11:16: limits.max_records: Input should be greater than 0 (got -5)"
    ]
