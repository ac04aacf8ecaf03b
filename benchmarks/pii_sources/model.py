"""The labelled-example model every PII benchmark source produces.

An :class:`Example` is a text with character-offset gold spans of canonical types and
look-alike negatives (strings shaped like PII that must not be flagged). Sources build their
texts piece by piece with :class:`TextBuilder`, so offsets are computed, never typed by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "CANONICAL_TYPES",
    "HEADLINE_TYPES",
    "SIDE_TYPES",
    "Example",
    "GoldSpan",
    "LookAlike",
    "TextBuilder",
]

#: Gold types of the headline figures (span recall, F2).
HEADLINE_TYPES: tuple[str, ...] = (
    "PERSON",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "CREDIT_CARD",
    "IBAN_CODE",
    "IP_ADDRESS",
    "STREET_ADDRESS",
    "NATIONAL_ID",
    "URL",
)
#: Gold types reported on their own lines, outside the headline: cities and countries standing
#: alone, and dates (which the default policy allows). Predicted characters inside them are
#: not counted against precision.
SIDE_TYPES: tuple[str, ...] = ("LOCATION", "DATE_TIME")
CANONICAL_TYPES: tuple[str, ...] = HEADLINE_TYPES + SIDE_TYPES


@dataclass(frozen=True)
class GoldSpan:
    """``text[start:end]`` is personal data of canonical ``entity_type`` (e.g. NATIONAL_ID);
    ``subtype`` names the specific kind (``UK_NINO``, ``CVV``, ``MULTILINE``...)."""

    entity_type: str
    start: int
    end: int
    subtype: str = ""

    def __post_init__(self) -> None:
        if self.entity_type not in CANONICAL_TYPES:
            raise ValueError(f"not a canonical type: {self.entity_type}")
        if not 0 <= self.start < self.end:
            raise ValueError(f"empty or negative span {self.start}..{self.end}")


@dataclass(frozen=True)
class LookAlike:
    """``text[start:end]`` looks like PII but is not (an order number, a SKU...)."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Example:
    """One labelled text; ``tag`` says where it came from (locale, genre)."""

    text: str
    spans: tuple[GoldSpan, ...]
    negatives: tuple[LookAlike, ...] = ()
    tag: str = ""

    def __post_init__(self) -> None:
        ends = [s.end for s in self.spans] + [n.end for n in self.negatives]
        if ends and max(ends) > len(self.text):
            raise ValueError(f"span ending at {max(ends)} beyond the text ({len(self.text)})")


@dataclass
class TextBuilder:
    """Appends literal text, gold values and look-alikes; :meth:`build` makes the example."""

    _parts: list[str] = field(default_factory=list)
    _spans: list[GoldSpan] = field(default_factory=list)
    _negatives: list[LookAlike] = field(default_factory=list)
    _length: int = 0

    def text(self, literal: str) -> TextBuilder:
        self._parts.append(literal)
        self._length += len(literal)
        return self

    def pii(self, entity_type: str, value: str, subtype: str = "") -> TextBuilder:
        start = self._length
        self.text(value)
        self._spans.append(GoldSpan(entity_type, start, self._length, subtype))
        return self

    def lookalike(self, kind: str, value: str) -> TextBuilder:
        start = self._length
        self.text(value)
        self._negatives.append(LookAlike(kind, start, self._length))
        return self

    def build(self, tag: str = "") -> Example:
        return Example("".join(self._parts), tuple(self._spans), tuple(self._negatives), tag)
