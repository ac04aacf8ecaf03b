"""``probes.json``: what the recall probes of a run (or of ``distillgate probe``) found.

Evidence per planted string: the synthetic value, its offsets in the probe text, the outcome,
and a keyed digest of the probe text (never the text: it is a real record, and it may hold
PII the gateway missed). Per entity type: counts, recall and precision with their bounds,
and the estimate of real values that reached the teacher undetected.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from governance.audit.payloads import PiiProbe, ProbeTypeSummary
from governance.errors import GateError

__all__ = [
    "PROBES_SCHEMA",
    "PROBE_RECALL_MEANING",
    "LookalikeEvidence",
    "ProbeEvidence",
    "ProbeResults",
    "TypeProbeResult",
]

PROBES_SCHEMA = "distillgate/probes/v1"

#: What probe recall means and does not mean, in one sentence (report, CLI).
PROBE_RECALL_MEANING = (
    "Probe recall is the share of known synthetic values, planted into a sample of this "
    "source's own records, that the gateway caught; it is not recall on the real personal "
    "data: on the held-out labelled sources of our PII benchmark it came within 8 points of "
    "true recall for e-mails, phones, IBANs, IP addresses, URLs, places and street "
    "addresses, but ran 16 to 19 points above it for names and 11 above it for hand-written "
    "card numbers (so a high figure is no proof that nothing was missed), and 15 to 18 "
    "points below it for national IDs."
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProbeEvidence(_Model):
    """One planted synthetic value and whether the gateway acted on it."""

    entity_type: str
    value: str = Field(description="The synthetic value (known, never a real person's).")
    start: int = Field(description="Offset of the value in the probe text.")
    end: int
    mode: str = Field(description="replace: took the place of a found entity; insert: framed.")
    country: str | None = Field(description="Country whose format the value follows.")
    caught: bool = Field(description="At least 80% of its characters were acted on.")
    caught_as: list[str] = Field(description="Entity types of the findings acting on it.")
    record_id: str = Field(description="Id of the source record the probe text was built from.")
    frame_digest: str = Field(description="Keyed HMAC-SHA256 of the probe text.")


class LookalikeEvidence(_Model):
    """One planted look-alike (an order number, a SKU...) and the types it was flagged as."""

    kind: str
    value: str
    start: int
    end: int
    flagged_as: list[str] = Field(description="Entity types the policy acted on over it.")
    record_id: str
    frame_digest: str


class TypeProbeResult(_Model):
    """The figures of one entity type. Bounds are one-sided 95% Clopper-Pearson bounds."""

    entity_type: str
    planted: int
    caught: int
    replaced_planted: int = Field(description="Probes that replaced an entity the gateway found.")
    replaced_caught: int
    inserted_planted: int = Field(description="Probes inserted with a sentence frame.")
    inserted_caught: int
    recall: float | None
    recall_lower: float
    recall_upper: float
    lookalikes_flagged: int = Field(description="Planted look-alikes flagged as this type.")
    precision: float | None = Field(
        description="caught / (caught + look-alikes flagged as this type), at as many "
        "look-alikes as planted values."
    )
    precision_lower: float
    precision_upper: float
    found_in_sample: int = Field(description="Findings of this type acted on in the sample.")
    found_estimate: float = Field(description="found_in_sample scaled to the whole source.")
    missed_estimate: float | None = Field(
        description="found × precision × (1/recall − 1): real values let through."
    )
    missed_lower: float
    missed_upper: float | None = Field(description="None: unbounded (recall may be 0).")
    min_recall: float | None = Field(description="The policy's threshold; None: not gated.")

    @property
    def below_threshold(self) -> bool:
        """The lower bound of recall is under the policy's ``min_recall``."""
        return self.min_recall is not None and self.recall_lower < self.min_recall

    def describe(self) -> str:
        """One line: the bound against the threshold."""
        return (
            f"{self.entity_type}: probe recall {self.caught}/{self.planted}, 95% lower bound "
            f"{self.recall_lower:.3f} < min_recall {self.min_recall}"
        )


class ProbeResults(_Model):
    """Recall probes of one policy over one source."""

    schema_: str = Field(default=PROBES_SCHEMA, alias="schema")
    source: str
    policy_sha256: str
    seed: int
    count_per_type: int
    lookalikes_planted: int
    countries: list[str]
    source_records: int
    sample_records: int
    probe_texts: int
    scan_seconds: float = Field(description="Wall time of scanning the sample and the probes.")
    probe_set_digest: str = Field(description="SHA-256 of the evidence (values, offsets, digests).")
    types: list[TypeProbeResult]
    unmeasured: list[str] = Field(description="Types the policy acts on with no probe values.")
    probes: list[ProbeEvidence]
    lookalikes: list[LookalikeEvidence]

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def failures(self) -> list[TypeProbeResult]:
        """Types whose recall lower bound is under the policy's threshold."""
        return [t for t in self.types if t.below_threshold]

    def audit_entry(self) -> PiiProbe:
        """The ``pii_probe`` audit entry: counts, bounds and the probe set's digest."""
        return PiiProbe(
            probe_set_digest=self.probe_set_digest,
            seed=self.seed,
            count_per_type=self.count_per_type,
            sample_records=self.sample_records,
            probe_texts=self.probe_texts,
            types=[
                ProbeTypeSummary(
                    entity_type=t.entity_type,
                    planted=t.planted,
                    caught=t.caught,
                    recall_lower=t.recall_lower,
                    precision_lower=t.precision_lower,
                    min_recall=t.min_recall,
                )
                for t in self.types
            ],
            unmeasured=list(self.unmeasured),
            below_threshold=[t.entity_type for t in self.failures()],
        )

    def by_type(self) -> dict[str, TypeProbeResult]:
        return {t.entity_type: t for t in self.types}

    def write(self, path: Path) -> None:
        """Write atomically (temp file, then rename)."""
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(self.model_dump_json(indent=2, by_alias=True) + "\n", encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def read(cls, path: Path) -> ProbeResults:
        """Load ``probes.json``; a missing or malformed file is a :class:`GateError`."""
        try:
            return cls.model_validate_json(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise GateError(f"{path} does not exist: the recall probes have not run") from exc
        except ValueError as exc:
            raise GateError(f"{path} is not a valid probe result: {exc}") from exc
