"""Validation suites (Great Expectations Core 1.x) and the export gate decision."""

from __future__ import annotations

from governance.gates.combinators import AllOf
from governance.gates.gate import run_gate
from governance.gates.registry import GENERATION_SUITES, SUITES, create_suite
from governance.gates.result import ExpectationOutcome, GateResult, SuiteResult
from governance.gates.spec import (
    ExpectationSpec,
    GateInputs,
    GateTaskKind,
    PiiScan,
    ValidationSuite,
)

__all__ = [
    "GENERATION_SUITES",
    "SUITES",
    "AllOf",
    "ExpectationOutcome",
    "ExpectationSpec",
    "GateInputs",
    "GateResult",
    "GateTaskKind",
    "PiiScan",
    "SuiteResult",
    "ValidationSuite",
    "create_suite",
    "run_gate",
]
