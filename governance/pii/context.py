"""Context words around a finding raise or lower its score (pure functions)."""

from __future__ import annotations

import re

__all__ = [
    "CONTEXT_BOOST",
    "NEGATIVE_CONTEXT",
    "NEGATIVE_CONTEXT_PENALTY",
    "NEGATIVE_CONTEXT_TYPES",
    "VERSION_CONTEXT",
    "WEAK_CONTEXT",
    "adjust_score",
]

CONTEXT_BOOST = 0.35
NEGATIVE_CONTEXT_PENALTY = 0.3
#: Words before a number that say it is no personal identifier.
NEGATIVE_CONTEXT: frozenset[str] = frozenset(
    {
        "order",
        "tracking",
        "invoice",
        "ticket",
        "case",
        "ref",
        "reference",
        "sku",
        "serial",
        "model",
        "version",
        "item",
        "confirmation",
        "po",
        "part",
        "build",
        "transaction",
        "rma",
        "license",
        "licence",
        "dl",
        "passport",
        "routing",
    }
)
#: Entity types whose score negative context lowers (unvalidated number patterns).
NEGATIVE_CONTEXT_TYPES: frozenset[str] = frozenset(
    {
        "PHONE_NUMBER",
        "US_DRIVER_LICENSE",
        "US_BANK_NUMBER",
        "US_PASSPORT",
        "US_SSN",
        "IP_ADDRESS",
        "STREET_ADDRESS",
    }
)
#: Words before a dotted quad that say it is a version (``upgrading to 10.4.2.1``), for
#: IP_ADDRESS only: a phone number after "update" is still a phone number.
VERSION_CONTEXT: frozenset[str] = frozenset(
    {"release", "update", "updated", "updating", "upgrade", "upgraded", "upgrading"}
    | {"firmware", "patch", "past", "agent", "v", "ver", "app", "client"}
)
#: Words that support a type only right before the finding (one of its two words before) and
#: where no negative word stands before it: "my new number 0803..." is a phone number,
#: "order number 0803..." is not.
WEAK_CONTEXT: dict[str, frozenset[str]] = {
    "PHONE_NUMBER": frozenset({"number", "numéro", "nummer", "número", "numero", "numer"}),
}
_WORD = re.compile(r"[\w#']+")
#: A sentence end: '.', '?' or '!' before whitespace, or a newline. A period after a word of
#: at most three letters is an abbreviation ("Nr.", "No.", "Tel.", "Dr."), not an end.
_L = r"[^\W\d_]"  # a letter
_SENTENCE_END = re.compile(
    rf"(?<!(?<!{_L}){_L})(?<!\b{_L}{{2}})(?<!\b{_L}{{3}})\.(?=\s)|[?!](?=\s)|\n"
)
_BEFORE_CHARS = 48
_BEFORE_WORDS = 5
_AFTER_WORDS = 3


def _words_around(text: str, start: int, end: int) -> tuple[list[str], list[str]]:
    window = text[max(0, start - _BEFORE_CHARS) : start]
    # Context belongs to the finding's own sentence: cut at the last sentence boundary.
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    if ends:
        window = window[ends[-1] :]
    before = _WORD.findall(window.lower())
    after = _WORD.findall(text[end : end + 24].lower())
    return before[-_BEFORE_WORDS:], after[:_AFTER_WORDS]


def _matches(words: list[str], context: tuple[str, ...]) -> bool:
    return any(w == c or (len(c) > 3 and w.startswith(c)) for w in words for c in context)


def adjust_score(
    text: str, start: int, end: int, *, entity_type: str, score: float, context: tuple[str, ...]
) -> float:
    """Score of the finding ``text[start:end]`` after looking at the words around it.

    >>> adjust_score("call me at 2125550199", 11, 21, entity_type="PHONE_NUMBER",
    ...              score=0.4, context=("call",))
    0.75
    >>> adjust_score("order 2125550199", 6, 16, entity_type="PHONE_NUMBER",
    ...              score=0.65, context=("call",))
    0.35
    >>> adjust_score("my new number 08034417729", 14, 25, entity_type="PHONE_NUMBER",
    ...              score=0.4, context=("call",))
    0.75
    >>> adjust_score("order number 08034417729", 13, 24, entity_type="PHONE_NUMBER",
    ...              score=0.4, context=("call",))
    0.1
    """
    before, after = _words_around(text, start, end)
    positive = bool(context) and _matches(before + after, context)
    weak = WEAK_CONTEXT.get(entity_type)
    if not positive and weak and any(w in weak for w in before[-2:]):
        positive = not any(w in NEGATIVE_CONTEXT for w in before)
    adjusted = score
    if positive and score < 1.0:
        adjusted = max(min(1.0, score + CONTEXT_BOOST), 0.4)
    # Negative context only lowers a finding that no positive cue supports: a missed phone
    # number is a privacy incident, a masked order number only costs a little data.
    if (
        not positive
        and entity_type in NEGATIVE_CONTEXT_TYPES
        and any(
            w in NEGATIVE_CONTEXT or (entity_type == "IP_ADDRESS" and w in VERSION_CONTEXT)
            for w in before
        )
    ):
        adjusted = max(0.0, score - NEGATIVE_CONTEXT_PENALTY)
    return round(adjusted, 4)
