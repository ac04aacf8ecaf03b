"""The sections of a run report, as pydantic models.

Each section carries ``available``: a missing or unreadable input file yields a section with
``available=False`` and a ``note`` saying why, never an exception. Every value here is already
safe to show: inputs are anonymized by the pipeline and no section copies raw records.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AttackSection",
    "AuditCategory",
    "AuditSection",
    "CanaryView",
    "DpSection",
    "EmpiricalView",
    "EntityRow",
    "ExpectationRow",
    "MiaView",
    "PiiSection",
    "ProbeRow",
    "ProbeView",
    "ProcessingView",
    "QualitySection",
    "ReplayView",
    "SignoffRow",
    "SignoffSection",
    "SourceSection",
    "SuiteRow",
    "TeacherSection",
    "ValidationSection",
    "VerdictSection",
]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", ser_json_inf_nan="strings")


class VerdictSection(_Section):
    status: Literal["ship", "do_not_ship", "unknown"] = Field(
        description="ship: every check passed; do_not_ship: a check failed; unknown: no gate."
    )
    headline: str = Field(description="One sentence answering 'may this model ship?'.")
    gate_passed: bool | None = None
    reasons: list[str] = Field(default_factory=list, description="Every reason, in plain words.")
    policy: str = Field(default="", description="Under which policy the run was made.")
    guarantee: str = Field(default="", description="The privacy guarantee, in plain words.")


class ProcessingView(_Section):
    controller: str
    controller_contact: str
    purpose: str
    lawful_basis: str
    data_subject_categories: list[str]
    personal_data_categories: list[str]
    recipients: list[str]
    transfers: list[str]
    retention: str
    erasure: str
    security_measures: list[str]


class SourceSection(_Section):
    available: bool
    note: str | None = None
    run_id: str
    job_name: str | None = None
    source: str | None = None
    owner: str | None = None
    purpose: str | None = None
    policy_version: str | None = None
    policy_sha256: str | None = None
    run_status: str | None = None
    started_at: str | None = None
    finished_at: str | None = None
    teacher: str | None = None
    allowed_teachers: list[str] = Field(default_factory=list)
    required_reviewers: int = 0
    processing: ProcessingView | None = None


class EntityRow(_Section):
    entity_type: str
    in_prompts: int
    in_responses: int
    action: str


class ProbeRow(_Section):
    """One entity type's recall probes; bounds are one-sided 95% bounds."""

    entity_type: str
    planted: int
    caught: int
    recall: float | None
    recall_lower: float
    precision: float | None
    precision_lower: float
    missed_estimate: float | None = Field(description="Real values let through (estimate).")
    missed_lower: float
    missed_upper: float | None = Field(description="None: unbounded (recall may be 0).")
    min_recall: float | None
    meets_min_recall: bool | None = Field(description="None: the type is not gated.")


class ProbeView(_Section):
    """The recall probes of the run's gateway (``probes.json``), never a probe's text."""

    meaning: str = Field(description="One sentence: what probe recall means and does not.")
    seed: int
    count_per_type: int
    sample_records: int
    source_records: int
    probe_texts: int
    lookalikes_planted: int
    scan_seconds: float
    probe_set_digest: str
    rows: list[ProbeRow] = Field(default_factory=list)
    unmeasured: list[str] = Field(default_factory=list)


class PiiSection(_Section):
    available: bool
    note: str | None = None
    probes: ProbeView | None = None
    probes_note: str | None = None
    records_scanned: int = 0
    records_blocked: int = 0
    responses_redacted: int = 0
    responses_dropped: int = 0
    entities: list[EntityRow] = Field(default_factory=list)
    redacted_examples: list[str] = Field(default_factory=list)


class TeacherSection(_Section):
    available: bool
    note: str | None = None
    provider: str | None = None
    model: str | None = None
    calls: int = 0
    cached: int = 0
    retries: int = 0
    failed: int = 0
    blocked_prompts: int = 0
    rejected_responses: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    estimated_cost_usd: float = 0.0


class AuditCategory(_Section):
    category: str = Field(description="AI Act Art. 12 logging purpose.")
    article: str
    kinds: list[str]
    count: int


class AuditSection(_Section):
    available: bool
    note: str | None = None
    verified: bool | None = None
    reason: str | None = None
    entry_count: int = 0
    root_hash: str | None = None
    key_id: str | None = None
    tree_size: int | None = None
    verify_command: str
    categories: list[AuditCategory] = Field(default_factory=list)
    kind_counts: dict[str, int] = Field(default_factory=dict)


class DpSection(_Section):
    available: bool
    note: str | None = None
    enabled: bool = False
    epsilon: float | None = None
    delta: float | None = None
    target_epsilon: float | None = None
    noise_multiplier: float | None = None
    max_grad_norm: float | None = None
    sample_rate: float | None = None
    steps: int | None = None
    epochs: int | None = None
    dataset_size: int | None = None
    accountant: str | None = None
    clipping: str | None = None
    secure_rng: bool | None = None
    epsilon_history: list[tuple[int, float]] = Field(default_factory=list)
    lifetime_epsilon_spent: float | None = None
    lifetime_epsilon_budget: float | None = None
    policy_max_epsilon: float | None = None


class MiaView(_Section):
    attack: str
    auc: float
    tpr_at_1pct_fpr: float
    tpr_at_01pct_fpr: float
    members: int
    non_members: int
    roc: list[tuple[float, float]] = Field(default_factory=list, description="(fpr, tpr).")


class CanaryView(_Section):
    planted: int
    repetitions: int
    max_exposure_bits: float
    mean_exposure_bits: float
    exposed: int
    threshold_bits: float | None = None


class EmpiricalView(_Section):
    method: str
    lower_bound: float
    confidence: float
    reported_epsilon: float | None = None


class ReplayView(_Section):
    """PII replay of a generation student: counts and entity types only, never outputs."""

    outputs: int
    outputs_with_hits: int
    pii_findings: int
    entity_counts: dict[str, int] = Field(default_factory=dict)
    canaries_found: int = 0


class AttackSection(_Section):
    available: bool
    note: str | None = None
    membership_inference: list[MiaView] = Field(default_factory=list)
    canaries: CanaryView | None = None
    empirical_epsilon: EmpiricalView | None = None
    residual_pii_fraction: float | None = None
    pii_replay_hits: int | None = None
    pii_replay: ReplayView | None = None


class ExpectationRow(_Section):
    name: str
    observed: str
    threshold: str
    success: bool
    reason: str | None = None


class SuiteRow(_Section):
    name: str
    success: bool
    data_docs: str | None = Field(default=None, description="Relative link to the Data Docs.")
    expectations: list[ExpectationRow] = Field(default_factory=list)


class ValidationSection(_Section):
    available: bool
    note: str | None = None
    passed: bool | None = None
    suites: list[SuiteRow] = Field(default_factory=list)
    data_docs: str | None = None


class QualitySection(_Section):
    available: bool
    note: str | None = None
    task_kind: Literal["classification", "generation"] = Field(
        default="classification",
        description="generation: agreement is the mean ROUGE-L F1 against the teacher's "
        "answers and accuracy their exact-match rate.",
    )
    agreement: float | None = None
    accuracy: float | None = None
    labels: list[str] = Field(default_factory=list)
    confusion_matrix: list[list[int]] = Field(default_factory=list)
    other_metrics: dict[str, float] = Field(default_factory=dict)
    export_status: str = "not exported"
    bundle_digest: str | None = None


class SignoffRow(_Section):
    decision: str
    reviewer: str
    note: str | None = None
    key_id: str
    signed_at: str | None = None
    signature_valid: bool
    key_trusted: bool = False
    reason: str | None = Field(default=None, description="Why the sign-off does not count.")
    bound_root_hash: str | None = None
    enrolled_as: str | None = Field(default=None, description="The key's enrolled reviewer.")
    current: bool = Field(default=False, description="The reviewer's current decision.")

    @property
    def status(self) -> str:
        """Whether the decision counts, is superseded, or why it does not count."""
        if not (self.signature_valid and self.key_trusted):
            return f"DOES NOT COUNT: {self.reason}"
        if self.current:
            return f"valid, key enrolled ({self.enrolled_as}); current decision"
        return f"valid, key enrolled ({self.enrolled_as}); superseded by a later decision"


class SignoffSection(_Section):
    """Reviewer decisions; ``required`` approvals by distinct enrolled reviewers are needed."""

    required: int = Field(description="Distinct reviewers the policy needs to approve.")
    decision: Literal["approved", "rejected", "none"] = "none"
    approvers: list[str] = Field(default_factory=list)
    rejecters: list[str] = Field(default_factory=list)
    entries: list[SignoffRow] = Field(default_factory=list)
    approve_command: str
    reject_command: str

    @property
    def requirement(self) -> str:
        """One sentence: what the policy needs and where the run stands."""
        if not self.required:
            return f"Sign-off is not required by the policy. Current decision: {self.decision}."
        people = f"{self.required} enrolled reviewer{'s' if self.required > 1 else ''}"
        return (
            f"The policy requires the signed approval of {people}; {len(self.approvers)} "
            f"currently approve. Current decision: {self.decision}."
        )
