"""``privacy_report.json``: the privacy evidence of one run, read by the gate and the reports."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "CanaryResult",
    "DpAccounting",
    "EmpiricalEpsilon",
    "MembershipInference",
    "PiiReplayResult",
    "PrivacyReport",
    "RocPoint",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", ser_json_inf_nan="strings")


class DpAccounting(_Model):
    enabled: bool = Field(description="Whether DP-SGD was used.")
    epsilon: float = Field(
        description="ε spent by this run, read from the accountant (inf: no DP)."
    )
    delta: float = Field(description="δ of the guarantee (0 without DP).")
    target_epsilon: float | None = Field(default=None, description="ε the noise was chosen for.")
    noise_multiplier: float = Field(default=0.0, description="σ of the Gaussian noise.")
    max_grad_norm: float | None = Field(default=None, description="Per-sample clipping norm C.")
    sample_rate: float = Field(default=0.0, description="Poisson sampling rate q = B / N.")
    steps: int = Field(default=0, description="Optimizer steps taken.")
    epochs: int = Field(default=0, description="Epochs trained.")
    dataset_size: int = Field(default=0, description="N, the number of training records.")
    accountant: str = Field(default="none", description="Accountant used (prv, rdp, none).")
    clipping: str = Field(default="none", description="ghost, per_sample or none.")
    secure_rng: bool = Field(default=False, description="Whether a CSPRNG generated the noise.")
    epsilon_history: list[tuple[int, float]] = Field(
        default_factory=list, description="(step, ε so far) pairs for the report chart."
    )


class RocPoint(_Model):
    fpr: float
    tpr: float


class MembershipInference(_Model):
    attack: str = Field(description="Attack name, e.g. 'loss_threshold'.")
    auc: float = Field(description="Area under the ROC curve (0.5: no better than chance).")
    tpr_at_1pct_fpr: float
    tpr_at_01pct_fpr: float
    members: int
    non_members: int
    roc: list[RocPoint] = Field(default_factory=list, description="Down-sampled ROC curve.")


class CanaryResult(_Model):
    planted: int = Field(description="Canaries planted in the training data.")
    repetitions: int = Field(default=1)
    max_exposure_bits: float = Field(description="Largest rank-based exposure among canaries.")
    mean_exposure_bits: float
    exposed: int = Field(
        description="Canaries whose exposure exceeds the policy threshold, beyond what chance "
        "explains: above_threshold minus its 99.9% chance quantile (never negative)."
    )
    above_threshold: int = Field(
        default=0, description="Planted canaries above the threshold, chance included."
    )
    chance_above_threshold: int = Field(
        default=0, description="99.9% quantile of the count chance alone puts above it."
    )
    digests: list[str] = Field(
        default_factory=list, description="Keyed HMAC digests of canary values (never values)."
    )
    measured: int = Field(default=0, description="Planted canaries whose exposure was measured.")
    held_out: int = Field(default=0, description="Canaries drawn but not planted (reference).")
    held_out_max_exposure_bits: float = Field(
        default=0.0, description="Largest exposure among held-out canaries (chance level)."
    )
    held_out_mean_exposure_bits: float = Field(
        default=0.0, description="Mean exposure of held-out canaries (about 1.44 by chance)."
    )
    held_out_exposed: int = Field(
        default=0, description="Held-out canaries exposed beyond chance (false alarms)."
    )
    candidates: int = Field(default=0, description="Fresh candidates ranked against each canary.")
    threshold_bits: float = Field(default=0.0, description="Exposure threshold used for counts.")


class EmpiricalEpsilon(_Model):
    method: str = Field(description="Auditing method, e.g. 'one-run (Steinke et al. 2023)'.")
    lower_bound: float = Field(description="Empirical lower bound on ε.")
    confidence: float = Field(description="Confidence level of the bound, e.g. 0.95.")
    guesses: int = Field(default=0)
    correct: int = Field(default=0)
    canaries: int = Field(default=0, description="m, canaries each planted with probability 1/2.")
    delta: float = Field(default=0.0, description="δ the bound was computed for.")
    claimed_epsilon: float | None = Field(
        default=None, description="ε the accountant claims for the canaries (group ε if repeated)."
    )
    broken: bool = Field(
        default=False, description="True when the lower bound exceeds the claimed ε."
    )


class PiiReplayResult(_Model):
    """PII replay of a generation student: counts, entity types and digests, never outputs."""

    outputs: int = Field(description="Student outputs scanned (one per extraction prompt).")
    outputs_with_hits: int = Field(description="Outputs holding a PII finding or a canary.")
    pii_findings: int = Field(description="PII gateway findings over all outputs.")
    entity_counts: dict[str, int] = Field(
        default_factory=dict, description="Findings per entity type."
    )
    canaries_found: int = Field(default=0, description="Canary secrets found in the outputs.")
    canary_digests_found: list[str] = Field(
        default_factory=list, description="Keyed digests of the canaries found (never values)."
    )


class PrivacyReport(_Model):
    run_id: str
    source: str
    policy_sha256: str
    dp: DpAccounting
    lifetime_epsilon_spent: float = Field(description="Source's ε spent including this run.")
    lifetime_epsilon_budget: float | None = None
    membership_inference: list[MembershipInference] = Field(default_factory=list)
    canaries: CanaryResult | None = None
    empirical_epsilon: EmpiricalEpsilon | None = None
    residual_pii_fraction: float = Field(
        default=0.0, description="Fraction of distilled records where a rescan found PII."
    )
    pii_replay_hits: int = Field(default=0, description="PII or canaries found in outputs.")
    pii_replay: PiiReplayResult | None = Field(
        default=None, description="PII replay of a generation student (None for classifiers)."
    )

    def write(self, path: Path) -> None:
        # Without a replay the file stays exactly as before the field existed.
        exclude = {"pii_replay"} if self.pii_replay is None else None
        path.write_text(self.model_dump_json(indent=2, exclude=exclude) + "\n", encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> PrivacyReport:
        return cls.model_validate_json(path.read_text(encoding="utf-8"))
