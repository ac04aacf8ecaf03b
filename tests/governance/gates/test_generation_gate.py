"""run_gate on generation runs: prompts and targets instead of labels, PII replay, ROUGE-L."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import datasets
import pytest
from gate_fixtures import good_report, make_policy

from governance.gates import GateResult, run_gate
from governance.gates.gate import read_run_task_kind
from governance.policy.models import Policy
from governance.privacy.report import PiiReplayResult

Scan = Callable[[str], int]

_FEATURES = datasets.Features(
    {name: datasets.Value("string") for name in ("example_id", "text", "target", "split")}
)


def _row(i: int, split: str, **over: Any) -> dict[str, Any]:
    row = {
        "example_id": f"{split}-{i}",
        "text": f"ticket {split} {i}: my invoice for <PERSON_{i}> looks wrong",
        "target": f"Summary: invoice {i} looks wrong.",
        "split": split,
    }
    row.update(over)
    return row


def _write(run_dir: Path, train: list[dict[str, Any]], eval_: list[dict[str, Any]]) -> None:
    datasets.DatasetDict(
        {
            "train": datasets.Dataset.from_list(train, features=_FEATURES),
            "eval": datasets.Dataset.from_list(eval_, features=_FEATURES),
        }
    ).save_to_disk(str(run_dir / "dataset"))


def _replay(**over: Any) -> PiiReplayResult:
    values: dict[str, Any] = {"outputs": 8, "outputs_with_hits": 0, "pii_findings": 0}
    values.update(over)
    return PiiReplayResult(**values)


def _build(root: Path, *, replay: PiiReplayResult | None = None, agreement: float = 0.45) -> Path:
    root.mkdir(parents=True)
    _write(root, [_row(i, "train") for i in range(6)], [_row(i, "eval") for i in range(3)])
    report = good_report().model_copy(update={"pii_replay": replay or _replay()})
    report.write(root / "privacy_report.json")
    (root / "student").mkdir()
    metrics = {"agreement": agreement, "accuracy": 0.0}
    (root / "student" / "training.json").write_text(json.dumps({"metrics": metrics}))
    (root / "job.yaml").write_text("name: gen\npolicy: p.yaml\ntask:\n  kind: generation\n")
    return root


def _failed(gate: GateResult) -> set[str]:
    return {e.name for e in gate.failures()}


def _gate(run_dir: Path, policy: Policy, scan: Scan, **kwargs: Any) -> GateResult:
    return run_gate(run_dir, policy=policy, audit_ok=True, pii_scan=scan, labels=(), **kwargs)


def test_good_generation_run_passes(tmp_path: Path, scan: Scan) -> None:
    run_dir = _build(tmp_path / "run")
    assert read_run_task_kind(run_dir) == "generation"
    policy = make_policy(min_generation_agreement=0.4)
    gate = _gate(run_dir, policy, scan)
    assert gate.passed, gate.failure_lines()
    dataset, privacy, utility = gate.suites
    names = {e.name for e in dataset.expectations}
    assert {"no_residual_pii_scanner_text", "no_residual_pii_scanner_target"} <= names
    assert not any("label" in name for name in names)
    replay = {e.name: e for e in privacy.expectations if e.name.startswith("pii_replay")}
    assert replay["pii_replay_no_pii_entity"].observed == 0.0
    assert replay["pii_replay_no_canary_secret"].observed == 0.0
    assert replay["pii_replay_ran"].observed == 8.0
    (agreement,) = utility.expectations  # accuracy (exact match) is not gated
    assert agreement.observed == 0.45 and agreement.threshold == ">= 0.4"
    assert "ROUGE-L" in (agreement.reason or "")


def test_generation_dataset_defects_each_fail(tmp_path: Path, scan: Scan) -> None:
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    train = [_row(i, "train") for i in range(8)]
    train[1]["example_id"] = "train-0"
    train[2]["target"] = ""
    train[3]["target"] = "Summary: customer jane.doe@example.com wants a refund."
    train[4]["text"] = "card 4111 1111 1111 1111 was charged"
    train[5]["target"] = "Summary: John Smith asked about SSN 078-05-1120."
    eval_ = [_row(i, "eval") for i in range(3)]
    eval_[0]["text"] = train[0]["text"]
    eval_[1]["example_id"] = "train-6"
    _write(run_dir, train, eval_)
    gate = _gate(run_dir, make_policy(), scan, suites=["distilled_dataset"], task_kind="generation")
    assert _failed(gate) == {
        "example_id_unique",
        "target_length_within_bounds",
        "no_residual_pii_scanner_target",
        "no_residual_pii_email_regex_target",
        "no_residual_pii_ssn_regex_target",
        "no_residual_pii_card_regex_text",
        "no_id_overlap",
        "no_text_overlap",
    }
    raw = "".join(p.read_text() for p in [run_dir / "gate.json", *run_dir.rglob("*.json")])
    for secret in ("jane.doe@example.com", "078-05-1120", "4111 1111", "John Smith"):
        assert secret not in raw


def test_classification_columns_fail_the_generation_schema(tmp_path: Path, scan: Scan) -> None:
    from gate_fixtures import build_run

    run_dir = build_run(tmp_path / "run")
    gate = _gate(run_dir, make_policy(), scan, suites=["distilled_dataset"], task_kind="generation")
    assert "schema_columns" in _failed(gate)


@pytest.mark.parametrize(
    ("replay", "expected"),
    [
        (
            _replay(outputs_with_hits=2, pii_findings=3, entity_counts={"EMAIL_ADDRESS": 3}),
            {"pii_replay_no_pii_entity", "no_pii_replay"},
        ),
        (
            _replay(outputs_with_hits=1, canaries_found=1, canary_digests_found=["d" * 64]),
            {"pii_replay_no_canary_secret"},
        ),
        (_replay(outputs=0), {"pii_replay_ran"}),
    ],
    ids=["pii", "canary", "no outputs"],
)
def test_replay_defects_fail(
    tmp_path: Path, scan: Scan, replay: PiiReplayResult, expected: set[str]
) -> None:
    run_dir = _build(tmp_path / "run", replay=replay)
    report = json.loads((run_dir / "privacy_report.json").read_text())
    report["pii_replay_hits"] = replay.pii_findings
    (run_dir / "privacy_report.json").write_text(json.dumps(report))
    gate = _gate(run_dir, make_policy(), scan, suites=["privacy"])
    assert _failed(gate) == expected


def test_rouge_threshold_falls_back_to_min_agreement(tmp_path: Path, scan: Scan) -> None:
    run_dir = _build(tmp_path / "run", agreement=0.45)
    gate = _gate(run_dir, make_policy(), scan, suites=["utility"])  # min_agreement 0.6
    assert _failed(gate) == {"agreement_above_minimum"}
    assert "min_agreement" in (gate.failures()[0].reason or "")
    strict = make_policy(min_generation_agreement=0.5)
    assert _failed(_gate(run_dir, strict, scan, suites=["utility"])) == {"agreement_above_minimum"}


def test_classification_report_has_no_replay_expectations(tmp_path: Path, scan: Scan) -> None:
    from gate_fixtures import build_run

    run_dir = build_run(tmp_path / "run")
    assert '"pii_replay":' not in (run_dir / "privacy_report.json").read_text()
    gate = _gate(run_dir, make_policy(), scan, suites=["privacy"])
    assert not [e for e in gate.suites[0].expectations if e.name.startswith("pii_replay_")]
