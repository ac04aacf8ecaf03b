"""Long texts are scanned in overlapping windows (issue 16, attack 8): entities across a
window boundary are found whole, offsets point into the original text, and a text longer
than spaCy's limit is scanned by the gateway instead of failing with E088."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.pii.conflicts import (
    _TRIMMABLE,
    SPECIFICITY,
    _absorbed,
    _rank,
    _remainder,
    merge_same_type,
    resolve_conflicts,
)
from governance.pii.gateway import PiiGateway
from governance.pii.types import PiiFinding
from governance.pii.windows import (
    OVERLAP_CHARS,
    WINDOW_CHARS,
    _resolve_locally,
    merge_window_findings,
    scan_in_windows,
    window_spans,
)

_EMAIL = "dana.whitfield@example.com"
_CARD = "4111 1111 1111 1111"
_FILLER = "the router drops the line every evening so I restarted it again. "


def test_windows_cover_the_text_with_overlap_and_cut_at_whitespace() -> None:
    assert window_spans("", size=100, overlap=20) == [(0, 0)]
    assert window_spans("a" * 100, size=100, overlap=20) == [(0, 100)]
    assert window_spans("a" * 101, size=100, overlap=20) == [(0, 100), (80, 101)]
    text = "abcdefghi " * 30
    spans = window_spans(text, size=100, overlap=40)
    assert spans == [(0, 100), (60, 160), (120, 220), (180, 280), (240, 300)]
    text = "abcdefg " * 40
    spans = window_spans(text, size=100, overlap=40)
    assert all(text[end - 1] == " " for _, end in spans[:-1])
    assert all(text[start - 1] == " " for start, _ in spans[1:])
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    overlaps = [a_end - b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans)]
    assert all(35 <= n <= 40 for n in overlaps)
    assert WINDOW_CHARS > 40 * OVERLAP_CHARS > 0
    with pytest.raises(ValueError, match="under half"):
        window_spans("x", size=100, overlap=50)


def _spans(findings: Iterable[PiiFinding], types: set[str]) -> list[tuple[str, int, int]]:
    return [(f.entity_type, f.start, f.end) for f in findings if f.entity_type in types]


def test_entities_straddling_every_window_boundary_are_found_whole(gateway: PiiGateway) -> None:
    size, overlap = 400, 80
    text = _FILLER * 20
    for start, _ in window_spans(text, size=size, overlap=overlap)[1:]:
        # an entity across the window's first character and one across the overlap's middle
        for cut in (start, start + overlap // 2, start + overlap - 3):
            if cut + 40 < len(text):
                text = text[: cut - 10] + f" {_EMAIL} " + text[cut - 10 + len(_EMAIL) + 2 :]
    text += f" card {_CARD} end"
    whole = gateway.analyzer.analyze(text)
    (windowed,) = scan_in_windows(
        [text], gateway.analyzer.analyze_batch, size=size, overlap=overlap
    )
    types = {"EMAIL_ADDRESS", "CREDIT_CARD"}
    assert _spans(windowed, types) == _spans(whole, types)
    assert [text[f.start : f.end] for f in windowed if f.entity_type in types].count(_EMAIL) >= 5
    assert len(window_spans(text, size=size, overlap=overlap)) == 4


_RUN = re.compile(r"x+")


def _runs(texts: Iterable[str]) -> Iterable[list[PiiFinding]]:
    """A pure stand-in analyzer: every maximal run of ``x`` is an entity."""
    for text in texts:
        yield [PiiFinding("RUN", m.start(), m.end(), 0.9, "run") for m in _RUN.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet="x. ", max_size=600),
    size=st.integers(min_value=20, max_value=120),
    overlap_share=st.integers(min_value=1, max_value=9),
)
def test_windowed_runs_cover_exactly_the_whole_text_runs(
    text: str, size: int, overlap_share: int
) -> None:
    overlap = max(1, size * overlap_share // 20)
    (windowed,) = scan_in_windows([text], _runs, size=size, overlap=overlap)
    covered = {i for f in windowed for i in range(f.start, f.end)}
    assert covered == {i for i, ch in enumerate(text) if ch == "x"}
    if len(text) <= size:
        assert windowed == next(iter(_runs([text])))
    short = [f for f in next(iter(_runs([text]))) if f.end - f.start <= 3 * overlap // 8]
    assert set(short) <= set(windowed)


def test_merge_keeps_a_finding_once_and_shifts_offsets() -> None:
    text = "a" * 250
    spans = window_spans(text, size=100, overlap=20)
    # the same entity at 85..95 seen by windows 0 (85..95) and 1 (5..15)
    found = [[PiiFinding("E", 85, 95, 0.9, "r")], [PiiFinding("E", 5, 15, 0.9, "r")], []]
    assert merge_window_findings(text, spans, found) == [PiiFinding("E", 85, 95, 0.9, "r")]


def test_a_neighbour_that_sees_an_edge_finding_whole_decides() -> None:
    text = "a" * 250
    spans = window_spans(text, size=100, overlap=20)
    # window 0 claims 95..100 at its cut edge; window 1 sees 95..100 whole, finds nothing
    found = [[PiiFinding("PERSON", 95, 100, 0.9, "r")], [], []]
    assert merge_window_findings(text, spans, found) == []
    # window 1 agrees (its 15..20 is 95..100): kept, once
    found = [
        [PiiFinding("PERSON", 95, 100, 0.9, "r")],
        [PiiFinding("PERSON", 15, 20, 0.8, "r")],
        [],
    ]
    assert merge_window_findings(text, spans, found) == [PiiFinding("PERSON", 95, 100, 0.9, "r")]


def _reference_resolve(text: str, findings: list[PiiFinding]) -> list[PiiFinding]:
    """resolve_conflicts as it was: a linear scan of every taken span (the oracle), after the
    same merging of same-type and absorbed findings, empty findings dropped."""
    taken: list[tuple[int, int]] = []
    kept: list[PiiFinding] = []
    present = [f for f in findings if f.end > f.start]
    for finding in sorted(merge_same_type(_absorbed(present)), key=_rank, reverse=True):
        if any(a < finding.end and finding.start < b for a, b in taken):
            if finding.entity_type not in _TRIMMABLE and finding.entity_type in SPECIFICITY:
                continue
            rest = _remainder(text, finding, taken)
            if rest is None:
                continue
            finding = rest
        taken.append((finding.start, finding.end))
        kept.append(finding)
    return sorted(kept, key=lambda f: (f.start, f.end))


_TYPES = ["PERSON", "EMAIL_ADDRESS", "LOCATION", "URL", "MRN", "DATE_TIME", "PHONE_NUMBER"]


@st.composite
def _findings(draw: st.DrawFn) -> tuple[str, list[PiiFinding]]:
    text = draw(st.text(alphabet="ab 1.-", min_size=1, max_size=60))
    items = []
    for _ in range(draw(st.integers(0, 12))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 20)))
        score = draw(st.sampled_from([0.5, 0.6, 0.9]))
        items.append(PiiFinding(draw(st.sampled_from(_TYPES)), start, end, score, "r"))
    return text, items


@settings(max_examples=300, deadline=None)
@given(case=_findings())
def test_resolve_conflicts_matches_the_linear_reference(
    case: tuple[str, list[PiiFinding]],
) -> None:
    text, findings = case
    assert resolve_conflicts(text, findings) == _reference_resolve(text, findings)


@settings(max_examples=300, deadline=None)
@given(case=_findings())
def test_resolving_overlapping_groups_apart_matches_the_whole(
    case: tuple[str, list[PiiFinding]],
) -> None:
    text, findings = case
    assert _resolve_locally(text, findings) == resolve_conflicts(text, findings)


@pytest.mark.slow
def test_gateway_scans_a_text_longer_than_spacys_limit(gateway: PiiGateway) -> None:
    filler = _FILLER * (1_100_000 // len(_FILLER))
    text = f"mail {_EMAIL} now. " + filler + f" card {_CARD} and {_EMAIL} at the end"
    assert len(text) > gateway.analyzer.nlp.max_length
    gw = PiiGateway(gateway.policy, gateway.analyzer, secret=b"s" * 32)
    decision = gw.decide_prompts([text])[0]
    found = [(f.entity_type, text[f.start : f.end]) for f in decision.findings]
    assert found == [
        ("EMAIL_ADDRESS", _EMAIL),
        ("CREDIT_CARD", _CARD),
        ("EMAIL_ADDRESS", _EMAIL),
    ]
    assert _EMAIL not in decision.text and _CARD not in decision.text
    assert decision.text.endswith("card ***************1111 and <EMAIL_ADDRESS> at the end")
