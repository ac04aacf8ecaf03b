"""Recall probes: how much PII of the source's own kind the gateway lets through.

Synthetic values of every entity type the policy acts on are planted into a seeded sample of
the source's records (:mod:`~governance.probes.plant`, values from
:mod:`~governance.probes.values`), scanned by the run's gateway exactly like prompts
(:mod:`~governance.probes.measure`), and summarised with exact bounds
(:mod:`~governance.probes.stats`) in ``probes.json`` (:mod:`~governance.probes.results`).
Probe texts are never sent to a teacher, never stored, never put in a dataset.
"""

from governance.probes.measure import ProbePlan, measure_probes, probe_plan
from governance.probes.results import ProbeResults, TypeProbeResult
from governance.probes.stats import Bounds, estimate_missed, proportion_bounds

__all__ = [
    "Bounds",
    "ProbePlan",
    "ProbeResults",
    "TypeProbeResult",
    "estimate_missed",
    "measure_probes",
    "probe_plan",
    "proportion_bounds",
]
