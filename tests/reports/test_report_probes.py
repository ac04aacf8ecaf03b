"""The recall-probe table of the report's PII section: figures in words, never a probe value."""

from __future__ import annotations

from pathlib import Path

from governance.probes import proportion_bounds
from governance.probes.results import (
    PROBE_RECALL_MEANING,
    LookalikeEvidence,
    ProbeEvidence,
    ProbeResults,
    TypeProbeResult,
)
from governance.runfiles.layout import RunLayout
from reports import RunReport, build_report

PROBE_VALUE = "Zoltan Quixby-Marchetti"
LOOKALIKE = "SKU-QZ-9731-XL"


def _type(entity_type: str, caught: int, *, min_recall: float | None) -> TypeProbeResult:
    recall = proportion_bounds(caught, 200)
    precision = proportion_bounds(caught, caught + 2)
    return TypeProbeResult(
        entity_type=entity_type,
        planted=200,
        caught=caught,
        replaced_planted=80,
        replaced_caught=min(80, caught),
        inserted_planted=120,
        inserted_caught=caught - min(80, caught),
        recall=recall.estimate,
        recall_lower=recall.lower,
        recall_upper=recall.upper,
        lookalikes_flagged=2,
        precision=precision.estimate,
        precision_lower=precision.lower,
        precision_upper=precision.upper,
        found_in_sample=300,
        found_estimate=1200.0,
        missed_estimate=40.0,
        missed_lower=20.0,
        missed_upper=None if caught == 0 else 70.0,
        min_recall=min_recall,
    )


def _results() -> ProbeResults:
    return ProbeResults(
        source="support_tickets",
        policy_sha256="0" * 64,
        seed=0,
        count_per_type=200,
        lookalikes_planted=200,
        countries=["US"],
        source_records=2000,
        sample_records=500,
        probe_texts=734,
        scan_seconds=4.2,
        probe_set_digest="ab" * 32,
        types=[_type("PERSON", 190, min_recall=0.8), _type("US_SSN", 0, min_recall=0.45)],
        unmeasured=["CUSTOMER_ID"],
        probes=[
            ProbeEvidence(
                entity_type="PERSON",
                value=PROBE_VALUE,
                start=3,
                end=26,
                mode="insert",
                country="US",
                caught=True,
                caught_as=["PERSON"],
                record_id="t1",
                frame_digest="cd" * 32,
            )
        ],
        lookalikes=[
            LookalikeEvidence(
                kind="sku",
                value=LOOKALIKE,
                start=0,
                end=14,
                flagged_as=[],
                record_id="t1",
                frame_digest="cd" * 32,
            )
        ],
    )


def test_pii_section_shows_the_probe_table_in_every_rendering(run_dir: Path) -> None:
    _results().write(RunLayout(run_dir).probes)
    paths = build_report(run_dir)
    md = paths.markdown.read_text(encoding="utf-8")
    html = paths.html.read_text(encoding="utf-8")
    report = RunReport.model_validate_json(paths.json.read_text(encoding="utf-8"))

    probes = report.pii.probes
    assert probes is not None and probes.meaning == PROBE_RECALL_MEANING
    assert [r.entity_type for r in probes.rows] == ["PERSON", "US_SSN"]
    assert "| PERSON | 200 | 190 | 95.0% (≥ 91.7%) |" in md
    assert "| US\\_SSN | 200 | 0 | 0.0% (≥ 0.0%) |" in md
    assert "≥ 45.0%: NOT met" in md and "≥ 80.0%: met" in md
    assert "40 (20 to ∞)" in md and "40 (20 to 70)" in md
    assert "Not measured (no probe values): CUSTOMER\\_ID." in md
    assert "<td>95.0% (≥ 91.7%)</td>" in html and "NOT met" in html
    assert "Probe recall is the share of known synthetic values" in html
    for text in (md, html, paths.json.read_text(encoding="utf-8")):
        assert PROBE_VALUE not in text and LOOKALIKE not in text


def test_a_run_without_probes_says_so(run_dir: Path) -> None:
    paths = build_report(run_dir)
    report = RunReport.model_validate_json(paths.json.read_text(encoding="utf-8"))
    assert report.pii.probes is None
    assert report.pii.probes_note == "not available: probes.json was not written for this run"
    assert "probes.json was not written for this run" in paths.markdown.read_text("utf-8")
