"""Fixtures for the gate tests: a policy, a good run directory and a simple PII counter."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import datasets

from governance.policy.models import Policy
from governance.privacy.report import (
    CanaryResult,
    DpAccounting,
    EmpiricalEpsilon,
    MembershipInference,
    PrivacyReport,
)
from tests.support.policies import minimal_policy

LABELS = ("billing", "refund", "login")

_PII = re.compile(r"[\w.]+@[\w.]+\.\w+|\b\d{3}-\d{2}-\d{4}\b|\bJohn Smith\b")


def count_pii(text: str) -> int:
    """A stand-in scanner: e-mails, SSNs and one known name."""
    return len(_PII.findall(text))


def make_policy(**export: Any) -> Policy:
    return minimal_policy(
        export={"max_epsilon": 8.0, "min_agreement": 0.6, "min_accuracy": 0.5, **export}
    )


def record(i: int, split: str, *, label: int = 0, **over: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "example_id": f"{split}-{i}",
        "text": f"ticket {split} {i}: my invoice for <PERSON_{i}> looks wrong",
        "label": LABELS[label],
        "label_index": label,
        "soft_label": [0.8, 0.1, 0.1] if label == 0 else [0.1, 0.8, 0.1],
        "ground_truth": LABELS[label] if split == "eval" else None,
        "split": split,
    }
    row.update(over)
    return row


def write_dataset(run_dir: Path, train: list[dict[str, Any]], eval_: list[dict[str, Any]]) -> None:
    features = datasets.Features(
        {
            "example_id": datasets.Value("string"),
            "text": datasets.Value("string"),
            "label": datasets.Value("string"),
            "label_index": datasets.Value("int64"),
            "soft_label": datasets.Sequence(datasets.Value("float64")),
            "ground_truth": datasets.Value("string"),
            "split": datasets.Value("string"),
        }
    )
    extra = {k for r in train + eval_ for k in r} - set(features)
    for key in extra:
        features[key] = datasets.Value("string")
    datasets.DatasetDict(
        {
            "train": datasets.Dataset.from_list(train, features=features),
            "eval": datasets.Dataset.from_list(eval_, features=features),
        }
    ).save_to_disk(str(run_dir / "dataset"))


def good_report(**dp: Any) -> PrivacyReport:
    return PrivacyReport(
        run_id="run-1",
        source="support_tickets",
        policy_sha256="0" * 64,
        dp=DpAccounting(
            enabled=True,
            epsilon=3.0,
            delta=1e-5,
            target_epsilon=8.0,
            noise_multiplier=1.1,
            sample_rate=0.1,
            steps=30,
            epochs=3,
            dataset_size=1000,
            accountant="prv",
            **dp,
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
        empirical_epsilon=EmpiricalEpsilon(
            method="one-run (Steinke et al. 2023)", lower_bound=0.4, confidence=0.95
        ),
    )


def build_run(run_dir: Path) -> Path:
    run_dir.mkdir(parents=True, exist_ok=True)
    write_dataset(
        run_dir,
        [record(i, "train", label=i % 2) for i in range(6)],
        [record(i, "eval", label=i % 2) for i in range(3)],
    )
    good_report().write(run_dir / "privacy_report.json")
    (run_dir / "student").mkdir(exist_ok=True)
    (run_dir / "student" / "training.json").write_text(
        '{"metrics": {"agreement": 0.9, "accuracy": 0.8}}', encoding="utf-8"
    )
    return run_dir
