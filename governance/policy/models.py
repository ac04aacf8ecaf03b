"""The policy file of one data source (``policies/<source>.yaml``), as pydantic v2 models.

Compliance owns these files. Every model forbids unknown keys, and every field carries a
description that ends up in ``policies/policy.schema.json``. Cross-field rules (DP required
but no budget, ...) are checked by ``model_validator`` so that a loaded :class:`Policy` is
valid or does not exist.
"""

from __future__ import annotations

import fnmatch
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from governance.catalog.registry import KNOWN_ENTITY_TYPES as REGISTRY_ENTITY_TYPES
from governance.catalog.registry import SUPPORTED_COUNTRIES, canonical_country
from governance.policy.probe_rules import ProbeSettings, RecallKey

__all__ = [
    "KNOWN_ENTITY_TYPES",
    "Accountant",
    "AllowedTeacher",
    "CustomRecognizer",
    "EntityAction",
    "EntityRule",
    "EntityTypeName",
    "ExportRules",
    "Policy",
    "PrivacyRules",
    "ProbeSettings",
    "ProcessingRecord",
    "PromptRules",
    "Recipient",
    "RegexPattern",
    "ResponseRules",
    "ResponseViolationAction",
    "SourceFormat",
    "SourceSpec",
    "TeacherProvider",
    "TeacherRules",
    "Transfer",
]

#: Entity types the built-in gateway can detect (derived from the recognizer registry).
#: Custom recognizers add their own.
KNOWN_ENTITY_TYPES: frozenset[str] = REGISTRY_ENTITY_TYPES


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, use_enum_values=False, allow_inf_nan=False
    )


class EntityAction(StrEnum):
    """What happens to a detected entity before the teacher sees the text."""

    ALLOW = "allow"
    REDACT = "redact"
    REPLACE = "replace"
    MASK = "mask"
    HASH = "hash"
    PSEUDONYMIZE = "pseudonymize"
    BLOCK = "block"


class ResponseViolationAction(StrEnum):
    """What happens when a teacher response contains an entity it may not contain."""

    REDACT = "redact"
    DROP = "drop"
    STOP = "stop"


class SourceFormat(StrEnum):
    BUILTIN = "builtin"
    JSONL = "jsonl"
    CSV = "csv"
    PARQUET = "parquet"
    DATASETS = "datasets"


class TeacherProvider(StrEnum):
    LOCAL = "local"
    GEMINI = "gemini"
    TRANSFORMERS = "transformers"


class Accountant(StrEnum):
    PRV = "prv"
    RDP = "rdp"


Probability = Annotated[float, Field(ge=0.0, le=1.0)]
#: An entity type name: UPPER_SNAKE, e.g. ``EMAIL_ADDRESS`` or a custom ``MEDICAL_RECORD_NUMBER``.
EntityTypeName = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]*$")]


class SourceSpec(_Strict):
    name: str = Field(
        description="Data source name; must equal the policy file's stem.",
        pattern=r"^[a-z][a-z0-9_]*$",
    )
    format: SourceFormat = Field(description="How the source is stored.")
    location: str | None = Field(
        default=None,
        description="Path of the file or folder (relative to the policy file), or the "
        "builtin generator's name for format 'builtin'.",
    )
    id_field: str = Field(default="id", description="Field holding a unique record id.")
    text_fields: list[str] = Field(
        min_length=1, description="Fields whose text is sent (after PII handling) to the teacher."
    )
    ground_truth_field: str | None = Field(
        default=None,
        description="Optional field with a hidden true label, used only for evaluation.",
    )
    owner: str = Field(min_length=1, description="Team or person accountable for the source.")

    @model_validator(mode="after")
    def _location_required(self) -> SourceSpec:
        if self.format is not SourceFormat.BUILTIN and not self.location:
            raise ValueError(f"location is required for format '{self.format.value}'")
        return self


class Recipient(_Strict):
    name: str = Field(description="Who receives personal data, e.g. 'Google LLC (Gemini API)'.")
    role: str = Field(description="Their role, e.g. 'processor'.")
    region: str = Field(description="Where they process the data, e.g. 'US' or 'EU'.")


class Transfer(_Strict):
    destination: str = Field(description="Country or region outside the EU/EEA.")
    safeguard: str = Field(description="Art. 46 safeguard, e.g. 'EU SCCs 2021/914'.")


class ProcessingRecord(_Strict):
    """GDPR Art. 30 record of processing activities."""

    controller: str = Field(description="Legal entity that is the controller.")
    controller_contact: str = Field(description="Contact of the controller or its DPO.")
    purpose: str = Field(description="Purpose of the processing.")
    lawful_basis: str = Field(description="Art. 6 lawful basis, e.g. 'legitimate interests'.")
    data_subject_categories: list[str] = Field(min_length=1, description="Whose data this is.")
    personal_data_categories: list[str] = Field(min_length=1, description="Kinds of data.")
    recipients: list[Recipient] = Field(default_factory=list, description="Who receives it.")
    transfers: list[Transfer] = Field(
        default_factory=list, description="Transfers outside the EU/EEA and their safeguards."
    )
    retention: str = Field(description="How long raw data and artifacts are kept.")
    erasure: str = Field(description="How erasure requests are honoured.")
    security_measures: list[str] = Field(
        min_length=1, description="Technical and organisational security measures."
    )


class EntityRule(_Strict):
    action: EntityAction = Field(description="What to do with a detected entity of this type.")
    min_score: Probability = Field(
        default=0.5, description="Findings scoring below this are ignored for this type."
    )
    mask_keep_last: int = Field(
        default=4, ge=0, le=16, description="For action 'mask': characters kept at the end."
    )


class RegexPattern(_Strict):
    name: str = Field(description="Pattern name, shown in the decision trace.")
    regex: str = Field(description="Python regular expression.")
    score: Probability = Field(default=0.6, description="Score of a match before context.")


class CustomRecognizer(_Strict):
    name: str = Field(description="Recognizer name, shown in the decision trace.")
    entity_type: str = Field(
        pattern=r"^[A-Z][A-Z0-9_]*$", description="Entity type it emits (UPPER_SNAKE)."
    )
    patterns: list[RegexPattern] = Field(default_factory=list, description="Regex patterns.")
    deny_list: list[str] = Field(
        default_factory=list, description="Exact terms that are always this entity."
    )
    context: list[str] = Field(
        default_factory=list, description="Words near a match that raise its score."
    )

    @model_validator(mode="after")
    def _has_something(self) -> CustomRecognizer:
        if not self.patterns and not self.deny_list:
            raise ValueError("a custom recognizer needs 'patterns' or 'deny_list'")
        return self


class PromptRules(_Strict):
    entities: dict[EntityTypeName, EntityRule] = Field(
        description="Per entity type, the action taken before a prompt reaches the teacher."
    )
    default_action: EntityAction = Field(
        default=EntityAction.REDACT,
        description="Action for a detected entity type not listed in 'entities'.",
    )
    custom_recognizers: list[CustomRecognizer] = Field(
        default_factory=list, description="Extra recognizers for this source."
    )
    allow_list: list[str] = Field(
        default_factory=list, description="Terms never treated as PII (e.g. the company name)."
    )
    countries: list[str] = Field(
        default_factory=list,
        description="ISO country codes whose formats the gateway looks for: national "
        "identifiers (e.g. 'GB' enables UK_NHS and UK_NINO, 'FR' FR_NIR) and phone numbers "
        "written nationally. Empty (the default): the 30 covered countries (US CA MX BR AR "
        "GB IE FR DE AT CH BE NL LU ES PT IT PL CZ SE DK NO FI TR IN JP AU NZ ZA NG); SG "
        "only when listed. Phone numbers written internationally (+44 ...), IBANs and "
        "postal addresses are found for any country.",
    )
    language: str = Field(
        default="en",
        description="Language of the text (ISO 639-1, e.g. 'en', 'fr'); picks the spaCy NER "
        "model (DISTILLGATE_SPACY_MODEL_<LANG> overrides it). 'policy lint' refuses a "
        "language whose model is not installed.",
        pattern=r"^[a-z]{2}$",
    )

    min_recall: dict[RecallKey, Probability] = Field(
        default_factory=dict,
        description="Per entity type (or 'default'), the smallest 95% lower bound of probe "
        "recall the gate accepts. Empty: probe recall is measured and reported, not gated.",
    )
    probes: ProbeSettings = Field(
        default_factory=ProbeSettings, description="How the recall probes are drawn."
    )
    probe_before_teacher: bool = Field(
        default=False,
        description="Stop the run before its first teacher call when a probe recall bound is "
        "under min_recall (otherwise the gate fails at the end of the run).",
    )

    def acts_on(self, entity_type: str) -> bool:
        """Whether a detected ``entity_type`` is anything but allowed through."""
        rule = self.entities.get(entity_type)
        action = rule.action if rule is not None else self.default_action
        return action is not EntityAction.ALLOW

    def min_recall_for(self, entity_type: str) -> float | None:
        """The recall threshold of ``entity_type`` (its own, else ``default``, else None)."""
        return self.min_recall.get(entity_type, self.min_recall.get("default"))

    @model_validator(mode="after")
    def _recall_of_acted_types(self) -> PromptRules:
        if allowed := [t for t in self.min_recall if t != "default" and not self.acts_on(t)]:
            raise ValueError(f"min_recall names type(s) the policy allows: {', '.join(allowed)}")
        return self

    @field_validator("countries")
    @classmethod
    def _known_countries(cls, value: list[str]) -> list[str]:
        unknown = sorted({c for c in value if canonical_country(c) not in SUPPORTED_COUNTRIES})
        if unknown:
            raise ValueError(
                f"unsupported country code(s) {', '.join(unknown)} (supported: "
                f"{', '.join(sorted(SUPPORTED_COUNTRIES))}, and UK for GB)"
            )
        return value


class ResponseRules(_Strict):
    allowed_entities: list[EntityTypeName] = Field(
        default_factory=list,
        description="Entity types a teacher response may contain. Anything else is a violation.",
    )
    min_score: Probability = Field(
        default=0.5, description="Findings in responses scoring below this are ignored."
    )
    on_violation: ResponseViolationAction = Field(
        default=ResponseViolationAction.REDACT,
        description="redact the entities, drop the example, or stop the run.",
    )


class AllowedTeacher(_Strict):
    provider: TeacherProvider = Field(description="Teacher provider.")
    model: str = Field(default="*", description="Glob pattern of allowed model names.")


class TeacherRules(_Strict):
    allowed: list[AllowedTeacher] = Field(
        min_length=1, description="Teachers this source's data may be sent to."
    )
    max_tokens_per_call: int = Field(default=1024, gt=0, description="Output token cap per call.")
    max_calls_per_run: int = Field(default=100_000, gt=0, description="Teacher calls per run.")

    def allows(self, provider: TeacherProvider, model: str) -> bool:
        """Whether ``provider``/``model`` matches one of the ``allowed`` glob patterns.

        >>> rules = TeacherRules(allowed=[AllowedTeacher(provider=TeacherProvider.GEMINI,
        ...     model="gemini-2.5-flash*")])
        >>> rules.allows(TeacherProvider.GEMINI, "gemini-2.5-flash-lite")
        True
        >>> rules.allows(TeacherProvider.GEMINI, "gemini-2.5-pro")
        False
        """
        return any(
            rule.provider is provider and fnmatch.fnmatchcase(model, rule.model)
            for rule in self.allowed
        )


class PrivacyRules(_Strict):
    dp_required: bool = Field(description="Whether students must be trained with DP-SGD.")
    target_epsilon: float | None = Field(
        default=None, gt=0, description="Per-run ε target for DP-SGD."
    )
    delta: float | None = Field(
        default=None, gt=0, lt=1, description="δ for DP-SGD; must be below 1/N."
    )
    lifetime_epsilon_budget: float | None = Field(
        default=None, gt=0, description="Total ε the source may spend across all runs."
    )
    accountant: Accountant = Field(default=Accountant.PRV, description="Privacy accountant.")

    @model_validator(mode="after")
    def _budget_when_required(self) -> PrivacyRules:
        if self.dp_required:
            missing = [
                name
                for name in ("target_epsilon", "delta", "lifetime_epsilon_budget")
                if getattr(self, name) is None
            ]
            if missing:
                raise ValueError("dp_required is true but " + ", ".join(missing) + " not set")
        if (
            self.target_epsilon is not None
            and self.lifetime_epsilon_budget is not None
            and self.target_epsilon > self.lifetime_epsilon_budget
        ):
            raise ValueError("target_epsilon exceeds lifetime_epsilon_budget")
        return self


class ExportRules(_Strict):
    max_epsilon: float | None = Field(
        default=None, gt=0, description="Largest ε a shipped student may have. None: no limit."
    )
    max_mia_auc: Probability = Field(
        default=0.6, description="Largest membership-inference AUC allowed."
    )
    max_mia_tpr_at_1pct_fpr: Probability = Field(
        default=0.05, description="Largest attack TPR at 1% FPR allowed."
    )
    max_canary_exposure: float = Field(
        default=3.0,
        ge=0,
        description="Largest mean exposure (bits) of the planted canaries; about 1.4 bits "
        "is chance level, log2(candidates + 1) is full memorisation.",
    )
    max_residual_pii: Probability = Field(
        default=0.0, description="Largest fraction of distilled records with residual PII."
    )
    min_agreement: Probability = Field(
        default=0.5, description="Smallest student agreement with the teacher."
    )
    min_generation_agreement: Probability | None = Field(
        default=None,
        description="Smallest mean ROUGE-L F1 of a generation student's answers against the "
        "teacher's on held-out records. None: min_agreement applies.",
    )
    min_accuracy: Probability = Field(
        default=0.0, description="Smallest student accuracy against ground truth, if known."
    )
    required_reviewers: int = Field(
        default=0,
        ge=0,
        le=20,
        description="How many distinct enrolled reviewers must currently approve the run "
        "(signed, bound to its passed gate decision) before export; 0: no sign-off needed.",
    )


class Policy(_Strict):
    """The complete policy of one data source."""

    policy_version: str = Field(description="Version of this policy, bumped on every change.")
    source: SourceSpec
    processing: ProcessingRecord
    prompt: PromptRules
    response: ResponseRules = Field(default_factory=ResponseRules)
    teacher: TeacherRules
    privacy: PrivacyRules
    export: ExportRules = Field(default_factory=ExportRules)
    schema_: Literal["distillgate/policy/v1"] = Field(
        default="distillgate/policy/v1",
        alias="schema",
        description="Schema identifier of this file.",
    )
