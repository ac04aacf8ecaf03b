"""What a validation suite is: a data frame of evidence plus the expectations it must meet.

Each suite (one per file, listed in :mod:`governance.gates.registry`) turns the evidence of a
run into one pandas data frame and declares :class:`ExpectationSpec` items. Great
Expectations does the validating; the spec carries the plain-words reason and the threshold
that end up in ``gate.json``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

import pandas as pd
from great_expectations.expectations.expectation import Expectation

from governance.jsontypes import JsonValue
from governance.policy.models import Policy

__all__ = ["ExpectationSpec", "GateInputs", "GateTaskKind", "PiiScan", "ValidationSuite"]

#: What the student does; it picks the suites (``governance.gates.registry``).
GateTaskKind = Literal["classification", "generation"]

#: Counts the PII findings in one (anonymized) text.
PiiScan = Callable[[str], int]


@dataclass(frozen=True)
class GateInputs:
    """Everything the suites read: the run directory plus evidence passed in by the caller."""

    run_dir: Path
    policy: Policy
    audit_ok: bool
    labels: tuple[str, ...]
    pii_scan: PiiScan
    metrics: Mapping[str, float] | None = None
    min_text_chars: int = 1
    max_text_chars: int = 8192
    task_kind: GateTaskKind = "classification"


@dataclass(frozen=True)
class ExpectationSpec:
    """One named expectation: the GX expectation, its threshold and what it means."""

    name: str
    expectation: Expectation
    threshold: JsonValue
    meaning: str
    observed_column: str | None = None
    extra: Mapping[str, JsonValue] = field(default_factory=dict)


class ValidationSuite(Protocol):
    """A suite of expectations over one evidence frame."""

    name: str

    def frame(self, inputs: GateInputs) -> pd.DataFrame:
        """The evidence as a data frame (raises ``GateError`` when evidence is unreadable)."""
        ...

    def expectations(self, inputs: GateInputs) -> Sequence[ExpectationSpec]:
        """The expectations the frame must meet under ``inputs.policy``."""
        ...
