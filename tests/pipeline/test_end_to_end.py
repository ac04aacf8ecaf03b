"""The gated run end to end, on a reduced demo, with sockets limited to loopback.

Asserts what a reviewer relies on: every artifact exists, the audit log verifies, the gate
verdict is recorded, and no seeded raw PII value appears in any prompt sent to the teacher or
in any file of the run directory or of the distillgate home.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from governance.audit.keys import TrustStore
from governance.audit.verify import verify_audit
from governance.gates.gate import run_gate
from governance.pii.model_identity import model_identity
from governance.policy.loader import load_policy
from governance.policy.models import TeacherProvider
from pipeline.run import RunOptions, run_job
from pipeline.sources.support_tickets import generate_tickets
from tests.support.demo_shape import check_golden, run_shape
from tests.support.gemini_server import GeminiServer

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
N_RECORDS = 200


def _seeded_pii_values(count: int) -> set[str]:
    values: set[str] = set()
    for ticket in generate_tickets(2000)[:count]:
        for found in ticket.pii.values():
            values.update(v for v in found if len(v) >= 6)
    return values


def _write_job(tmp_path: Path, **overrides: object) -> Path:
    job = yaml.safe_load((REPO / "pipeline" / "default_job.yaml").read_text())
    job["policy"] = str(REPO / "policies" / "support_tickets.yaml")
    job["training"]["epochs"] = 1
    job["limits"] = {"max_records": N_RECORDS}
    job["runs_dir"] = str(tmp_path / "runs")
    for key, value in overrides.items():
        job[key] = value
    path = tmp_path / "job.yaml"
    path.write_text(yaml.safe_dump(job))
    return path


def _files_containing(root: Path, values: set[str]) -> dict[str, list[str]]:
    hits: dict[str, list[str]] = {}
    encoded = {v: v.encode("utf-8") for v in values}
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        found = [v for v, b in encoded.items() if b in data]
        if found:
            hits[str(path.relative_to(root))] = found
    return hits


def test_reduced_demo_is_governed_end_to_end(
    tmp_path: Path, distillgate_home: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    outcome = run_job(RunOptions(job_path=_write_job(tmp_path), progress=False))
    run_dir = outcome.run_dir

    for name in (
        "run.json",
        "job.yaml",
        "policy.yaml",
        "audit/log.jsonl",
        "audit/checkpoints.jsonl",
        "dataset/dataset_dict.json",
        "pii_summary.json",
        "teacher_usage.json",
        "student/config.json",
        "student/model.safetensors",
        "privacy_report.json",
        "probes.json",
        "gate.json",
        "report.html",
        "report.md",
        "report.json",
    ):
        assert (run_dir / name).exists(), name

    verification = verify_audit(run_dir / "audit", trust=TrustStore.load())
    assert verification.ok, verification.reason

    manifest = json.loads((run_dir / "run.json").read_text())
    gate = json.loads((run_dir / "gate.json").read_text())
    assert manifest["gate_passed"] is gate["passed"] is outcome.gate_passed
    entries = [json.loads(line) for line in (run_dir / "audit/log.jsonl").read_text().splitlines()]
    kinds = [entry["kind"] for entry in entries]
    # The policy entry pins the NER model the gateway scanned with (the shipped one here).
    (loaded,) = [e["payload"] for e in entries if e["kind"] == "policy_loaded"]
    shipped = model_identity("en_distillgate_ner")
    assert (loaded["ner_model"], loaded["ner_model_version"], loaded["ner_model_sha256"]) == (
        "en_distillgate_ner",
        shipped.version,
        shipped.sha256,
    )
    assert "gate_result" in kinds and "prompt_decision" in kinds and "epsilon_spent" in kinds
    assert kinds.count("prompt_decision") >= N_RECORDS

    privacy = json.loads((run_dir / "privacy_report.json").read_text())
    assert privacy["dp"]["enabled"] is True
    assert 0 < privacy["dp"]["epsilon"] <= 8.0

    # The gateway's recall probes ran before the first teacher call, the report shows them
    # per entity type, and every probe expectation of the gate passes with the demo policy's
    # own thresholds (the reduced demo's gate fails on student utility, not on the probes).
    assert kinds.index("pii_probe") < kinds.index("teacher_call")
    probes = json.loads((run_dir / "probes.json").read_text())
    measured = [t["entity_type"] for t in probes["types"]]
    assert {"PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "US_SSN"} <= set(measured)
    report_md = (run_dir / "report.md").read_text()
    assert "How much personal data the gateway missed (recall probes)" in report_md
    assert "Probe recall is the share of known synthetic values" in report_md
    for entity_type in measured:
        assert f"| {entity_type.replace('_', chr(92) + '_')} |" in report_md, entity_type
    probe_checks = {
        e["name"]: e["success"]
        for suite in gate["suites"]
        for e in suite["expectations"]
        if e["name"].startswith("pii_probe_recall_")
    }
    assert set(probe_checks) == {f"pii_probe_recall_{t.lower()}" for t in measured}
    assert all(probe_checks.values()), probe_checks

    # No seeded raw PII anywhere in the run directory, the home (no copy of the source) or
    # in what the run printed.
    values = _seeded_pii_values(N_RECORDS)
    assert len(values) > 100
    assert _files_containing(run_dir, values) == {}
    assert _files_containing(distillgate_home, values) == {}
    out, err = capfd.readouterr()
    assert not [v for v in values if v in out or v in err]

    # The shape of the run (entry kinds and counts, dataset size, PII counts, verdict, ε) is
    # pinned: a change that moves it updates the golden file on purpose.
    check_golden(run_shape(run_dir), REPO / "tests" / "assets" / "reduced_demo_shape.json")

    # One definition of residual PII: gating the finished run again (as `distillgate gate`
    # does, with the policy's own gateway) agrees with the run's gate on every expectation.
    regate = run_gate(
        run_dir,
        policy=load_policy(run_dir / "policy.yaml", check_file_stem=False).policy,
        audit_ok=True,
    )
    assert _expectations(json.loads(regate.to_json())) == _expectations(gate)


def _expectations(gate: dict[str, object]) -> dict[str, tuple[object, bool]]:
    suites = gate["suites"]
    assert isinstance(suites, list)
    return {
        f"{suite['name']}.{e['name']}": (e["observed"], e["success"])
        for suite in suites
        for e in suite["expectations"]
    }


def test_gemini_teacher_never_receives_raw_pii(tmp_path: Path, gemini_server: GeminiServer) -> None:
    """The real google-genai SDK against a loopback Gemini server: nothing raw left the process."""
    n_records = 120
    job_path = _write_job(tmp_path)
    job = yaml.safe_load(job_path.read_text())
    job["limits"] = {"max_records": n_records}
    job["privacy_eval"] = {"canaries": 4}
    job_path.write_text(yaml.safe_dump(job))

    outcome = run_job(RunOptions(job_path=job_path, teacher=TeacherProvider.GEMINI, progress=False))

    usage = json.loads((outcome.run_dir / "teacher_usage.json").read_text())
    assert usage["provider"] == "gemini"
    assert usage["calls"] == gemini_server.request_count > 0
    assert usage["calls"] + usage["blocked_prompts"] == n_records
    sent = gemini_server.bodies_text()
    values = {v for v in _seeded_pii_values(n_records)}
    assert [v for v in values if v in sent] == []
    assert _files_containing(outcome.run_dir, values) == {}
    assert verify_audit(outcome.run_dir / "audit", trust=TrustStore.load()).ok
