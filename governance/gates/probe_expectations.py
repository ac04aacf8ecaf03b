"""Expectations over the run's recall probes (``probes.json``), part of the privacy suite.

One expectation per entity type that has a ``prompt.min_recall`` threshold: the one-sided 95%
lower bound of its probe recall must reach the threshold. Which types get one follows from
the policy alone (:func:`governance.probes.probe_plan`), so a missing ``probes.json`` or a
type without probe values shows as a null observation, and a null never passes.
"""

from __future__ import annotations

from pathlib import Path

from governance.gates.expectations import ExpectColumnMinToBeBetween
from governance.gates.spec import ExpectationSpec
from governance.policy.models import Policy
from governance.probes.measure import probe_plan
from governance.probes.results import ProbeResults
from governance.runfiles.layout import RunLayout

__all__ = ["gated_probe_types", "probe_expectations", "probe_figures"]


def gated_probe_types(policy: Policy) -> list[tuple[str, float]]:
    """``(entity type, min_recall)`` of every type the gate checks probe recall for.

    ``default`` applies to the measured types; a type the policy names in ``min_recall`` but
    no probe can measure is gated too, and fails (a null observation never passes).
    """
    plan, rules = probe_plan(policy), policy.prompt
    gated = [(t, rules.min_recall_for(t)) for t in plan.measured]
    gated += [(t, rules.min_recall.get(t)) for t in plan.unmeasured]
    return [(t, threshold) for t, threshold in gated if threshold is not None]


def _column(entity_type: str) -> str:
    return f"probe_recall_lower_{entity_type.lower()}"


def probe_figures(run_dir: Path, policy: Policy) -> dict[str, float | None]:
    """The recall lower bound of each gated type (None: not measured or no ``probes.json``)."""
    gated = gated_probe_types(policy)
    if not gated:
        return {}
    path = RunLayout(run_dir).probes
    measured = ProbeResults.read(path).by_type() if path.is_file() else {}
    return {_column(t): (measured[t].recall_lower if t in measured else None) for t, _ in gated}


def probe_expectations(policy: Policy) -> list[ExpectationSpec]:
    """The lower bound of probe recall reaches ``min_recall``, per gated type."""
    return [
        ExpectationSpec(
            f"pii_probe_recall_{entity_type.lower()}",
            ExpectColumnMinToBeBetween(column=_column(entity_type), min_value=threshold),
            f">= {threshold} (min_recall)",
            f"the PII gateway caught enough planted {entity_type} probes: the 95% lower "
            "confidence bound of its probe recall reaches the policy's min_recall",
            observed_column=_column(entity_type),
        )
        for entity_type, threshold in gated_probe_types(policy)
    ]
