"""Recall probes with the real gateway: a weakened gateway fails the gate, for that reason.

The weakened gateway is the real one with its e-mail recognizers removed (a test hook on the
analyzer's recognizer table, not a production option).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from governance.gates import run_gate
from governance.pii import analyzer
from governance.pii.gateway import PiiGateway
from governance.pii.recognizers import RecognizerSpec, build_registry_recognizers
from governance.policy.models import Policy
from governance.probes import ProbeResults, measure_probes
from governance.runfiles.layout import RunLayout
from pipeline.sources.support_tickets import generate_tickets
from tests.governance.gates.gate_fixtures import LABELS, build_run, count_pii
from tests.support.policies import minimal_policy

pytestmark = pytest.mark.slow

SECRET = b"s" * 32
N_TICKETS = 80


def _policy(**prompt: Any) -> Policy:
    data = minimal_policy(export={"max_epsilon": 8.0, "min_agreement": 0.6}).model_dump(
        mode="json", by_alias=True
    )
    data["prompt"] = {
        "entities": {
            "EMAIL_ADDRESS": {"action": "replace"},
            "PHONE_NUMBER": {"action": "mask"},
            "CREDIT_CARD": {"action": "mask"},
            "DATE_TIME": {"action": "allow"},
        },
        "min_recall": {"default": 0.8},
        "probes": {"count": 40, "seed": 1, "sample_records": 40},
        **prompt,
    }
    return Policy.model_validate(data)


@pytest.fixture(scope="module")
def tickets() -> list[tuple[str, str]]:
    return [(f"t{i}", f"{t.subject}\n{t.body}") for i, t in enumerate(generate_tickets(N_TICKETS))]


def _measure(policy: Policy, tickets: list[tuple[str, str]]) -> ProbeResults:
    gateway = PiiGateway.from_policy(policy, secret=os.urandom(32))
    return measure_probes(
        gateway,
        [text for _, text in tickets],
        [rid for rid, _ in tickets],
        secret=SECRET,
        policy_sha256="0" * 64,
    )


@pytest.fixture
def no_email_recognizer(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def without_email(countries: Sequence[str]) -> list[RecognizerSpec]:
        return [
            spec
            for spec in build_registry_recognizers(countries)
            if "EMAIL_ADDRESS" not in spec.recognizer.supported_entities
        ]

    monkeypatch.setattr(analyzer, "build_registry_recognizers", without_email)
    yield


def _gate(tmp_path: Path, policy: Policy, results: ProbeResults) -> Any:
    run_dir = build_run(tmp_path / "run-1")
    results.write(RunLayout(run_dir).probes)
    return run_gate(run_dir, policy=policy, audit_ok=True, pii_scan=count_pii, labels=LABELS)


def test_the_full_gateway_meets_the_threshold_and_the_gate_passes(
    tmp_path: Path, tickets: list[tuple[str, str]]
) -> None:
    policy = _policy()
    results = _measure(policy, tickets)
    by_type = results.by_type()
    assert set(by_type) == {"EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD"}
    assert all(t.planted == 40 for t in results.types)
    assert results.lookalikes_planted == 40
    assert by_type["EMAIL_ADDRESS"].recall_lower >= 0.8
    assert results.failures() == []
    gate = _gate(tmp_path, policy, results)
    assert gate.passed, gate.failure_lines()
    names = {e.name for s in gate.suites for e in s.expectations}
    assert {"pii_probe_recall_email_address", "pii_probe_recall_phone_number"} <= names


def test_a_gateway_without_its_email_recognizer_fails_the_gate_naming_bound_and_threshold(
    tmp_path: Path, tickets: list[tuple[str, str]], no_email_recognizer: None
) -> None:
    policy = _policy()
    results = _measure(policy, tickets)
    email = results.by_type()["EMAIL_ADDRESS"]
    assert email.caught == 0 and email.recall_lower == 0.0 and email.below_threshold
    assert [t.entity_type for t in results.failures()] == ["EMAIL_ADDRESS"]
    assert results.audit_entry().below_threshold == ["EMAIL_ADDRESS"]
    gate = _gate(tmp_path, policy, results)
    assert not gate.passed
    (failure,) = gate.failures()
    assert failure.name == "pii_probe_recall_email_address"
    assert failure.observed == 0.0 and failure.threshold == ">= 0.8 (min_recall)"
    assert "privacy.pii_probe_recall_email_address: FAILED (observed 0.0, threshold >= 0.8" in (
        "\n".join(gate.failure_lines())
    )


def test_missing_probe_results_fail_a_policy_that_gates_recall(tmp_path: Path) -> None:
    run_dir = build_run(tmp_path / "run-1")
    gate = run_gate(run_dir, policy=_policy(), audit_ok=True, pii_scan=count_pii, labels=LABELS)
    assert {e.name for e in gate.failures()} == {
        "pii_probe_recall_email_address",
        "pii_probe_recall_phone_number",
        "pii_probe_recall_credit_card",
    }
    assert all(e.observed is None for e in gate.failures())


def test_evidence_holds_values_and_digests_never_the_probe_text(
    tickets: list[tuple[str, str]],
) -> None:
    results = _measure(_policy(), tickets)
    stored = results.model_dump_json()
    # Every line of every sampled ticket is real text: none of it is in the evidence.
    lines = {line for _, text in tickets for line in text.splitlines() if len(line) >= 20}
    assert lines and not [line for line in lines if line in stored]
    assert all(len(p.frame_digest) == 64 for p in results.probes)
    assert all(json.dumps(p.value, ensure_ascii=False)[1:-1] in stored for p in results.probes)
    assert all(p.record_id.startswith("t") for p in results.probes)


def test_same_policy_same_probe_set(tickets: list[tuple[str, str]]) -> None:
    first, second = _measure(_policy(), tickets), _measure(_policy(), tickets)
    assert first.probe_set_digest == second.probe_set_digest
    reseeded = _measure(_policy(probes={"count": 40, "seed": 2, "sample_records": 40}), tickets)
    assert reseeded.probe_set_digest != first.probe_set_digest
