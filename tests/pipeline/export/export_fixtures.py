"""A small gated run directory with a tiny random BERT student, its audit log and a signer."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from governance.audit.events import EventKind
from governance.audit.keys import Signer, TrustStore
from governance.audit.log import AuditLog
from governance.gates import AllOf, ExpectationOutcome, GateResult, SuiteResult
from governance.policy.models import Policy
from governance.privacy.report import (
    CanaryResult,
    DpAccounting,
    EmpiricalEpsilon,
    MembershipInference,
    PrivacyReport,
)
from tests.support.policies import minimal_policy

POLICY_HASH = "ab" * 32
LABELS = ("billing", "refund", "login")


@dataclass(frozen=True)
class Keys:
    signer: Signer
    trust: TrustStore


def outcome(name: str, observed: float, threshold: str, success: bool) -> ExpectationOutcome:
    return ExpectationOutcome(
        name=name,
        expectation_type="expect_column_max_to_be_between",
        observed=observed,
        threshold=threshold,
        success=success,
        reason=f"{name}: {'met' if success else 'NOT met'}",
    )


def make_gate(*, passing: bool = True) -> GateResult:
    suites = (
        SuiteResult.judge(
            "privacy",
            (
                outcome("epsilon_within_run_target", 3.0 if passing else 9.5, "<= 8.0", passing),
                outcome("mia_auc_below_limit", 0.52, "<= 0.6", True),
            ),
        ),
        SuiteResult.judge(
            "utility",
            (outcome("agreement_above_minimum", 0.9 if passing else 0.2, ">= 0.6", passing),),
        ),
    )
    return GateResult(
        run_dir_name="run-1",
        created_at="2026-01-01T00:00:00+00:00",
        gx_version="1.24.1",
        passed=AllOf(suites).passed,
        suites=suites,
    )


def make_policy(*, reviewers: int = 0) -> Policy:
    return minimal_policy(export={"required_reviewers": reviewers})


def _report() -> PrivacyReport:
    return PrivacyReport(
        run_id="run-1",
        source="support_tickets",
        policy_sha256=POLICY_HASH,
        dp=DpAccounting(
            enabled=True,
            epsilon=3.0,
            delta=1e-5,
            noise_multiplier=1.1,
            dataset_size=1000,
            accountant="prv",
            steps=30,
        ),
        lifetime_epsilon_spent=6.0,
        lifetime_epsilon_budget=20.0,
        membership_inference=[
            MembershipInference(
                attack="loss_threshold",
                auc=0.52,
                tpr_at_1pct_fpr=0.01,
                tpr_at_01pct_fpr=0.0,
                members=100,
                non_members=100,
            )
        ],
        canaries=CanaryResult(planted=16, max_exposure_bits=1.2, mean_exposure_bits=0.5, exposed=0),
        empirical_epsilon=EmpiricalEpsilon(method="one-run", lower_bound=0.4, confidence=0.95),
    )


def _student(folder: Path) -> None:
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    folder.mkdir(parents=True)
    words = [
        "[PAD]",
        "[UNK]",
        "[CLS]",
        "[SEP]",
        "[MASK]",
        "my",
        "invoice",
        "is",
        "wrong",
        "refund",
        "please",
        "login",
        "fails",
    ]
    vocab = folder.parent / "vocab.txt"
    vocab.write_text("\n".join(words) + "\n", encoding="utf-8")
    BertTokenizerFast(vocab_file=str(vocab)).save_pretrained(folder)
    config = BertConfig(
        vocab_size=len(words),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={n: i for i, n in enumerate(LABELS)},
    )
    BertForSequenceClassification(config).save_pretrained(folder)
    (folder / "training.json").write_text(json.dumps({"metrics": {"agreement": 0.9}}))
    (folder / "checkpoints").mkdir()
    (folder / "checkpoints" / "epoch-1.pt").write_bytes(b"optimizer state")


def build_run(root: Path, keys: Keys, *, passing: bool = True) -> Path:
    """A run directory whose gate decision is in gate.json and in its audit log."""
    run_dir = root / "run-1"
    _student(run_dir / "student")
    _report().write(run_dir / "privacy_report.json")
    gate = make_gate(passing=passing)
    gate.write(run_dir / "gate.json")
    (run_dir / "validation").mkdir()
    (run_dir / "validation" / "privacy.json").write_text('{"success": true}\n')
    with AuditLog.create(run_dir / "audit", signer=keys.signer, origin="distillgate/run-1") as log:
        log.append(EventKind.RUN_STARTED, {"run_id": "run-1"}, policy_hash=POLICY_HASH)
        log.append(EventKind.GATE_RESULT, gate.to_audit_payload(), policy_hash=POLICY_HASH)
        log.checkpoint()
    return run_dir
