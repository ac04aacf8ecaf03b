"""Report sections read straight from run files: source and policy, PII, teacher usage."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from governance.policy.models import Policy
from governance.runfiles.artifacts import PiiSummary, RunManifest, TeacherUsage
from governance.runfiles.layout import RunLayout
from reports.collect_probes import probe_view
from reports.inputs import Loaded, load_model
from reports.sections import (
    EntityRow,
    PiiSection,
    ProcessingView,
    SourceSection,
    TeacherSection,
)

__all__ = ["WITHHELD_EXAMPLE", "pii_section", "safe_example", "source_section", "teacher_section"]

_log = logging.getLogger(__name__)

#: Shown instead of a "redacted" example that still looks like it holds an identifier.
WITHHELD_EXAMPLE = "[example withheld: it still looks like it contains personal data]"
# Defence in depth over the gateway's anonymization: e-mail addresses and long digit runs
# (phone, card, account numbers) never reach a report, even from ``redacted_examples``.
_SUSPECT = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+|\d(?:[ ./-]?\d){8,}")


def safe_example(text: str) -> str:
    """``text`` unless it still looks like raw PII, else :data:`WITHHELD_EXAMPLE`.

    >>> safe_example("mail <EMAIL_ADDRESS_1> about order 1234")
    'mail <EMAIL_ADDRESS_1> about order 1234'
    >>> safe_example("shipped on 2026-11-28")
    'shipped on 2026-11-28'
    >>> safe_example("call +1 415 555 0134") == WITHHELD_EXAMPLE
    True
    """
    if _SUSPECT.search(text):
        _log.warning("a redacted example still looks like it holds PII; withheld from the report")
        return WITHHELD_EXAMPLE
    return text


def _processing(policy: Policy) -> ProcessingView:
    p = policy.processing
    return ProcessingView(
        controller=p.controller,
        controller_contact=p.controller_contact,
        purpose=p.purpose,
        lawful_basis=p.lawful_basis,
        data_subject_categories=list(p.data_subject_categories),
        personal_data_categories=list(p.personal_data_categories),
        recipients=[f"{r.name} ({r.role}, region {r.region})" for r in p.recipients],
        transfers=[f"{t.destination}, safeguard: {t.safeguard}" for t in p.transfers],
        retention=p.retention,
        erasure=p.erasure,
        security_measures=list(p.security_measures),
    )


def source_section(
    run_dir: Path, manifest: Loaded[RunManifest], policy: Loaded[Policy]
) -> SourceSection:
    """Who owns the data, why it is processed, and which policy the run obeyed."""
    m, pol = manifest.value, policy.value
    notes = [n for n in (manifest.note, policy.note) if n]
    section = SourceSection(
        available=m is not None or pol is not None,
        note="; ".join(notes) or None,
        run_id=m.run_id if m else run_dir.name,
    )
    if m is not None:
        section.job_name = m.job_name
        section.source = m.source
        section.policy_version = m.policy_version
        section.policy_sha256 = m.policy_sha256
        section.run_status = m.status
        section.started_at = m.started_at
        section.finished_at = m.finished_at
        section.teacher = f"{m.teacher_provider} / {m.teacher_model}"
    if pol is not None:
        section.source = section.source or pol.source.name
        section.owner = pol.source.owner
        section.purpose = pol.processing.purpose
        section.policy_version = section.policy_version or pol.policy_version
        section.allowed_teachers = [f"{t.provider.value}: {t.model}" for t in pol.teacher.allowed]
        section.required_reviewers = pol.export.required_reviewers
        section.processing = _processing(pol)
    return section


def pii_section(run_dir: Path) -> PiiSection:
    """Counts per entity type; examples come only from the anonymized ``redacted_examples``;
    the recall probes of the gateway (figures only)."""
    loaded = load_model(PiiSummary, RunLayout(run_dir).pii_summary)
    probes = probe_view(run_dir)
    s = loaded.value
    if s is None:
        return PiiSection(
            available=False, note=loaded.note, probes=probes.value, probes_note=probes.note
        )
    return PiiSection(
        available=True,
        probes=probes.value,
        probes_note=probes.note,
        records_scanned=s.records_scanned,
        records_blocked=s.records_blocked,
        responses_redacted=s.responses_redacted,
        responses_dropped=s.responses_dropped,
        entities=[
            EntityRow(
                entity_type=e.entity_type,
                in_prompts=e.in_prompts,
                in_responses=e.in_responses,
                action=e.action,
            )
            for e in sorted(
                s.entities, key=lambda e: (-e.in_prompts - e.in_responses, e.entity_type)
            )
        ],
        redacted_examples=[safe_example(x) for x in s.redacted_examples],
    )


def teacher_section(run_dir: Path) -> TeacherSection:
    """Calls, tokens and cost of the teacher, and what the gateway kept from it."""
    loaded = load_model(TeacherUsage, RunLayout(run_dir).teacher_usage)
    u = loaded.value
    if u is None:
        return TeacherSection(available=False, note=loaded.note)
    return TeacherSection(available=True, **u.model_dump())
