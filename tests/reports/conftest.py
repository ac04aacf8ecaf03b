"""Fixture run directories for the report and sign-off tests.

``make_run`` writes every file of a run directory the way the pipeline does (real artifact
models, a real signed audit log). Raw PII values from ``RAW_PII`` are planted where the
pipeline may legitimately hold them (the raw dataset, the job file) and where a careless
report could copy them from (audit payload extras, training metadata): no report file may
ever contain them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from governance.audit.keys import load_or_create_signer
from governance.audit.log import AuditLog
from governance.gates.combinators import AllOf
from governance.gates.result import ExpectationOutcome, GateResult, SuiteResult
from governance.jsontypes import JsonObject
from governance.paths import keys_dir
from governance.policy.loader import policy_sha256
from governance.policy.models import Policy
from governance.privacy.report import (
    CanaryResult,
    DpAccounting,
    EmpiricalEpsilon,
    MembershipInference,
    PrivacyReport,
    RocPoint,
)
from governance.runfiles.artifacts import (
    EntityCounts,
    PiiSummary,
    RunManifest,
    TeacherUsage,
    write_artifact,
)

RAW_PII = (
    "jane.roe@example.org",
    "+1 415 555 0134",
    "4111 1111 1111 1111",
    "Jonathan Quincy Adamsworth",
)
LABELS = ["billing", "shipping", "returns"]

POLICY: dict[str, Any] = {
    "schema": "distillgate/policy/v1",
    "policy_version": "2026.11.1",
    "source": {
        "name": "support_tickets",
        "format": "builtin",
        "location": "support_tickets",
        "text_fields": ["subject", "body"],
        "owner": "Customer Care Analytics",
    },
    "processing": {
        "controller": "Example Retail GmbH",
        "controller_contact": "dpo@example.com",
        "purpose": "Route support tickets with a small intent classifier",
        "lawful_basis": "Art. 6(1)(f) legitimate interests",
        "data_subject_categories": ["customers"],
        "personal_data_categories": ["names", "contact details"],
        "recipients": [{"name": "Google LLC (Gemini API)", "role": "processor", "region": "EU"}],
        "transfers": [{"destination": "US", "safeguard": "EU SCCs 2021/914"}],
        "retention": "raw tickets 90 days; run artifacts 2 years",
        "erasure": "erasure requests remove records from future runs",
        "security_measures": ["pseudonymization before the teacher", "signed audit log"],
    },
    "prompt": {
        "entities": {
            "EMAIL_ADDRESS": {"action": "pseudonymize"},
            "CREDIT_CARD": {"action": "block"},
        }
    },
    "teacher": {"allowed": [{"provider": "local", "model": "*"}]},
    "privacy": {
        "dp_required": True,
        "target_epsilon": 3.0,
        "delta": 1e-5,
        "lifetime_epsilon_budget": 10.0,
    },
    "export": {"max_epsilon": 3.0, "required_reviewers": 0},
}


#: (suite, expectation, GX type, observed, threshold, reason): names and reasons as the real
#: suites write them (checked against the pinned demo's gate by test_fixture_names_are_real).
_GATE_ROWS: tuple[tuple[str, str, str, Any, Any, str], ...] = (
    (
        "distilled_dataset",
        "no_residual_pii_scanner",
        "expect_column_values_to_be_between",
        0.0,
        0.0,
        "a rescan with the PII gateway finds nothing (fraction of records allowed)",
    ),
    (
        "distilled_dataset",
        "label_in_allowed_set",
        "expect_column_values_to_be_in_set",
        0,
        list(LABELS),
        "every label is one of the task's labels",
    ),
    (
        "privacy",
        "epsilon_within_run_target",
        "expect_column_max_to_be_between",
        2.9,
        "<= 3.0",
        "ε spent by this run is within the policy's per-run target",
    ),
    (
        "privacy",
        "mia_auc_below_limit",
        "expect_column_max_to_be_between",
        0.52,
        "<= 0.6",
        "the strongest membership-inference attack's AUC is within the policy's limit",
    ),
    (
        "utility",
        "agreement_above_minimum",
        "expect_column_min_to_be_between",
        0.91,
        ">= 0.5",
        "the student agrees with the teacher at least as often as the policy demands",
    ),
)

#: Every expectation name the fixture gate uses.
GATE_FIXTURE_NAMES = tuple(f"{suite}.{name}" for suite, name, *_ in _GATE_ROWS)


def gate_json(*, failing: tuple[str, ...] = ()) -> JsonObject:
    """A gate decision built with the real result models (``governance.gates.result``)."""
    unknown = set(failing) - {name for _, name, *_ in _GATE_ROWS}
    assert not unknown, f"no such fixture expectation: {unknown}"
    suites: dict[str, list[ExpectationOutcome]] = {}
    for suite, name, kind, observed, threshold, meaning in _GATE_ROWS:
        success = name not in failing
        suites.setdefault(suite, []).append(
            ExpectationOutcome(
                name=name,
                expectation_type=kind,
                observed=observed,
                threshold=threshold,
                success=success,
                reason=f"{meaning}: {'met' if success else 'NOT met'}",
            )
        )
    results = tuple(SuiteResult.judge(name, tuple(items)) for name, items in suites.items())
    gate = GateResult(
        run_dir_name="r",
        created_at="2026-11-28T02:00:00+00:00",
        gx_version="1.3.0",
        passed=AllOf(results).passed,
        suites=results,
    )
    data: JsonObject = json.loads(gate.to_json())
    return data


def training_json(*, with_confusion: bool) -> JsonObject:
    """``student/training.json`` in the shape of ``pipeline.student.result.TrainingResult``."""
    metrics: JsonObject = {
        "eval_size": 200,
        "agreement": 0.91,
        "accuracy": 0.87,
        "ece": 0.043,
        "model_size_bytes": 1_234_567,
        "latency_ms_per_example": 3.2,
    }
    if with_confusion:
        metrics["labels"] = list(LABELS)
        metrics["confusion_matrix"] = [[50, 3, 2], [4, 40, 1], [1, 2, 30]]
    return {
        "epsilon": 2.9,
        "delta": 1e-5,
        "target_epsilon": 3.0,
        "noise_multiplier": 1.1,
        "max_grad_norm": 1.0,
        "sample_rate": 0.016,
        "steps": 100,
        "epochs": 2,
        "dataset_size": 4000,
        "accountant": "prv",
        "clipping": "ghost",
        "secure_rng": True,
        "epsilon_history": [[50, 2.0], [100, 2.9]],
        "model_dir": f"/data/{RAW_PII[3]}/student",
        "seed": 7,
        "metrics": metrics,
        "train_seconds": 12.5,
        "batch_size": 64,
        "unsafe_noise_scale": 1.0,
        "checkpoints": [f"note {RAW_PII[2]}"],
    }


def _write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def _export_bundle(export: Path, run_id: str) -> None:
    """A bundle manifest in the canonical form of ``pipeline.export.manifest.BundleManifest``."""
    manifest = {
        "schema": "distillgate/export-manifest/v1",
        "run": run_id,
        "created_at": "2026-11-28T01:08:00+00:00",
        "key_id": "0123456789abcdef",
        "gate_passed": True,
        "files": {"model.onnx": "cd" * 32},
    }
    export.mkdir(parents=True)
    (export / "manifest.json").write_bytes(
        json.dumps(manifest, sort_keys=True, separators=(",", ":")).encode("ascii")
    )
    (export / "manifest.sig").write_text("{}", encoding="utf-8")


def bundle_digest(run_dir: Path) -> str:
    """What the report must show as the bundle digest."""
    return (
        "sha256:" + hashlib.sha256((run_dir / "export" / "manifest.json").read_bytes()).hexdigest()
    )


def _audit(run_dir: Path, run_id: str, policy_hash: str, *, passed: bool = True) -> None:
    signer = load_or_create_signer(keys_dir())
    with AuditLog.create(run_dir / "audit", signer=signer, origin=f"distillgate/{run_id}") as log:
        log.append("run_started", {"run_id": run_id}, policy_hash=policy_hash)
        log.append("policy_loaded", {"version": "2026.11.1"}, policy_hash=policy_hash)
        for i in range(3):
            log.append(
                "prompt_scanned",
                {"example_id": f"ex{i}", "entities": ["EMAIL_ADDRESS"], "raw_text": RAW_PII[0]},
                policy_hash=policy_hash,
            )
            log.append("teacher_call", {"example_id": f"ex{i}"}, policy_hash=policy_hash)
        log.append("epsilon_spent", {"epsilon": 2.9}, policy_hash=policy_hash)
        log.append("gate_result", {"passed": passed}, policy_hash=policy_hash)
        log.append("run_ended", {"status": "completed"}, policy_hash=policy_hash)


def _privacy(run_id: str, sha: str, *, epsilon: float, lifetime: float) -> PrivacyReport:
    history = [(s, epsilon * (s / 100) ** 0.5) for s in range(10, 101, 10)]
    roc = [RocPoint(fpr=f / 10, tpr=min(1.0, f / 10 + 0.04)) for f in range(1, 10)]
    return PrivacyReport(
        run_id=run_id,
        source="support_tickets",
        policy_sha256=sha,
        dp=DpAccounting(
            enabled=True,
            epsilon=epsilon,
            delta=1e-5,
            target_epsilon=3.0,
            noise_multiplier=1.1,
            max_grad_norm=1.0,
            sample_rate=0.016,
            steps=100,
            epochs=2,
            dataset_size=4000,
            accountant="prv",
            clipping="ghost",
            secure_rng=True,
            epsilon_history=history,
        ),
        lifetime_epsilon_spent=lifetime,
        lifetime_epsilon_budget=10.0,
        membership_inference=[
            MembershipInference(
                attack="loss_threshold",
                auc=0.523,
                tpr_at_1pct_fpr=0.012,
                tpr_at_01pct_fpr=0.001,
                members=500,
                non_members=500,
                roc=roc,
            )
        ],
        canaries=CanaryResult(
            planted=8, max_exposure_bits=1.7, mean_exposure_bits=0.9, exposed=0, digests=["ab"]
        ),
        empirical_epsilon=EmpiricalEpsilon(
            method="one-run (Steinke et al. 2023)", lower_bound=0.41, confidence=0.95
        ),
    )


def make_run_dir(
    root: Path,
    run_id: str = "20261128-support-a1b2",
    *,
    failing: tuple[str, ...] = (),
    epsilon: float = 2.9,
    lifetime: float = 5.8,
    started_at: str = "2026-11-28T01:00:00+00:00",
    policy_overrides: dict[str, Any] | None = None,
    redacted_examples: tuple[str, ...] = (
        "Hi, I am <PERSON_1>, mail me at <EMAIL_ADDRESS_1> about order 1234.",
    ),
) -> Path:
    """Write a complete run directory under ``root`` and return it."""
    run_dir = root / run_id
    run_dir.mkdir(parents=True)
    doc = json.loads(json.dumps(POLICY))
    for key, value in (policy_overrides or {}).items():
        doc[key] = {**doc[key], **value}
    policy = Policy.model_validate(doc)
    sha = policy_sha256(policy)
    (run_dir / "policy.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    (run_dir / "job.yaml").write_text(f"# contact {RAW_PII[3]}\nname: support\n", encoding="utf-8")
    write_artifact(
        RunManifest(
            run_id=run_id,
            job_name="support-intents",
            source="support_tickets",
            policy_path="policies/support_tickets.yaml",
            policy_sha256=sha,
            policy_version="2026.11.1",
            teacher_provider="local",
            teacher_model="all-MiniLM-L6-v2",
            started_at=started_at,
            finished_at=started_at.replace("01:00", "01:07"),
            status="completed",
            gate_passed=not failing,
        ),
        run_dir / "run.json",
    )
    write_artifact(
        TeacherUsage(
            provider="local",
            model="all-MiniLM-L6-v2",
            calls=400,
            cached=12,
            retries=3,
            blocked_prompts=5,
            rejected_responses=2,
            input_tokens=51234,
            output_tokens=800,
            estimated_cost_usd=0.0123,
        ),
        run_dir / "teacher_usage.json",
    )
    write_artifact(
        PiiSummary(
            records_scanned=405,
            records_blocked=5,
            responses_redacted=2,
            entities=[
                EntityCounts(entity_type="EMAIL_ADDRESS", in_prompts=120, action="pseudonymize"),
                EntityCounts(entity_type="CREDIT_CARD", in_prompts=5, action="block"),
                EntityCounts(entity_type="PERSON", in_prompts=80, in_responses=2, action="redact"),
            ],
            redacted_examples=list(redacted_examples),
        ),
        run_dir / "pii_summary.json",
    )
    _privacy(run_id, sha, epsilon=epsilon, lifetime=lifetime).write(run_dir / "privacy_report.json")
    _write_json(run_dir / "gate.json", gate_json(failing=failing))
    docs = run_dir / "validation" / "data_docs" / "index.html"
    docs.parent.mkdir(parents=True)
    docs.write_text("<html><body>Data Docs</body></html>", encoding="utf-8")
    _write_json(run_dir / "student" / "training.json", training_json(with_confusion=True))
    _export_bundle(run_dir / "export", run_id)
    (run_dir / "dataset").mkdir()
    (run_dir / "dataset" / "raw_cache.jsonl").write_text(
        json.dumps({"text": " ".join(RAW_PII)}) + "\n", encoding="utf-8"
    )
    _audit(run_dir, run_id, sha, passed=not failing)
    return run_dir


@pytest.fixture
def make_run(tmp_path: Path) -> Callable[..., Path]:
    """Factory: ``make_run(run_id=..., failing=(...), ...)`` under ``tmp_path / 'runs'``."""

    def factory(run_id: str = "20261128-support-a1b2", **kwargs: Any) -> Path:
        return make_run_dir(tmp_path / "runs", run_id, **kwargs)

    return factory


@pytest.fixture
def run_dir(make_run: Callable[..., Path]) -> Path:
    """A complete run whose gate passed."""
    return make_run()
