"""The recall-probe table of the report's PII section, read from ``probes.json``.

Only figures reach the report: no probe value, no probe text.
"""

from __future__ import annotations

from pathlib import Path

from governance.probes.results import PROBE_RECALL_MEANING, ProbeResults
from governance.runfiles.layout import RunLayout
from reports.formatting import num, pct
from reports.inputs import Loaded, load_model
from reports.sections import ProbeRow, ProbeView

__all__ = ["probe_cells", "probe_view"]


def probe_view(run_dir: Path) -> Loaded[ProbeView]:
    """The probe figures per entity type, or why there are none."""
    loaded = load_model(ProbeResults, RunLayout(run_dir).probes)
    r = loaded.value
    if r is None:
        return Loaded(None, loaded.note)
    rows = [
        ProbeRow(
            entity_type=t.entity_type,
            planted=t.planted,
            caught=t.caught,
            recall=t.recall,
            recall_lower=t.recall_lower,
            precision=t.precision,
            precision_lower=t.precision_lower,
            missed_estimate=t.missed_estimate,
            missed_lower=t.missed_lower,
            missed_upper=t.missed_upper,
            min_recall=t.min_recall,
            meets_min_recall=None if t.min_recall is None else not t.below_threshold,
        )
        for t in r.types
    ]
    return Loaded(
        ProbeView(
            meaning=PROBE_RECALL_MEANING,
            seed=r.seed,
            count_per_type=r.count_per_type,
            sample_records=r.sample_records,
            source_records=r.source_records,
            probe_texts=r.probe_texts,
            lookalikes_planted=r.lookalikes_planted,
            scan_seconds=r.scan_seconds,
            probe_set_digest=r.probe_set_digest,
            rows=rows,
            unmeasured=list(r.unmeasured),
        )
    )


def _count(value: float | None) -> str:
    return "∞" if value is None else f"{value:.0f}"


def probe_cells(row: ProbeRow) -> list[str]:
    """The table cells of one row, worded the same in HTML and Markdown.

    >>> cells = probe_cells(ProbeRow(entity_type="PERSON", planted=200, caught=194, recall=0.97,
    ...     recall_lower=0.942, precision=1.0, precision_lower=0.985, missed_estimate=74.0,
    ...     missed_lower=31.4, missed_upper=148.2, min_recall=0.85, meets_min_recall=True))
    >>> cells[3:]
    ['97.0% (≥ 94.2%)', '100.0% (≥ 98.5%)', '74 (31 to 148)', '≥ 85.0%: met']
    """
    if row.min_recall is None:
        threshold = "not gated"
    else:
        threshold = f"≥ {pct(row.min_recall)}: {'met' if row.meets_min_recall else 'NOT met'}"
    missed = (
        "unknown"
        if row.missed_estimate is None and row.missed_upper is None and row.recall is None
        else f"{_count(row.missed_estimate)} ({_count(row.missed_lower)} to "
        f"{_count(row.missed_upper)})"
    )
    return [
        row.entity_type,
        num(row.planted),
        num(row.caught),
        f"{pct(row.recall)} (≥ {pct(row.recall_lower)})",
        f"{pct(row.precision)} (≥ {pct(row.precision_lower)})",
        missed,
        threshold,
    ]
