"""The original en_US corpus and evasion set (``benchmarks/pii_corpus.py``) as examples.

Both were tuned on; they stay as the no-regression sources. Their US_SSN and
US_DRIVER_LICENSE labels become NATIONAL_ID with that subtype.
"""

from __future__ import annotations

from benchmarks.pii_corpus import Labeled, build_corpus, build_evasion_set
from benchmarks.pii_sources.model import Example, GoldSpan

__all__ = ["corpus", "evasion"]

_TYPES = {"US_SSN": "NATIONAL_ID", "US_DRIVER_LICENSE": "NATIONAL_ID"}


def _convert(items: list[Labeled]) -> list[Example]:
    out = []
    for item in items:
        spans = tuple(
            GoldSpan(
                _TYPES.get(s.entity_type, s.entity_type),
                s.start,
                s.end,
                s.entity_type if s.entity_type in _TYPES else "",
            )
            for s in item.spans
        )
        out.append(Example(item.text, spans, (), "en_US"))
    return out


def corpus(n: int) -> list[Example]:
    """``n`` sentences of the original corpus (Faker en_US)."""
    return _convert(build_corpus(n))


def evasion(n: int) -> list[Example]:
    """``n`` sentences of the original evasion set."""
    return _convert(build_evasion_set(n))
