"""Measure a gateway's recall on probes planted into a source's own records.

:func:`measure_probes` samples the records (seeded), scans the sample with the gateway to find
the entities its policy acts on, plants synthetic values of every measured type and as many
look-alikes (:mod:`governance.probes.plant`), scans the probe texts exactly as prompts are
scanned, and judges each planted string. Nothing here sends, stores or logs a probe text.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from governance.pii.digest import value_digest
from governance.pii.gateway import PiiGateway
from governance.pii.types import PiiFinding
from governance.policy.models import Policy
from governance.probes.plant import PlantedString, ProbeText, build_probe_texts
from governance.probes.results import (
    LookalikeEvidence,
    ProbeEvidence,
    ProbeResults,
    TypeProbeResult,
)
from governance.probes.stats import MIN_COVER, covered_share, estimate_missed, proportion_bounds
from governance.probes.values import DEFAULT_COUNTRIES, VALUE_KINDS

__all__ = ["ProbePlan", "measure_probes", "probe_plan"]


@dataclass(frozen=True)
class ProbePlan:
    """Which types a policy's probes measure, and those it acts on but cannot measure."""

    measured: tuple[str, ...]
    unmeasured: tuple[str, ...]
    countries: tuple[str, ...]


def probe_plan(policy: Policy) -> ProbePlan:
    """Every type the policy acts on (listed, country-specific, custom, or given a threshold)."""
    rules = policy.prompt
    named = {c.upper() for c in rules.countries}
    wanted = [t for t, r in rules.entities.items() if rules.acts_on(t)]
    # Country-specific types: only for the countries the policy names (the gateway enables
    # their recognizers for those countries alone).
    wanted += [
        t
        for t, kind in VALUE_KINDS.items()
        if kind.countries and kind.countries & named and rules.acts_on(t)
    ]
    wanted += [c.entity_type for c in rules.custom_recognizers if rules.acts_on(c.entity_type)]
    wanted += [t for t in rules.min_recall if t != "default"]
    unique = tuple(dict.fromkeys(wanted))
    return ProbePlan(
        measured=tuple(t for t in unique if t in VALUE_KINDS),
        unmeasured=tuple(t for t in unique if t not in VALUE_KINDS),
        countries=tuple(sorted(named)) or DEFAULT_COUNTRIES,
    )


def _caught_as(planted: PlantedString, acted: Sequence[PiiFinding]) -> tuple[bool, list[str]]:
    over = [f for f in acted if f.start < planted.end and f.end > planted.start]
    share = covered_share(planted.start, planted.end, [(f.start, f.end) for f in over])
    return share >= MIN_COVER, sorted({f.entity_type for f in over})


def _evidence(
    probes: Sequence[ProbeText],
    scans: Sequence[list[PiiFinding]],
    record_ids: Sequence[str],
    secret: bytes,
) -> tuple[list[ProbeEvidence], list[LookalikeEvidence]]:
    values: list[ProbeEvidence] = []
    lookalikes: list[LookalikeEvidence] = []
    for probe, acted in zip(probes, scans, strict=True):
        digest = value_digest(secret, probe.text)
        record = record_ids[probe.record_index]
        for v in probe.values:
            caught, types = _caught_as(v, acted)
            values.append(
                ProbeEvidence(
                    entity_type=v.label,
                    value=v.value,
                    start=v.start,
                    end=v.end,
                    mode=v.mode,
                    country=v.country,
                    caught=caught,
                    caught_as=types,
                    record_id=record,
                    frame_digest=digest,
                )
            )
        for la in probe.lookalikes:
            _, types = _caught_as(la, acted)
            lookalikes.append(
                LookalikeEvidence(
                    kind=la.label,
                    value=la.value,
                    start=la.start,
                    end=la.end,
                    flagged_as=types,
                    record_id=record,
                    frame_digest=digest,
                )
            )
    return values, lookalikes


def _type_result(
    entity_type: str,
    evidence: Sequence[ProbeEvidence],
    flagged: Counter[str],
    *,
    found_in_sample: int,
    scale: float,
    min_recall: float | None,
) -> TypeProbeResult:
    mine = [e for e in evidence if e.entity_type == entity_type]
    caught = sum(e.caught for e in mine)
    replaced = [e for e in mine if e.mode == "replace"]
    recall = proportion_bounds(caught, len(mine))
    precision = proportion_bounds(caught, caught + flagged[entity_type])
    found = found_in_sample * scale
    missed = estimate_missed(found, recall=recall, precision=precision)
    return TypeProbeResult(
        entity_type=entity_type,
        planted=len(mine),
        caught=caught,
        replaced_planted=len(replaced),
        replaced_caught=sum(e.caught for e in replaced),
        inserted_planted=len(mine) - len(replaced),
        inserted_caught=caught - sum(e.caught for e in replaced),
        recall=recall.estimate,
        recall_lower=recall.lower,
        recall_upper=recall.upper,
        lookalikes_flagged=flagged[entity_type],
        precision=precision.estimate,
        precision_lower=precision.lower,
        precision_upper=precision.upper,
        found_in_sample=found_in_sample,
        found_estimate=found,
        missed_estimate=missed.estimate if missed.estimate != float("inf") else None,
        missed_lower=missed.lower,
        missed_upper=missed.upper if missed.upper != float("inf") else None,
        min_recall=min_recall,
    )


def _set_digest(values: Sequence[ProbeEvidence], lookalikes: Sequence[LookalikeEvidence]) -> str:
    data = {
        "values": [v.model_dump(mode="json") for v in values],
        "lookalikes": [la.model_dump(mode="json") for la in lookalikes],
    }
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def measure_probes(
    gateway: PiiGateway,
    texts: Sequence[str],
    record_ids: Sequence[str],
    *,
    secret: bytes,
    policy_sha256: str,
) -> ProbeResults:
    """Plant, scan and judge the probes of ``gateway.policy`` over the records ``texts``.

    ``secret`` keys the digests of probe texts; it need not be the gateway's.
    """
    policy = gateway.policy
    settings, plan = policy.prompt.probes, probe_plan(policy)
    rng = random.Random(settings.seed)  # nosec B311  # seeded, reproducible sample; not a secret
    picked = sorted(rng.sample(range(len(texts)), min(settings.sample_records, len(texts))))
    sample = [texts[i] for i in picked]
    started = time.perf_counter()
    found = [gateway.acted_on(f) for f in gateway.scan(sample)]
    probes = build_probe_texts(
        sample,
        found,
        entity_types=plan.measured,
        count=settings.count,
        lookalikes=settings.count if plan.measured else 0,
        countries=plan.countries,
        seed=settings.seed,
        avoid=texts,
    )
    scans = [gateway.acted_on(f) for f in gateway.scan([p.text for p in probes])]
    seconds = time.perf_counter() - started
    values, lookalikes = _evidence(probes, scans, [record_ids[i] for i in picked], secret)
    flagged = Counter(t for la in lookalikes for t in la.flagged_as)
    in_sample = Counter(f.entity_type for findings in found for f in findings)
    scale = len(texts) / len(sample) if sample else 0.0
    return ProbeResults(
        source=policy.source.name,
        policy_sha256=policy_sha256,
        seed=settings.seed,
        count_per_type=settings.count,
        lookalikes_planted=len(lookalikes),
        countries=list(plan.countries),
        source_records=len(texts),
        sample_records=len(sample),
        probe_texts=len(probes),
        scan_seconds=round(seconds, 3),
        probe_set_digest=_set_digest(values, lookalikes),
        types=[
            _type_result(
                t,
                values,
                flagged,
                found_in_sample=in_sample[t],
                scale=scale,
                min_recall=policy.prompt.min_recall_for(t),
            )
            for t in plan.measured
        ],
        unmeasured=list(plan.unmeasured),
        probes=values,
        lookalikes=lookalikes,
    )
