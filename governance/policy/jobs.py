"""Job files: what engineers edit to run a distillation (``jobs/*.yaml``).

A job names the policy of its data source and sets everything the policy leaves to the
engineer: the teacher, the task, training and privacy-evaluation settings. The policy always
wins: a job cannot switch off DP where the policy requires it, nor pick a teacher it forbids.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from governance.policy.models import Accountant, TeacherProvider

__all__ = [
    "DEFAULT_INTENTS",
    "ClippingMode",
    "DpSettings",
    "JobSpec",
    "LimitSettings",
    "PrivacyEvalSettings",
    "StudentSettings",
    "TaskKind",
    "TaskSettings",
    "TeacherSettings",
    "TrainingSettings",
]

DEFAULT_INTENTS: tuple[str, ...] = (
    "billing",
    "refund",
    "login",
    "shipping",
    "cancellation",
    "technical_issue",
    "account_update",
    "product_question",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TaskKind(StrEnum):
    CLASSIFICATION = "classification"
    GENERATION = "generation"


class ClippingMode(StrEnum):
    GHOST = "ghost"
    PER_SAMPLE = "per_sample"


class TaskSettings(_Strict):
    kind: TaskKind = Field(default=TaskKind.CLASSIFICATION, description="What the teacher does.")
    labels: list[str] = Field(
        default_factory=lambda: list(DEFAULT_INTENTS),
        description="Label set for classification tasks.",
    )
    instructions: str = Field(
        default="Classify the customer support ticket into exactly one intent.",
        description="Instruction placed before every record in the teacher prompt.",
    )
    label_descriptions: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Optional short descriptions per label (used by the local embedding "
        "teacher; built-in ones exist for the default intents).",
    )


class TeacherSettings(_Strict):
    provider: TeacherProvider = Field(default=TeacherProvider.LOCAL, description="Teacher kind.")
    model: str = Field(
        default="all-MiniLM-L6-v2-zero-shot",
        description="Model name (Gemini model id, local folder, or the embedded default).",
    )
    concurrency: int = Field(default=8, ge=1, le=256, description="Calls in flight at once.")
    requests_per_minute: int = Field(default=600, gt=0, description="Request rate limit.")
    tokens_per_minute: int = Field(default=1_000_000, gt=0, description="Token rate limit.")
    timeout_s: float = Field(default=60.0, gt=0, description="Timeout of one call in seconds.")
    max_retries: int = Field(default=5, ge=0, le=20, description="Retries on 408/429/5xx.")
    temperature: float = Field(default=0.0, ge=0.0, le=2.0, description="Sampling temperature.")
    batch_mode: bool = Field(default=False, description="Use the Gemini Batch API.")
    input_price_per_mtok: float = Field(
        default=0.0, ge=0, description="USD per million input tokens (cost estimate)."
    )
    output_price_per_mtok: float = Field(
        default=0.0, ge=0, description="USD per million output tokens (cost estimate)."
    )


class StudentSettings(_Strict):
    init: str = Field(
        default="minilm",
        description="'minilm' (the packaged all-MiniLM-L6-v2), a local model folder, or "
        "'scratch' for a small configuration trained from scratch.",
    )
    num_layers: int = Field(default=2, ge=1, le=24, description="Keep the first k layers.")
    max_length: int = Field(default=96, ge=8, le=512, description="Tokens per example.")
    freeze_embeddings: bool = Field(default=True, description="Freeze the embedding layer.")
    pooling: Literal["mean", "cls"] = Field(
        default="mean",
        description="'mean': masked mean pooling + linear head (sentence encoders); 'cls': the "
        "standard [CLS] pooler head of AutoModelForSequenceClassification.",
    )
    train_encoder_layers: int | None = Field(
        default=0,
        ge=0,
        description="Top encoder layers that train; 0 trains only the head (a linear probe, "
        "the strongest choice under DP-SGD on small sources); null trains every layer.",
    )


class TrainingSettings(_Strict):
    epochs: int = Field(default=6, ge=1, le=100, description="Training epochs.")
    batch_size: int = Field(default=256, ge=1, description="Expected (logical) batch size.")
    physical_batch_size: int = Field(default=256, ge=1, description="Micro-batch in memory.")
    learning_rate: float = Field(
        default=0.05,
        gt=0,
        description="AdamW learning rate (0.05 suits the default linear probe; use ~5e-4 "
        "when encoder layers train).",
    )
    distillation_temperature: float = Field(
        default=2.0, gt=0, description="Temperature of the soft-label KL loss."
    )
    eval_fraction: float = Field(
        default=0.2, gt=0, lt=1, description="Fraction of distilled records held out."
    )
    seed: int = Field(default=1234, description="Seed of every random choice in the run.")


class DpSettings(_Strict):
    enabled: bool | None = Field(
        default=None,
        description="Train with DP-SGD. None follows the policy (on when it is required).",
    )
    target_epsilon: float | None = Field(
        default=None, gt=0, description="ε target; defaults to the policy's per-run target."
    )
    max_grad_norm: float = Field(default=1.0, gt=0, description="Per-sample clipping norm.")
    clipping: ClippingMode = Field(default=ClippingMode.GHOST, description="Clipping mode.")
    accountant: Accountant | None = Field(
        default=None, description="Accountant; defaults to the policy's."
    )
    secure_mode: bool = Field(
        default=False, description="Use a cryptographically secure RNG (torchcsprng)."
    )


class PrivacyEvalSettings(_Strict):
    canaries: int = Field(default=16, ge=0, le=1000, description="Canaries planted in training.")
    canary_repetitions: int = Field(default=1, ge=1, le=100, description="Copies of each.")


class LimitSettings(_Strict):
    max_records: int | None = Field(
        default=None, gt=0, description="Use at most this many source records."
    )


class JobSpec(_Strict):
    """A distillation job. Paths are relative to the job file."""

    name: str = Field(description="Job name, used in the run id.", pattern=r"^[a-z0-9][a-z0-9_-]*$")
    policy: str = Field(description="Path of the data source's policy file.")
    task: TaskSettings = Field(default_factory=TaskSettings)
    teacher: TeacherSettings = Field(default_factory=TeacherSettings)
    student: StudentSettings = Field(default_factory=StudentSettings)
    training: TrainingSettings = Field(default_factory=TrainingSettings)
    dp: DpSettings = Field(default_factory=DpSettings)
    privacy_eval: PrivacyEvalSettings = Field(default_factory=PrivacyEvalSettings)
    limits: LimitSettings = Field(default_factory=LimitSettings)
    runs_dir: str = Field(default="runs", description="Folder that receives run directories.")
    schema_: Literal["distillgate/job/v1"] = Field(
        default="distillgate/job/v1", alias="schema", description="Schema identifier."
    )
