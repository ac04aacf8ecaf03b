"""``RunReport``: every section of a run report, the single source of the HTML, Markdown and
JSON renderings (so the three always say the same thing).

>>> RunReport.model_fields["verdict"].annotation.__name__
'VerdictSection'
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from governance.privacy.report import PrivacyReport
from governance.runfiles.artifacts import RunManifest
from governance.runfiles.layout import RunLayout
from reports.collect_audit import audit_section, signoff_section
from reports.collect_basic import pii_section, source_section, teacher_section
from reports.collect_outcomes import quality_section, validation_section
from reports.collect_privacy import attack_section, dp_section
from reports.inputs import load_model, load_policy_copy
from reports.sections import (
    AttackSection,
    AuditSection,
    DpSection,
    PiiSection,
    QualitySection,
    SignoffSection,
    SourceSection,
    TeacherSection,
    ValidationSection,
    VerdictSection,
)
from reports.verdict import decide_verdict

__all__ = ["SECTION_TITLES", "RunReport", "collect_report"]

#: Section anchors and titles, in report order (HTML ids, Markdown headings, test checks).
SECTION_TITLES: dict[str, str] = {
    "verdict": "Verdict",
    "source": "Data source and policy",
    "pii": "Personal data (PII)",
    "teacher": "Teacher usage",
    "audit": "Audit log",
    "dp": "Differential privacy",
    "attacks": "Privacy attacks",
    "validation": "Validation suites",
    "quality": "Student quality and export",
    "signoff": "Reviewer sign-off",
}


class RunReport(BaseModel):
    """The compliance report of one run."""

    model_config = ConfigDict(extra="forbid", ser_json_inf_nan="strings")

    schema_: Literal["distillgate/run-report/v1"] = Field(
        default="distillgate/run-report/v1", alias="schema"
    )
    run_id: str
    generated_at: str = Field(description="UTC time the report was built (ISO 8601).")
    verdict: VerdictSection
    source: SourceSection
    pii: PiiSection
    teacher: TeacherSection
    audit: AuditSection
    dp: DpSection
    attacks: AttackSection
    validation: ValidationSection
    quality: QualitySection
    signoff: SignoffSection


def collect_report(run_dir: Path) -> RunReport:
    """Read every file of ``run_dir`` and gather the report; missing files become notes."""
    run_dir = Path(run_dir)
    layout = RunLayout(run_dir)
    manifest = load_model(RunManifest, layout.manifest)
    policy = load_policy_copy(layout.policy)
    privacy = load_model(PrivacyReport, layout.privacy_report)
    source = source_section(run_dir, manifest, policy)
    validation = validation_section(run_dir)
    audit = audit_section(run_dir)
    dp = dp_section(privacy, policy.value)
    signoff = signoff_section(run_dir, required=source.required_reviewers)
    pii = pii_section(run_dir)
    verdict = decide_verdict(
        validation=validation, audit=audit, dp=dp, pii=pii, signoff=signoff, source=source
    )
    return RunReport(
        run_id=source.run_id,
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        verdict=verdict,
        source=source,
        pii=pii,
        teacher=teacher_section(run_dir),
        audit=audit,
        dp=dp,
        attacks=attack_section(privacy, policy.value),
        validation=validation,
        quality=quality_section(run_dir),
        signoff=signoff,
    )
