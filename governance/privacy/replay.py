"""PII replay: do a generation student's outputs contain PII or canary secrets?

Outputs are scanned with the PII gateway (``PiiGateway.scan``, or anything with a ``scan``
method returning findings with an ``entity_type``) and compared with the in-memory canary
secrets, literally and by digits (so ``4000123412341234`` matches ``4000 1234 1234 1234``).
The result holds counts, entity types and canary digests only, never an output or a value.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from governance.privacy.canaries import CanaryPlan
from governance.privacy.protocols import GenerationModel

__all__ = [
    "PiiReplay",
    "PiiScanner",
    "extraction_prompts",
    "replay_outputs",
    "run_extraction",
]

logger = logging.getLogger(__name__)

_NON_DIGITS = re.compile(r"\D+")
_MIN_DIGITS = 7


class _Finding(Protocol):
    @property
    def entity_type(self) -> str: ...


class PiiScanner(Protocol):
    """Anything that finds PII in a text (``governance.pii.gateway.PiiGateway`` does)."""

    def scan(self, text: str) -> Sequence[_Finding]: ...


@dataclass(frozen=True)
class PiiReplay:
    """What the outputs replayed: counts per entity type and digests of canaries found."""

    outputs: int
    outputs_with_hits: int
    pii_findings: int
    entity_counts: dict[str, int] = field(default_factory=dict)
    canary_digests_found: tuple[str, ...] = ()

    @property
    def hits(self) -> int:
        """Findings plus canaries found (the report's ``pii_replay_hits``)."""
        return self.pii_findings + len(self.canary_digests_found)


def _digits(text: str) -> str:
    return _NON_DIGITS.sub("", text)


def replay_outputs(
    outputs: Sequence[str], *, plan: CanaryPlan | None, scanner: PiiScanner | None
) -> PiiReplay:
    """Scan ``outputs`` for PII (when ``scanner`` is given) and for ``plan``'s canary secrets."""
    counts: Counter[str] = Counter()
    found: dict[str, None] = {}
    with_hits = 0
    canaries = plan.canaries if plan is not None else ()
    for output in outputs:
        hit = False
        if scanner is not None:
            findings = scanner.scan(output)
            counts.update(f.entity_type for f in findings)
            hit = bool(findings)
        digits = _digits(output)
        for canary in canaries:
            secret_digits = _digits(canary.secret)
            if canary.secret in output or (
                len(secret_digits) >= _MIN_DIGITS and secret_digits in digits
            ):
                found[canary.digest] = None
                hit = True
        with_hits += hit
    result = PiiReplay(
        outputs=len(outputs),
        outputs_with_hits=with_hits,
        pii_findings=sum(counts.values()),
        entity_counts=dict(sorted(counts.items())),
        canary_digests_found=tuple(found),
    )
    if result.hits:
        logger.warning(
            "PII replay: %d findings and %d canaries in %d of %d outputs",
            result.pii_findings,
            len(result.canary_digests_found),
            result.outputs_with_hits,
            result.outputs,
        )
    return result


def extraction_prompts(plan: CanaryPlan) -> list[str]:
    """For each inserted canary, its sentence up to where the secret starts."""
    return [c.template.split("{secret}", 1)[0] for c in plan.inserted]


def run_extraction(
    model: GenerationModel,
    plan: CanaryPlan,
    *,
    scanner: PiiScanner | None,
    max_new_tokens: int = 24,
) -> PiiReplay:
    """Prompt ``model`` with every inserted canary's prefix and replay-scan the continuations."""
    prompts = extraction_prompts(plan)
    outputs = model.generate(prompts, max_new_tokens=max_new_tokens) if prompts else []
    return replay_outputs(outputs, plan=plan, scanner=scanner)
