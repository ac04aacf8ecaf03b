"""Conflict resolution: one entity per span, the most specific type winning (pure)."""

from __future__ import annotations

from bisect import bisect_right, insort

from governance.catalog.registry import SPECIFICITY as REGISTRY_RANKS
from governance.pii.types import PiiFinding

__all__ = ["SPECIFICITY", "merge_same_type", "resolve_conflicts"]

#: Higher wins an overlap: the registry's ranks. Types not listed (policy custom types) rank
#: above all built-ins.
SPECIFICITY: dict[str, int] = REGISTRY_RANKS
_CUSTOM_RANK = max(SPECIFICITY.values()) + 1
_MIN_REMAINDER = 2
#: Types whose findings absorb weaker findings of other types lying wholly inside them.
_ABSORBING = frozenset({"STREET_ADDRESS", "IBAN_CODE"})
#: Types whose uncovered remainder survives an overlap (names, places); others are dropped.
_TRIMMABLE = frozenset({"PERSON", "LOCATION", "NRP", "STREET_ADDRESS"})


def _rank(finding: PiiFinding) -> tuple[int, float, int]:
    return (
        SPECIFICITY.get(finding.entity_type, _CUSTOM_RANK),
        finding.score,
        finding.end - finding.start,
    )


def _remainder(text: str, finding: PiiFinding, taken: list[tuple[int, int]]) -> PiiFinding | None:
    """The longest part of ``finding`` outside the taken spans, trimmed; None if too short."""
    free = [True] * (finding.end - finding.start)
    for a, b in taken:
        for i in range(max(a, finding.start), min(b, finding.end)):
            free[i - finding.start] = False
    best: tuple[int, int] | None = None
    i = 0
    while i < len(free):
        if free[i]:
            j = i
            while j < len(free) and free[j]:
                j += 1
            if best is None or j - i > best[1] - best[0]:
                best = (i, j)
            i = j
        else:
            i += 1
    if best is None:
        return None
    start, end = finding.start + best[0], finding.start + best[1]
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    if sum(c.isalnum() for c in text[start:end]) < _MIN_REMAINDER:
        return None
    return PiiFinding(finding.entity_type, start, end, finding.score, finding.recognizer)


def merge_same_type(findings: list[PiiFinding]) -> list[PiiFinding]:
    """Overlapping findings of one type become their union (best score and recognizer), so
    that two recognizers seeing parts of one name or address cover all of it.

    >>> merge_same_type([PiiFinding("PERSON", 7, 13, 0.8, "field"),
    ...                  PiiFinding("PERSON", 15, 20, 0.85, "spacy_person"),
    ...                  PiiFinding("PERSON", 0, 14, 0.8, "field")])
    [PiiFinding(entity_type='PERSON', start=0, end=14, score=0.8, recognizer='field'), \
PiiFinding(entity_type='PERSON', start=15, end=20, score=0.85, recognizer='spacy_person')]
    """
    merged: list[PiiFinding] = []
    for f in sorted(findings, key=lambda f: (f.entity_type, f.start, -f.end)):
        last = merged[-1] if merged else None
        if last is None or last.entity_type != f.entity_type or f.start >= last.end:
            merged.append(f)
            continue
        best = last if last.score >= f.score else f
        merged[-1] = PiiFinding(
            f.entity_type, last.start, max(last.end, f.end), best.score, best.recognizer
        )
    return merged


def _absorbed(findings: list[PiiFinding]) -> list[PiiFinding]:
    """Findings wholly inside a postal address or an IBAN scoring at least as high are part
    of it (a postcode read as a phone number, a street named after a person, card-like digit
    groups inside a spaced IBAN)."""
    addresses = [f for f in findings if f.entity_type in _ABSORBING]
    if not addresses:
        return findings
    return [
        f
        for f in findings
        if f.entity_type in _ABSORBING
        or not any(
            a.start <= f.start and f.end <= a.end and f.score <= a.score and f != a
            for a in addresses
        )
    ]


def _overlapping(
    taken: list[tuple[int, int]], ends: list[int], start: int, end: int
) -> list[tuple[int, int]]:
    """The taken spans ``(a, b)`` with ``a < end and start < b``."""
    found: list[tuple[int, int]] = []
    i = bisect_right(ends, start)
    while i < len(taken) and taken[i][0] < end:
        found.append(taken[i])
        i += 1
    return found


def resolve_conflicts(text: str, findings: list[PiiFinding]) -> list[PiiFinding]:
    """Non-overlapping findings sorted by start: overlapping findings of one type are merged
    (:func:`merge_same_type`); on overlap the more specific type wins and the loser keeps
    only its longest uncovered remainder (so no URL survives inside an email). Empty
    findings (no character) are dropped: they cover nothing.

    >>> t = "mail john.smith@example.com"
    >>> r = resolve_conflicts(t, [PiiFinding("URL", 5, 12, 0.5, "url"),
    ...                           PiiFinding("EMAIL_ADDRESS", 5, 27, 1.0, "email")])
    >>> [(f.entity_type, t[f.start:f.end]) for f in r]
    [('EMAIL_ADDRESS', 'john.smith@example.com')]
    """
    # Taken spans never overlap and are never empty, so sorted by start they are sorted by
    # end too, and the ones a finding overlaps are found by bisection (a long text has
    # thousands of findings).
    taken: list[tuple[int, int]] = []
    ends: list[int] = []
    kept: list[PiiFinding] = []
    present = [f for f in findings if f.end > f.start]
    for finding in sorted(merge_same_type(_absorbed(present)), key=_rank, reverse=True):
        overlapping = _overlapping(taken, ends, finding.start, finding.end)
        if overlapping:
            if finding.entity_type not in _TRIMMABLE and finding.entity_type in SPECIFICITY:
                continue
            rest = _remainder(text, finding, overlapping)
            if rest is None:
                continue
            finding = rest
        insort(taken, (finding.start, finding.end))
        insort(ends, finding.end)
        kept.append(finding)
    return sorted(kept, key=lambda f: (f.start, f.end))
