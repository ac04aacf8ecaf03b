"""Pure scoring functions of the PII benchmark (no I/O, no models).

Definitions (type-agnostic unless said otherwise):

- **character precision**: of the characters inside any prediction, the share that lie inside
  any gold span (side types included: a city flagged as a place is not a false positive);
- **span recall**: a gold span counts as found when at least 80% of its characters are
  covered by the union of all predictions; **typed recall** asks the same of the predictions
  whose canonical type equals the span's;
- **F2** from character precision and span recall;
- **look-alikes flagged**: the share of negatives that any prediction overlaps at all.

A prediction is ``(entity_type, start, end)``; its type is mapped to a canonical type by
:func:`canonical_type` (``US_SSN``, ``UK_NINO``, ``DE_TAX_ID``... are all NATIONAL_ID).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from benchmarks.pii_sources.model import HEADLINE_TYPES, Example

__all__ = [
    "MIN_COVER",
    "Prediction",
    "SourceScore",
    "TypeScore",
    "canonical_type",
    "covered",
    "f_beta",
    "merge",
    "score_source",
]

Prediction = tuple[str, int, int]
#: Share of a gold span's characters that predictions must cover for the span to count.
MIN_COVER = 0.8
_DIRECT = {
    "PERSON": "PERSON",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN_CODE",
    "IP_ADDRESS": "IP_ADDRESS",
    "STREET_ADDRESS": "STREET_ADDRESS",
    "ADDRESS": "STREET_ADDRESS",
    "NATIONAL_ID": "NATIONAL_ID",
    "PASSPORT": "NATIONAL_ID",
    "URL": "URL",
    "LOCATION": "LOCATION",
    "GPE": "LOCATION",
    "DATE_TIME": "DATE_TIME",
    "US_BANK_NUMBER": "OTHER",
}
#: Country-prefixed identifiers (US_SSN, UK_NINO, IN_PAN, FR_NIR...) are national identifiers.
_COUNTRY_ID = re.compile(r"^[A-Z]{2}_[A-Z0-9_]+$")


def canonical_type(entity_type: str) -> str:
    """The canonical type of a detector's entity type; ``OTHER`` when it has none."""
    if entity_type in _DIRECT:
        return _DIRECT[entity_type]
    return "NATIONAL_ID" if _COUNTRY_ID.match(entity_type) else "OTHER"


def merge(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint union of half-open intervals (empty ones dropped)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(i for i in intervals if i[0] < i[1]):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def covered(start: int, end: int, merged: Sequence[tuple[int, int]]) -> int:
    """Characters of ``[start, end)`` inside the disjoint intervals ``merged``."""
    return sum(max(0, min(end, b) - max(start, a)) for a, b in merged)


def f_beta(precision: float, recall: float, beta: float = 2.0) -> float:
    """F-beta of a precision and a recall (0 when both are 0)."""
    b2 = beta * beta
    denominator = b2 * precision + recall
    return (1 + b2) * precision * recall / denominator if denominator else 0.0


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


@dataclass(frozen=True)
class TypeScore:
    """Figures of one canonical type: gold spans found and predicted characters."""

    gold: int = 0
    found: int = 0
    typed_found: int = 0
    predicted_chars: int = 0
    predicted_chars_in_gold: int = 0

    @property
    def span_recall(self) -> float:
        return _ratio(self.found, self.gold)

    @property
    def typed_recall(self) -> float:
        return _ratio(self.typed_found, self.gold)

    @property
    def char_precision(self) -> float:
        return _ratio(self.predicted_chars_in_gold, self.predicted_chars)

    @property
    def f2(self) -> float:
        return f_beta(self.char_precision, self.span_recall)

    def __add__(self, other: TypeScore) -> TypeScore:
        return TypeScore(
            self.gold + other.gold,
            self.found + other.found,
            self.typed_found + other.typed_found,
            self.predicted_chars + other.predicted_chars,
            self.predicted_chars_in_gold + other.predicted_chars_in_gold,
        )


@dataclass(frozen=True)
class SourceScore:
    """Figures of one detector on one source.

    ``by_type`` holds gold counts per gold type and predicted characters per predicted
    canonical type; ``headline`` sums the gold of :data:`HEADLINE_TYPES` and every
    prediction.
    """

    texts: int
    by_type: dict[str, TypeScore]
    headline: TypeScore
    negatives: int
    negatives_flagged: int
    flagged_by_kind: dict[str, tuple[int, int]]

    @property
    def negatives_flagged_share(self) -> float:
        return self.negatives_flagged / self.negatives if self.negatives else 0.0


def _score_one(example: Example, predictions: Sequence[Prediction]) -> dict[str, TypeScore]:
    preds = [(canonical_type(t), a, b) for t, a, b in predictions]
    everything = merge((a, b) for _, a, b in preds)
    gold = merge((s.start, s.end) for s in example.spans)
    out: dict[str, TypeScore] = {}
    for span in example.spans:
        length = span.end - span.start
        typed = merge((a, b) for t, a, b in preds if t == span.entity_type)
        found = covered(span.start, span.end, everything) >= MIN_COVER * length
        typed_found = covered(span.start, span.end, typed) >= MIN_COVER * length
        out[span.entity_type] = out.get(span.entity_type, TypeScore()) + TypeScore(
            1, int(found), int(typed_found)
        )
    for kind in sorted({t for t, _, _ in preds}):
        mine = merge((a, b) for t, a, b in preds if t == kind)
        chars = sum(b - a for a, b in mine)
        inside = sum(covered(a, b, gold) for a, b in mine)
        out[kind] = out.get(kind, TypeScore()) + TypeScore(0, 0, 0, chars, inside)
    total = TypeScore(
        0, 0, 0, sum(b - a for a, b in everything), sum(covered(a, b, gold) for a, b in everything)
    )
    out["*"] = total
    return out


def score_source(
    examples: Sequence[Example], predictions: Sequence[Sequence[Prediction]]
) -> SourceScore:
    """Figures of one detector's ``predictions`` (one list per example) on ``examples``."""
    if len(examples) != len(predictions):
        raise ValueError(f"{len(examples)} examples but {len(predictions)} prediction lists")
    by_type: dict[str, TypeScore] = {}
    flagged_by_kind: dict[str, tuple[int, int]] = {}
    chars = TypeScore()
    for example, preds in zip(examples, predictions, strict=True):
        for kind, score in _score_one(example, preds).items():
            if kind == "*":
                chars = chars + score
            else:
                by_type[kind] = by_type.get(kind, TypeScore()) + score
        everything = merge((a, b) for _, a, b in preds)
        for neg in example.negatives:
            hit = covered(neg.start, neg.end, everything) > 0
            n, f = flagged_by_kind.get(neg.kind, (0, 0))
            flagged_by_kind[neg.kind] = (n + 1, f + int(hit))
    gold = [by_type.get(t, TypeScore()) for t in HEADLINE_TYPES]
    headline = TypeScore(
        sum(g.gold for g in gold),
        sum(g.found for g in gold),
        sum(g.typed_found for g in gold),
        chars.predicted_chars,
        chars.predicted_chars_in_gold,
    )
    return SourceScore(
        texts=len(examples),
        by_type=by_type,
        headline=headline,
        negatives=sum(n for n, _ in flagged_by_kind.values()),
        negatives_flagged=sum(f for _, f in flagged_by_kind.values()),
        flagged_by_kind=flagged_by_kind,
    )
