"""Fast paths of the gateway against the slow obvious ones: gated and lean recognizers,
the exact-text scan cache."""

from __future__ import annotations

from typing import Any

import pytest
from pii_helpers import SECRET

from governance.pii.analyzer import PiiAnalyzer
from governance.pii.fast_recognizer import GatedRecognizer
from governance.pii.gateway import PiiGateway
from governance.pii.recognizers import RecognizerSpec
from governance.pii.scan_cache import MAX_CACHED_CHARS, ScanCache
from governance.pii.spacy_loader import resolve_model_name
from governance.pii.types import PiiFinding
from pipeline.sources.support_tickets import generate_tickets

TEXTS = [
    '{"label": "billing"}',
    "no digits, no at sign and no dot",
    "server ::1 and fe80::1 and 10.0.0.7",
    "see http://localhost/x or www.example.com/a?b=1",
    "mail ana.lopez@example.co.uk today",
    "card 4111 1111 1111 1111, iban GB82 WEST 1234 5698 7654 32",
    "ssn 536-22-1234, dl# D1234567, born 03/14/1985",
    "my driver's LICENCE number is X1234567; DL: 99887766",
    "call me at (415) 555-0123 x12 or +44 20 7946 0958",
    "Hi, I'm Jane Doe. I live at 123 Main Street Apt. 4, Springfield, IL 62704",
    "moved from Lake Tara; wallet 1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
    "Ｃａｒｄ ４１１１１１１１１１１１１１１１ and j\u200bohn@example.com",
    "",
]


_TICKETS = [f"{t.subject}\n{t.body}" for t in generate_tickets(60, seed=21)]


def _ungated(analyzer: PiiAnalyzer) -> PiiAnalyzer:
    specs = [
        RecognizerSpec(
            s.recognizer.inner if isinstance(s.recognizer, GatedRecognizer) else s.recognizer,
            s.context,
            s.digits_view,
        )
        for s in analyzer.specs
    ]
    return PiiAnalyzer(analyzer.nlp, specs, allow_list=(), score_threshold=0.0)


@pytest.mark.parametrize("text", TEXTS)
def test_gated_recognizers_find_what_presidio_finds(gateway: PiiGateway, text: str) -> None:
    fast = PiiAnalyzer(
        gateway.analyzer.nlp, list(gateway.analyzer.specs), allow_list=(), score_threshold=0.0
    )
    assert fast.analyze(text) == _ungated(gateway.analyzer).analyze(text)


def test_core_recognizers_are_gated_or_lean(gateway: PiiGateway) -> None:
    gated = [s for s in gateway.analyzer.specs if isinstance(s.recognizer, GatedRecognizer)]
    assert len(gated) >= 18
    assert gated[0].recognizer.analyze('{"label": "billing"}', ["EMAIL_ADDRESS"]) == []


def test_cache_returns_the_analyzer_findings(gateway: PiiGateway, policy: object) -> None:
    cached = PiiGateway(gateway.policy, gateway.analyzer, secret=SECRET)
    for text in TEXTS + TEXTS:
        assert cached.scan([text])[0] == gateway.analyzer.analyze(text)
    assert cached.scan_cache.hits == len(TEXTS)


def test_batch_paths_use_the_cache_and_keep_order(gateway: PiiGateway) -> None:
    fresh = PiiGateway(gateway.policy, gateway.analyzer, secret=SECRET)
    reference = PiiGateway(gateway.policy, gateway.analyzer, secret=SECRET)
    responses = ['{"label": "billing"}', "mail ana@example.org", '{"label": "billing"}']
    first = fresh.decide_responses(responses)
    again = fresh.decide_responses(list(reversed(responses)))
    assert first == [reference.decide_responses([t])[0] for t in responses]
    assert again == list(reversed(first))
    assert fresh.scan_cache.hits >= 3


def test_cache_keeps_no_raw_text_and_is_bounded() -> None:
    cache = ScanCache(max_entries=2)
    finding = [PiiFinding("EMAIL_ADDRESS", 0, 15, 1.0, "email")]
    for text in ("ana@example.org", "bo@example.org", "cy@example.org"):
        cache.put(text, finding)
    assert cache.get("ana@example.org") is None  # evicted (least recently used)
    assert cache.get("cy@example.org") == finding
    assert all(b"example" not in key for key in cache._entries)
    long_text = "x" * (MAX_CACHED_CHARS + 1)
    cache.put(long_text, finding)
    assert cache.get(long_text) is None


def test_cached_findings_cannot_be_mutated_through_a_result() -> None:
    cache = ScanCache()
    cache.put("a@b.co", [PiiFinding("EMAIL_ADDRESS", 0, 6, 1.0, "email")])
    got = cache.get("a@b.co")
    assert got is not None
    got.clear()
    assert cache.get("a@b.co") == [PiiFinding("EMAIL_ADDRESS", 0, 6, 1.0, "email")]


def test_ner_ops_find_the_entities_blis_finds(gateway: PiiGateway) -> None:
    """The one-thread OpenBLAS products give the entities of spaCy's default BLIS ops."""
    from thinc.api import NumpyOps

    from governance.pii.ner_ops import NerOps
    from governance.pii.spacy_loader import _load

    nlp = gateway.analyzer.nlp
    assert all(isinstance(n.ops, NerOps) for n in nlp.get_pipe("ner").model.walk())
    reference = _load(resolve_model_name(None))
    ner = reference.get_pipe("ner").model
    assert all(isinstance(n.ops, NumpyOps) and not isinstance(n.ops, NerOps) for n in ner.walk())
    texts = [*TEXTS, *_TICKETS]

    def ents(model: Any) -> list[list[tuple[int, int, str]]]:
        docs = model.pipe(texts, batch_size=8)
        return [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in docs]

    found = ents(nlp)
    assert found == ents(reference)
    assert sum(map(len, found)) >= 40
