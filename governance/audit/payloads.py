"""Typed payloads of the run-level audit entries: one frozen dataclass per event kind.

A stage builds its entry as one of these and appends ``entry.payload()`` under
``entry.kind``; nothing writes a run-level payload as an inline dict. The field names are
the JSON keys of the entry (canonical JSON sorts them), so they are part of the log format.

>>> RunEnded(run_id="r1", gate_passed=True, exported=False).payload()
{'run_id': 'r1', 'gate_passed': True, 'exported': False}
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import ClassVar

from governance.audit.events import EventKind
from governance.jsontypes import JsonObject, JsonValue

__all__ = [
    "BudgetCheck",
    "DecisionEntry",
    "EpsilonSpent",
    "PiiProbe",
    "PolicyLoaded",
    "ProbeTypeSummary",
    "RunEnded",
    "RunPayload",
    "RunStarted",
    "ScanEntry",
    "StudentMetricsSummary",
    "TeacherCallEntry",
    "TrainingSummary",
    "finite_or_inf",
]


def finite_or_inf(value: float) -> float | str:
    """``value``, or the string ``"inf"`` where JSON has no number for it."""
    return value if math.isfinite(value) else "inf"


@dataclass(frozen=True, slots=True)
class RunPayload:
    """Base of the run-level payloads: ``kind`` names the entry, ``payload()`` is its JSON."""

    kind: ClassVar[EventKind]

    def payload(self) -> JsonObject:
        data: JsonObject = asdict(self)
        return data


@dataclass(frozen=True, slots=True)
class RunStarted(RunPayload):
    kind: ClassVar[EventKind] = EventKind.RUN_STARTED
    run_id: str
    job: str
    resumed: bool


@dataclass(frozen=True, slots=True)
class PolicyLoaded(RunPayload):
    kind: ClassVar[EventKind] = EventKind.POLICY_LOADED
    source: str
    policy_version: str
    policy_sha256: str
    path: str
    #: The NER model the gateway scans with: name as configured, version, folder SHA-256.
    ner_model: str = ""
    ner_model_version: str = ""
    ner_model_sha256: str = ""


@dataclass(frozen=True, slots=True)
class BudgetCheck(RunPayload):
    """The source's privacy budget, checked before any teacher call or training step."""

    kind: ClassVar[EventKind] = EventKind.BUDGET_CHECK
    source: str
    planned_epsilon: float | str
    spent_before: float
    lifetime_budget: float | None


@dataclass(frozen=True, slots=True)
class StudentMetricsSummary:
    agreement: float | None
    accuracy: float | None
    ece: float | None
    eval_size: int


@dataclass(frozen=True, slots=True)
class TrainingSummary(RunPayload):
    kind: ClassVar[EventKind] = EventKind.TRAINING_SUMMARY
    task_kind: str
    examples: int
    steps: int
    epochs: int
    noise_multiplier: float
    sample_rate: float
    clipping: str
    metrics: StudentMetricsSummary


@dataclass(frozen=True, slots=True)
class EpsilonSpent(RunPayload):
    """ε actually spent by the run, as recorded in the source's privacy ledger."""

    kind: ClassVar[EventKind] = EventKind.EPSILON_SPENT
    source: str
    epsilon: float | str
    delta: float
    accountant: str
    lifetime_spent: float | str
    ledger_entry: int


@dataclass(frozen=True, slots=True)
class RunEnded(RunPayload):
    kind: ClassVar[EventKind] = EventKind.RUN_ENDED
    run_id: str
    gate_passed: bool
    exported: bool


@dataclass(frozen=True, slots=True)
class ProbeTypeSummary:
    """Probe figures of one entity type (bounds: one-sided 95% Clopper-Pearson)."""

    entity_type: str
    planted: int
    caught: int
    recall_lower: float
    precision_lower: float
    min_recall: float | None


@dataclass(frozen=True, slots=True)
class PiiProbe(RunPayload):
    """The recall probes of the run's gateway, measured before the first teacher call.

    No value and no text: counts, bounds, and the digest of the probe set (``probes.json``
    holds the evidence it covers).
    """

    kind: ClassVar[EventKind] = EventKind.PII_PROBE
    probe_set_digest: str
    seed: int
    count_per_type: int
    sample_records: int
    probe_texts: int
    types: list[ProbeTypeSummary]
    unmeasured: list[str]
    below_threshold: list[str]


# --------------------------------------------------------------------------- per record


@dataclass(frozen=True, slots=True)
class ScanEntry:
    """``prompt_scanned`` / ``response_scanned``: what the gateway found (no raw values)."""

    record_id: str
    findings: JsonValue

    def payload(self) -> JsonObject:
        return {"record_id": self.record_id, "findings": self.findings}


@dataclass(frozen=True, slots=True)
class DecisionEntry:
    """``prompt_decision`` / ``response_decision``: outcome, actions and the rules that fired.

    ``prompt_sha256`` (prompts only: the redacted prompt sent, or None when blocked) and
    ``supersedes`` (the index of the signed decision a resumed run replaces) appear only
    where they apply.
    """

    record_id: str
    outcome: JsonValue
    actions: JsonValue
    fired_rules: JsonValue
    prompt_sha256: str | None = None
    is_prompt: bool = False
    supersedes: int | None = None

    def payload(self) -> JsonObject:
        data: JsonObject = {
            "record_id": self.record_id,
            "outcome": self.outcome,
            "actions": self.actions,
            "fired_rules": self.fired_rules,
        }
        if self.is_prompt:
            data["prompt_sha256"] = self.prompt_sha256
        if self.supersedes is not None:
            data["supersedes"] = self.supersedes
        return data


@dataclass(frozen=True, slots=True)
class TeacherCallEntry:
    """``teacher_call``: one call for a record (token counts, never the prompt itself).

    A failed call carries ``error`` (the exception's type name) and the model asked.
    """

    record_id: str
    prompt_sha256: str
    model: str
    ok: bool
    cached: bool = False
    retries: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    error: str | None = None

    def payload(self) -> JsonObject:
        data: JsonObject = {
            "record_id": self.record_id,
            "prompt_sha256": self.prompt_sha256,
            "model": self.model,
            "ok": self.ok,
        }
        if self.ok:
            data.update(
                cached=self.cached,
                retries=self.retries,
                input_tokens=self.input_tokens,
                output_tokens=self.output_tokens,
            )
        else:
            data["error"] = self.error
        return data
