"""Scan long texts in overlapping windows, so no record is too long to be scanned.

spaCy refuses texts over ``nlp.max_length`` characters (error E088) and its memory grows
with the text, so a text longer than :data:`WINDOW_CHARS` is cut into windows of about that
many characters, each overlapping the next by about :data:`OVERLAP_CHARS`, far more than any
entity the analyzer detects (a multi-line postal address is under 200 characters). Cuts are
moved to whitespace where there is some nearby, so no word is split. Every window is
analyzed like a text of its own; the findings are shifted to offsets in the whole text and
merged (pure functions below):

* the middle of the overlap of two windows divides them; a finding belongs to the window
  its start lies in, so an entity in an overlap is counted once, from the window that sees
  it with at least half the overlap of context on each side;
* a finding that touches a cut edge of its window may be cut short or misjudged for lack of
  context. When a neighbouring window sees its whole span away from that window's own cut
  edges, the neighbour decides: the finding is dropped when the neighbour found nothing of
  that type there. Otherwise (an entity longer than the overlap) it is kept and joined with
  the findings of its type it overlaps, so the entity is covered end to end;
* the usual conflict resolution then settles what overlaps.

Texts up to :data:`WINDOW_CHARS` characters are one window: their findings are exactly the
analyzer's.

>>> window_spans("a" * 250, size=100, overlap=20)
[(0, 100), (80, 180), (160, 250)]
>>> window_spans("word " * 50, size=100, overlap=20)
[(0, 100), (80, 180), (160, 250)]
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence

from governance.pii.conflicts import resolve_conflicts
from governance.pii.types import PiiFinding

__all__ = [
    "BATCH_CHARS",
    "OVERLAP_CHARS",
    "WINDOW_CHARS",
    "merge_window_findings",
    "scan_in_windows",
    "window_spans",
]

#: Characters per window (spaCy's own limit is 1,000,000).
WINDOW_CHARS = 100_000
#: Characters two neighbouring windows share (at least three quarters of it after snapping).
OVERLAP_CHARS = 2_000
#: Most characters handed to the analyzer at once (its memory grows with them).
BATCH_CHARS = 2 * WINDOW_CHARS

Analyze = Callable[[Iterable[str]], Iterable[list[PiiFinding]]]
Span = tuple[int, int]


def window_spans(
    text: str, *, size: int = WINDOW_CHARS, overlap: int = OVERLAP_CHARS
) -> list[Span]:
    """``(start, end)`` of the windows of ``text`` (one window when it fits in ``size``).

    A cut moves by at most ``overlap // 8`` characters to just after whitespace, so two
    neighbours share between ``3/4`` of ``overlap`` and ``overlap`` characters.
    """
    if not 0 < overlap < size // 2:
        raise ValueError(f"overlap {overlap} must be above 0 and under half of size {size}")
    slack = overlap // 8
    spans: list[Span] = []
    start = 0
    while True:
        end = min(start + size, len(text))
        if end < len(text):
            end = _after_space(text, end - slack, end, last=True)
        spans.append((start, end))
        if end >= len(text):
            return spans
        start = _after_space(text, end - overlap, end - overlap + slack, last=False)


def _after_space(text: str, lo: int, hi: int, *, last: bool) -> int:
    """The offset just after the last (or first) whitespace in ``text[lo:hi]``, else ``hi``
    (for the last) or ``lo`` (for the first)."""
    positions = range(hi - 1, lo - 1, -1) if last else range(lo, hi)
    for i in positions:
        if text[i].isspace():
            return i + 1
    return hi if last else lo


def merge_window_findings(
    text: str, spans: Sequence[Span], findings: Sequence[Sequence[PiiFinding]]
) -> list[PiiFinding]:
    """The findings of ``text`` from the findings of its windows (offsets in each window)."""
    if len(spans) == 1:
        return list(findings[0])
    shifted = [
        [PiiFinding(f.entity_type, f.start + a, f.end + a, f.score, f.recognizer) for f in found]
        for (a, _), found in zip(spans, findings, strict=True)
    ]
    last = len(spans) - 1
    kept: list[list[PiiFinding]] = [[] for _ in spans]
    spare: list[list[PiiFinding]] = [[] for _ in spans]
    cut: list[tuple[PiiFinding, int]] = []
    for k, ((start, end), found) in enumerate(zip(spans, shifted, strict=True)):
        own_from = (start + spans[k - 1][1]) // 2 if k > 0 else 0
        own_to = (spans[k + 1][0] + end) // 2 if k < last else len(text)
        for f in found:
            if (k > 0 and f.start == start) or (k < last and f.end == end):
                if not _overruled(f, k, spans, shifted):
                    cut.append((f, k))
            elif own_from <= f.start < own_to:
                kept[k].append(f)
            else:
                spare[k].append(f)
    joined = _join_cut(cut, kept, spare)
    return _resolve_locally(text, [f for window in kept for f in window] + joined)


def _resolve_locally(text: str, findings: list[PiiFinding]) -> list[PiiFinding]:
    """:func:`resolve_conflicts` applied to each group of findings that overlap one another,
    in their given order (ties of rank go to the earlier one): the same result as on the
    whole list, as findings apart never interact, in ``n log n`` for a long text."""
    order = sorted(range(len(findings)), key=lambda i: (findings[i].start, findings[i].end))
    out: list[PiiFinding] = []
    group: list[int] = []
    reach = -1
    for i in order:
        f = findings[i]
        # Spans that only touch never overlap; an empty span stays with its neighbours so
        # that equal empty spans keep resolve_conflicts's order.
        if group and (f.start > reach or (f.start == reach and f.end > f.start)):
            out.extend(_resolve_group(text, findings, group))
            group = []
        reach = max(reach, f.end) if group else f.end
        group.append(i)
    out.extend(_resolve_group(text, findings, group))
    return out


def _resolve_group(text: str, findings: list[PiiFinding], group: list[int]) -> list[PiiFinding]:
    members = [findings[i] for i in sorted(group)]
    return resolve_conflicts(text, members)


def _overruled(
    finding: PiiFinding, k: int, spans: Sequence[Span], shifted: Sequence[list[PiiFinding]]
) -> bool:
    """A neighbour of window ``k`` sees ``finding``'s span whole, away from its own cut
    edges, and found nothing of that type there."""
    last = len(spans) - 1
    for j in (k - 1, k + 1):
        if not 0 <= j <= last:
            continue
        start, end = spans[j]
        inside_start = finding.start > start or (j == 0 and finding.start >= start)
        inside_end = finding.end < end or (j == last and finding.end <= end)
        if inside_start and inside_end:
            return not any(
                f.entity_type == finding.entity_type
                and f.start < finding.end
                and finding.start < f.end
                for f in shifted[j]
            )
    return False


def _join_cut(
    cut: list[tuple[PiiFinding, int]],
    kept: list[list[PiiFinding]],
    spare: list[list[PiiFinding]],
) -> list[PiiFinding]:
    """The findings cut by the edges of their window ``k``, each joined with every finding of
    its type it overlaps in windows ``k - 1`` to ``k + 1`` (the same entity seen whole or in
    part from there) and among those already joined; what is joined leaves ``kept``.
    ``spare``: per window, its findings outside the part it owns."""
    joined: list[PiiFinding] = []
    for finding, k in sorted(cut, key=lambda c: (c[0].entity_type, c[0].start)):
        near = range(max(0, k - 1), min(len(kept), k + 2))
        for pool in [joined, *(kept[j] for j in near), *(spare[j] for j in near)]:
            overlapping = [
                other
                for other in pool
                if other.entity_type == finding.entity_type
                and other.start <= finding.end
                and finding.start <= other.end
            ]
            for other in overlapping:
                pool.remove(other)
                finding = PiiFinding(
                    finding.entity_type,
                    min(finding.start, other.start),
                    max(finding.end, other.end),
                    max(finding.score, other.score),
                    finding.recognizer,
                )
        joined.append(finding)
    return joined


def scan_in_windows(
    texts: Iterable[str],
    analyze: Analyze,
    *,
    size: int = WINDOW_CHARS,
    overlap: int = OVERLAP_CHARS,
) -> Iterator[list[PiiFinding]]:
    """Findings per text, in order: ``analyze`` (a streaming batch analyzer) sees every
    text up to ``size`` characters as it is and every longer one as its windows, in
    batches of at most :data:`BATCH_CHARS` characters (or one window)."""
    plan: deque[tuple[str, list[Span]]] = deque()

    def pieces() -> Iterator[str]:
        for text in texts:
            spans = window_spans(text, size=size, overlap=overlap)
            plan.append((text, spans))
            for start, end in spans:
                yield text[start:end] if len(spans) > 1 else text

    batches = _batches(pieces(), max_chars=max(size, BATCH_CHARS))
    results = itertools.chain.from_iterable(analyze(batch) for batch in batches)
    for first in results:
        text, spans = plan.popleft()
        found = [first] + [next(results) for _ in spans[1:]]
        yield merge_window_findings(text, spans, found)


def _batches(pieces: Iterator[str], *, max_chars: int) -> Iterator[list[str]]:
    """``pieces`` in lists of at most ``max_chars`` characters (a longer piece alone)."""
    batch: list[str] = []
    chars = 0
    for piece in pieces:
        if batch and chars + len(piece) > max_chars:
            yield batch
            batch, chars = [], 0
        batch.append(piece)
        chars += len(piece)
    if batch:
        yield batch
