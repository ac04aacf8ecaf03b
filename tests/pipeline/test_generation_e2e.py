"""A generation job end to end against the loopback Gemini server (the real google-genai SDK).

The teacher answers each redacted ticket with a deterministic one-line summary; a few answers
leak PII and must be redacted by the response policy before they become training targets.
Asserts what a reviewer relies on: the gate verdict, ROUGE-L agreement and the PII replay in
``privacy_report.json``, a verified export, a verified audit log, and no seeded raw PII value
in any request body or any file of the run directory.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from governance.audit.keys import TrustStore
from governance.audit.verify import verify_audit
from governance.errors import ConfigError
from pipeline.export import verify_bundle
from pipeline.run import RunOptions, run_job
from pipeline.teacher.base import record_text_of
from tests.pipeline.test_end_to_end import _files_containing, _seeded_pii_values
from tests.support.gemini_server import Fault, GeminiServer

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
N_RECORDS = 240
_TOPICS = ("refund", "invoice", "password", "login", "delivery", "parcel", "cancel", "app")
_LEAKY = "Summary: Robert Miller (robert.miller@example.com, 212-555-0199) wants a refund."
_LEAKED_VALUES = {"Robert Miller", "robert.miller@example.com", "212-555-0199"}


def summary_of(prompt: str) -> str:
    """The teacher's deterministic summary of the redacted ticket in ``prompt``."""
    record = record_text_of(prompt).lower()
    topic = next((t for t in _TOPICS if t in record), "a general question")
    return f"Summary: the customer writes about {topic}."


def _write_job(tmp_path: Path, **changes: object) -> Path:
    job = yaml.safe_load((REPO / "jobs" / "support_tickets_summary_gemini.yaml").read_text())
    policy = yaml.safe_load((REPO / "policies" / "support_tickets.yaml").read_text())
    policy["export"]["min_generation_agreement"] = 0.5
    # Four canaries keep the test short, but the mean exposure of the two or so planted is
    # noisy (chance: 1.44 bits, one in eight canaries is above 3 bits); 7 bits is full
    # memorisation. The 16-canary job keeps the policy's 3 bits.
    policy["export"]["max_canary_exposure"] = 5.0
    policy_dir = tmp_path / "policies"
    policy_dir.mkdir()
    (policy_dir / "support_tickets.yaml").write_text(yaml.safe_dump(policy))
    job["policy"] = str(policy_dir / "support_tickets.yaml")
    # Small enough for the test suite: one layer, short sequences, four canaries.
    job["student"].update({"num_layers": 1, "max_length": 48})
    job["training"].update({"epochs": 2, "batch_size": 48, "physical_batch_size": 48})
    job["teacher"].update({"requests_per_minute": 100_000})
    job["privacy_eval"] = {"canaries": 4}
    job["limits"] = {"max_records": N_RECORDS}
    job["runs_dir"] = str(tmp_path / "runs")
    job.update(changes)
    path = tmp_path / "job.yaml"
    path.write_text(yaml.safe_dump(job))
    return path


def test_generation_job_is_governed_end_to_end(tmp_path: Path, gemini_server: GeminiServer) -> None:
    gemini_server.generation_text = summary_of
    gemini_server.enqueue(*[Fault.model_text(_LEAKY)] * 3)

    outcome = run_job(RunOptions(job_path=_write_job(tmp_path), progress=False))
    run_dir = outcome.run_dir

    gate = json.loads((run_dir / "gate.json").read_text())
    assert gate["passed"] is outcome.gate_passed is True, [
        (e["name"], e["observed"], e["threshold"])
        for s in gate["suites"]
        for e in s["expectations"]
        if not e["success"]
    ]
    suites = {s["name"]: {e["name"]: e for e in s["expectations"]} for s in gate["suites"]}
    assert "label_in_allowed_set" not in suites["distilled_dataset"]
    assert suites["distilled_dataset"]["no_residual_pii_scanner_target"]["success"]

    training = json.loads((run_dir / "student" / "training.json").read_text())
    assert training["task_kind"] == "generation"
    rouge = training["metrics"]["agreement"]
    assert suites["utility"]["agreement_above_minimum"]["observed"] == rouge >= 0.5

    privacy = json.loads((run_dir / "privacy_report.json").read_text())
    assert privacy["dp"]["enabled"] is True and 0 < privacy["dp"]["epsilon"] <= 8.0
    replay = privacy["pii_replay"]
    assert replay["outputs"] == privacy["canaries"]["planted"] > 0  # one per planted canary
    assert replay["pii_findings"] == replay["canaries_found"] == 0
    assert privacy["pii_replay_hits"] == 0
    assert suites["privacy"]["pii_replay_no_canary_secret"]["observed"] == 0.0

    pii = json.loads((run_dir / "pii_summary.json").read_text())
    assert pii["responses_redacted"] >= 3

    assert outcome.export_dir is not None
    bundle = verify_bundle(outcome.export_dir, trust=TrustStore.load())
    assert bundle.ok, bundle.problems
    assert "- Task kind: generation" in (outcome.export_dir / "model_card.md").read_text()
    assert verify_audit(run_dir / "audit", trust=TrustStore.load()).ok

    report = (run_dir / "report.md").read_text()
    assert "generation" in report and "ROUGE-L" in report and "PII replay" in report

    seeded = _seeded_pii_values(N_RECORDS)
    assert len(seeded) > 100
    sent = gemini_server.bodies_text()
    assert gemini_server.request_count > 0
    assert [v for v in seeded if v in sent] == []
    assert _files_containing(run_dir, seeded) == {}
    # The leaked answers were redacted before they became targets, and the teacher's
    # response cache (which keeps answers as they arrive, before the response policy) seals
    # every row: no file of the run holds them.
    assert _files_containing(run_dir, _LEAKED_VALUES) == {}


def test_generation_with_the_local_teacher_is_refused_before_anything(tmp_path: Path) -> None:
    job = _write_job(tmp_path, teacher={"provider": "local", "model": "all-MiniLM-L6-v2-zero-shot"})
    with pytest.raises(ConfigError, match="only classifies") as caught:
        run_job(RunOptions(job_path=job, progress=False))
    assert "gemini" in (caught.value.hint or "")
    assert not (tmp_path / "runs").exists()
