"""run_gate end to end on small run directories: good runs pass, crafted defects fail."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from gate_fixtures import LABELS, build_run, good_report, make_policy, record, write_dataset

from governance.errors import GateError
from governance.gates import GateResult, run_gate
from governance.policy.models import Policy
from governance.privacy.report import MembershipInference

Scan = Callable[[str], int]


def _failed(gate: GateResult) -> set[str]:
    return {e.name for e in gate.failures()}


def test_good_run_passes_and_writes_evidence(
    run_dir: Path, policy: Policy, scan: Scan, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the gate tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    gate = run_gate(run_dir, policy=policy, audit_ok=True, pii_scan=scan, labels=LABELS)
    assert gate.passed, gate.failure_lines()
    assert [s.name for s in gate.suites] == ["distilled_dataset", "privacy", "utility"]
    assert GateResult.read(run_dir / "gate.json") == gate
    for suite in ("distilled_dataset", "privacy", "utility"):
        results = json.loads((run_dir / "validation" / f"{suite}.json").read_text())
        assert results["success"] is True
        assert results["meta"]["great_expectations_version"] == gate.gx_version
    assert (run_dir / "validation" / "data_docs" / "index.html").is_file()
    privacy = {e.name: e for e in gate.suites[1].expectations}
    assert privacy["epsilon_within_run_target"].observed == 3.0
    assert privacy["epsilon_within_run_target"].threshold == "<= 8.0"
    assert privacy["delta_below_one_over_n"].observed == pytest.approx(0.01)
    payload = gate.to_audit_payload()
    assert payload["passed"] is True
    expectations = [e for s in payload["suites"] for e in s["expectations"]]  # type: ignore[union-attr,index]
    assert len(expectations) == sum(len(s.expectations) for s in gate.suites)
    json.dumps(payload, allow_nan=False)


def test_dataset_defects_each_fail_their_expectation(
    tmp_path: Path, policy: Policy, scan: Scan
) -> None:
    run_dir = build_run(tmp_path / "run-bad")
    train = [record(i, "train") for i in range(10)]
    train[1]["example_id"] = "train-0"
    train[2]["text"] = "mail me at jane.doe@example.com"
    train[3]["text"] = "card 4111 1111 1111 1111 was charged"
    train[4]["text"] = "my SSN is 078-05-1120"
    train[5]["text"] = "this is John Smith again"
    train[6]["label"] = "weather"
    train[7]["ground_truth"] = "billing"
    train[8]["text"] = ""
    train[9]["label_index"] = 2
    eval_ = [record(i, "eval") for i in range(3)]
    eval_[0]["text"] = train[0]["text"]
    eval_[1]["example_id"] = "train-3"
    import shutil

    shutil.rmtree(run_dir / "dataset")
    write_dataset(run_dir, train, eval_)
    gate = run_gate(
        run_dir,
        policy=policy,
        audit_ok=True,
        pii_scan=scan,
        labels=LABELS,
        suites=["distilled_dataset"],
    )
    assert not gate.passed
    assert _failed(gate) == {
        "example_id_unique",
        "no_residual_pii_email_regex",
        "no_residual_pii_card_regex",
        "no_residual_pii_ssn_regex",
        "no_residual_pii_scanner",
        "label_in_allowed_set",
        "label_index_matches_label",
        "ground_truth_only_in_eval",
        "text_length_within_bounds",
        "no_text_overlap",
        "no_id_overlap",
    }
    by_name = {e.name: e for e in gate.failures()}
    scanner = by_name["no_residual_pii_scanner"].observed
    assert isinstance(scanner, dict)
    assert scanner["unexpected_count"] == 3
    assert set(scanner["example_ids"]) == {"train-2", "train-4", "train-5"}  # type: ignore[arg-type]
    evidence = [run_dir / "gate.json", *(run_dir / "validation").rglob("*.json")]
    evidence += list((run_dir / "validation" / "data_docs").rglob("*.html"))
    assert len(evidence) > 4
    raw = "".join(p.read_text(encoding="utf-8") for p in evidence)
    for secret in ("jane.doe@example.com", "078-05-1120", "4111 1111", "John Smith"):
        assert secret not in raw


def test_schema_defect_fails(tmp_path: Path, policy: Policy, scan: Scan) -> None:
    run_dir = tmp_path / "run-schema"
    run_dir.mkdir()
    rows = [record(0, "train", raw_email="x")]
    write_dataset(run_dir, rows, [record(0, "eval", raw_email="y")])
    gate = run_gate(
        run_dir,
        policy=policy,
        audit_ok=True,
        pii_scan=scan,
        labels=LABELS,
        suites=["distilled_dataset"],
    )
    assert _failed(gate) == {"schema_columns"}


def test_residual_pii_fraction_allowed_by_policy(tmp_path: Path, scan: Scan) -> None:
    run_dir = tmp_path / "run-frac"
    run_dir.mkdir()
    train = [record(i, "train") for i in range(9)]
    train[0]["text"] = "write to a@b.example"
    write_dataset(run_dir, train, [record(0, "eval")])
    lenient = make_policy(max_residual_pii=0.2)
    gate = run_gate(
        run_dir,
        policy=lenient,
        audit_ok=True,
        pii_scan=scan,
        labels=LABELS,
        suites=["distilled_dataset"],
    )
    assert gate.passed, gate.failure_lines()


_PRIVACY_DEFECTS: list[tuple[str, dict[str, Any], bool, set[str]]] = [
    (
        "over target",
        {"dp": {"epsilon": 9.0}},
        True,
        {"epsilon_within_run_target", "epsilon_within_export_limit"},
    ),
    ("lifetime budget", {"lifetime_epsilon_spent": 21.0}, True, {"lifetime_epsilon_within_budget"}),
    ("delta not below 1/N", {"dp": {"delta": 1e-3}}, True, {"delta_below_one_over_n"}),
    (
        "no DP",
        {"dp": {"enabled": False, "epsilon": float("inf"), "delta": 0.0}},
        True,
        {"dp_enabled_as_required", "epsilon_within_run_target", "epsilon_within_export_limit"},
    ),
    ("no empirical bound", {"empirical": None}, True, {"empirical_epsilon_not_above_reported"}),
    ("MIA AUC", {"mia": {"auc": 0.71}}, True, {"mia_auc_below_limit"}),
    ("MIA TPR", {"mia": {"tpr_at_1pct_fpr": 0.2}}, True, {"mia_tpr_at_1pct_fpr_below_limit"}),
    (
        "no attacks",
        {"membership_inference": []},
        True,
        {"mia_auc_below_limit", "mia_tpr_at_1pct_fpr_below_limit"},
    ),
    (
        "empirical above reported",
        {"empirical": 3.5},
        True,
        {"empirical_epsilon_not_above_reported"},
    ),
    (
        "canary exposure",
        {"canaries": {"mean_exposure_bits": 4.5, "exposed": 2}},
        True,
        {"canary_exposure_below_limit", "no_canary_exposed"},
    ),
    ("no canaries", {"canaries": None}, True, {"canary_exposure_below_limit", "no_canary_exposed"}),
    ("PII replay", {"pii_replay_hits": 1}, True, {"no_pii_replay"}),
    ("audit log broken", {}, False, {"audit_log_verified"}),
]


@pytest.mark.parametrize(
    ("change", "audit_ok", "expected"),
    [pytest.param(c, a, e, id=i) for i, c, a, e in _PRIVACY_DEFECTS],
)
def test_privacy_defects_fail(
    run_dir: Path,
    policy: Policy,
    scan: Scan,
    change: dict[str, Any],
    audit_ok: bool,
    expected: set[str],
) -> None:
    report = good_report()
    data = report.model_dump()
    data["dp"].update(change.get("dp", {}))
    if "mia" in change:
        data["membership_inference"].append(
            MembershipInference(
                attack="confidence_threshold",
                tpr_at_01pct_fpr=0.0,
                members=100,
                non_members=100,
                **{"auc": 0.5, "tpr_at_1pct_fpr": 0.01, **change["mia"]},
            ).model_dump()
        )
    if "empirical" in change and change["empirical"] is None:
        data["empirical_epsilon"] = None
    elif "empirical" in change:
        data["empirical_epsilon"]["lower_bound"] = change["empirical"]
    if "canaries" in change:
        data["canaries"] = (
            None if change["canaries"] is None else {**data["canaries"], **change["canaries"]}
        )
    for key in ("lifetime_epsilon_spent", "membership_inference", "pii_replay_hits"):
        if key in change:
            data[key] = change[key]
    type(report).model_validate(data).write(run_dir / "privacy_report.json")
    gate = run_gate(
        run_dir,
        policy=policy,
        audit_ok=audit_ok,
        pii_scan=scan,
        labels=LABELS,
        suites=["privacy"],
    )
    assert not gate.passed
    assert _failed(gate) == expected


def test_no_dp_fine_when_policy_does_not_require_it(run_dir: Path, scan: Scan) -> None:
    relaxed = make_policy().model_copy(
        update={
            "privacy": make_policy().privacy.model_copy(
                update={"dp_required": False, "target_epsilon": None}
            ),
            "export": make_policy().export.model_copy(update={"max_epsilon": None}),
        }
    )
    report = good_report().model_copy(deep=True)
    report.dp.enabled = False
    report.dp.epsilon = float("inf")
    report.write(run_dir / "privacy_report.json")
    gate = run_gate(
        run_dir,
        policy=relaxed,
        audit_ok=True,
        pii_scan=scan,
        labels=LABELS,
        suites=["privacy"],
    )
    assert gate.passed, gate.failure_lines()
    names = {e.name for e in gate.suites[0].expectations}
    assert "dp_enabled_as_required" not in names
    assert "epsilon_within_run_target" not in names


@pytest.mark.parametrize(
    ("metrics", "expected"),
    [
        ({"agreement": 0.3, "accuracy": 0.9}, {"agreement_above_minimum"}),
        ({"agreement": 0.9, "accuracy": 0.2}, {"accuracy_above_minimum"}),
        ({"agreement": 0.9}, {"accuracy_above_minimum"}),
        ({"accuracy": 0.9}, {"agreement_above_minimum"}),
    ],
)
def test_utility_defects_fail(
    run_dir: Path, policy: Policy, scan: Scan, metrics: dict[str, float], expected: set[str]
) -> None:
    gate = run_gate(
        run_dir,
        policy=policy,
        audit_ok=True,
        pii_scan=scan,
        labels=LABELS,
        metrics=metrics,
        suites=["utility"],
    )
    assert _failed(gate) == expected
    assert any("observed" in line for line in gate.failure_lines())


def test_missing_evidence_is_a_gate_error(run_dir: Path, policy: Policy, scan: Scan) -> None:
    (run_dir / "student" / "training.json").unlink()
    with pytest.raises(GateError, match="the student has not been trained"):
        run_gate(run_dir, policy=policy, audit_ok=True, pii_scan=scan, labels=LABELS)
    (run_dir / "privacy_report.json").unlink()
    with pytest.raises(GateError, match="privacy evaluation has not run"):
        run_gate(
            run_dir,
            policy=policy,
            audit_ok=True,
            pii_scan=scan,
            labels=LABELS,
            suites=["privacy"],
        )


def test_default_scanner_is_the_policy_pii_gateway(tmp_path: Path, policy: Policy) -> None:
    run_dir = tmp_path / "run-gw"
    run_dir.mkdir()
    train = [record(i, "train") for i in range(3)]
    train[1]["text"] = "Please call John Smith about the invoice"
    write_dataset(run_dir, train, [record(0, "eval")])
    gate = run_gate(
        run_dir, policy=policy, audit_ok=True, labels=LABELS, suites=["distilled_dataset"]
    )
    by_name = {e.name: e for e in gate.suites[0].expectations}
    scanner = by_name["no_residual_pii_scanner"]
    assert not scanner.success
    assert isinstance(scanner.observed, dict)
    assert scanner.observed["example_ids"] == ["train-1"]
    assert by_name["no_residual_pii_email_regex"].success
