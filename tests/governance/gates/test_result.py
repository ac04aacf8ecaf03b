"""The gate decision model: AllOf semantics, self-validation, failure lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.errors import GateError
from governance.gates import AllOf, ExpectationOutcome, GateResult, SuiteResult


def _outcome(success: bool) -> ExpectationOutcome:
    return ExpectationOutcome(
        name="epsilon_within_run_target",
        expectation_type="expect_column_max_to_be_between",
        observed=9.5,
        threshold="<= 8.0",
        success=success,
        reason="ε spent by this run is within the policy's per-run target",
    )


def _gate(*suites: SuiteResult) -> GateResult:
    return GateResult(
        run_dir_name="run-1",
        created_at="2026-01-01T00:00:00+00:00",
        gx_version="1.24.1",
        passed=AllOf(suites).passed,
        suites=suites,
    )


def test_empty_lists_fail() -> None:
    assert not AllOf([]).passed
    assert not SuiteResult.judge("privacy", ()).passed
    gate = _gate()
    assert not gate.passed
    assert gate.failure_lines() == ["no suites were run"]
    assert not _gate(SuiteResult.judge("utility", ())).passed


def test_failure_lines_name_observed_and_threshold() -> None:
    gate = _gate(SuiteResult.judge("privacy", (_outcome(True), _outcome(False))))
    assert not gate.passed
    (line,) = gate.failure_lines()
    assert line.startswith("privacy.epsilon_within_run_target: FAILED (observed 9.5, ")
    assert "threshold <= 8.0" in line


def test_contradicting_verdict_is_rejected(tmp_path: Path) -> None:
    gate = _gate(SuiteResult.judge("privacy", (_outcome(False),)))
    path = tmp_path / "gate.json"
    gate.write(path)
    assert GateResult.read(path) == gate
    path.write_text(path.read_text().replace('"passed": false', '"passed": true'))
    with pytest.raises(GateError, match="not a valid gate decision"):
        GateResult.read(path)
    with pytest.raises(GateError, match="the gate has not run"):
        GateResult.read(tmp_path / "missing.json")
