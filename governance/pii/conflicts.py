"""Conflict resolution: one entity per span, the most specific type winning (pure)."""

from __future__ import annotations

from bisect import bisect_right, insort

from governance.pii.types import PiiFinding

__all__ = ["SPECIFICITY", "resolve_conflicts"]

#: Higher wins an overlap. Types not listed (policy custom types) rank above all built-ins.
SPECIFICITY: dict[str, int] = {
    name: rank
    for rank, name in enumerate(
        reversed(
            [
                "EMAIL_ADDRESS",
                "CREDIT_CARD",
                "IBAN_CODE",
                "CRYPTO",
                "US_SSN",
                "US_ITIN",
                "UK_NHS",
                "UK_NINO",
                "ES_NIF",
                "IT_FISCAL_CODE",
                "SG_NRIC_FIN",
                "AU_TFN",
                "AU_ABN",
                "IN_PAN",
                "IN_AADHAAR",
                "IP_ADDRESS",
                "URL",
                "PHONE_NUMBER",
                "US_PASSPORT",
                "US_BANK_NUMBER",
                "MEDICAL_LICENSE",
                "STREET_ADDRESS",
                "PERSON",
                "LOCATION",
                "NRP",
                "DATE_TIME",
                "US_DRIVER_LICENSE",
            ]
        )
    )
}
_CUSTOM_RANK = len(SPECIFICITY) + 1
_MIN_REMAINDER = 2
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


def _overlapping(
    taken: list[tuple[int, int]], ends: list[int], points: list[int], start: int, end: int
) -> list[tuple[int, int]]:
    """The taken spans ``(a, b)`` with ``a < end and start < b``."""
    found: list[tuple[int, int]] = []
    i = bisect_right(ends, start)
    while i < len(taken) and taken[i][0] < end:
        found.append(taken[i])
        i += 1
    j = bisect_right(points, start)
    while j < len(points) and points[j] < end:
        found.append((points[j], points[j]))
        j += 1
    return found


def resolve_conflicts(text: str, findings: list[PiiFinding]) -> list[PiiFinding]:
    """Non-overlapping findings sorted by start; on overlap the more specific type wins and
    the loser keeps only its longest uncovered remainder (so no URL survives inside an email).

    >>> t = "mail john.smith@example.com"
    >>> r = resolve_conflicts(t, [PiiFinding("URL", 5, 12, 0.5, "url"),
    ...                           PiiFinding("EMAIL_ADDRESS", 5, 27, 1.0, "email")])
    >>> [(f.entity_type, t[f.start:f.end]) for f in r]
    [('EMAIL_ADDRESS', 'john.smith@example.com')]
    """
    # Taken spans never overlap, so the non-empty ones sorted by start are sorted by end too
    # and the ones a finding overlaps are found by bisection (a long text has thousands of
    # findings); empty spans are kept apart as points.
    taken: list[tuple[int, int]] = []
    ends: list[int] = []
    points: list[int] = []
    kept: list[PiiFinding] = []
    for finding in sorted(findings, key=_rank, reverse=True):
        overlapping = _overlapping(taken, ends, points, finding.start, finding.end)
        if overlapping:
            if finding.entity_type not in _TRIMMABLE and finding.entity_type in SPECIFICITY:
                continue
            rest = _remainder(text, finding, overlapping)
            if rest is None:
                continue
            finding = rest
        if finding.end > finding.start:
            insort(taken, (finding.start, finding.end))
            insort(ends, finding.end)
        else:
            insort(points, finding.start)
        kept.append(finding)
    return sorted(kept, key=lambda f: (f.start, f.end))
