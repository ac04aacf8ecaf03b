"""The numpy NER decoder finds exactly the entities spaCy's own decoder finds."""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np
import pytest
import spacy
from faker import Faker
from pii_helpers import SECRET
from spacy.language import Language
from spacy.tokens import Doc, Span

from governance.errors import PiiError
from governance.pii.analyzer import build_analyzer
from governance.pii.gateway import PiiGateway
from governance.pii.ner_decoder import DECODER_ENV, GreedyNerDecoder, use_numpy_decoder
from governance.pii.normalize import normalize
from governance.pii.spacy_loader import load_ner_pipeline
from governance.policy.models import Policy
from pipeline.sources.support_tickets import generate_tickets

Ents = list[tuple[int, int, str]]

EDGE_TEXTS = [
    "",
    " ",
    "\n\n",
    "a",
    "John",
    "Paris.",
    "  Hi  \n\n John   Smith ",
    "\t\tTabs\tand Barack Obama\n",
    "I live in São Paulo, Brasil; my friend lives in Zürich.",
    "Dr. Jane Doe-Smith (CEO of Acme Corp.) flew to Washington D.C. on 4 July 2021.",
    "Meet John Smith in New York on Monday, January 5th 2024 at 5pm. " * 30,
    "Ｊｏｈｎ Ｓｍｉｔｈ and j\u200bohn@example.com",
]


_WORDS = ["the", "John", "Smith", "of", "New", "York", "Monday", "2024", "Paris", "a", "b"]
_WORDS += [".", ",", "!", "\n", "", "Google", "Inc", "in", "May"]


def _word_salad(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 120))) for _ in range(n)]


def _faker_sentences(n: int, seed: int) -> list[str]:
    fake = Faker("en_US")
    fake.seed_instance(seed)
    return [
        f"{fake.name()} from {fake.company()} moved to {fake.city()}, {fake.country()} on "
        f"{fake.date()} ({fake.day_of_week()}); {fake.sentence()} Ask {fake.first_name()}."
        for _ in range(n)
    ]


def _corpus() -> list[str]:
    texts = [f"{t.subject}\n{t.body}" for t in generate_tickets(300, seed=99)]
    texts += _faker_sentences(300, seed=5)
    texts += [normalize(t).text for t in texts[:100]]
    return texts + EDGE_TEXTS + _word_salad(150, seed=3)


def _ents(docs: Sequence[Doc]) -> list[Ents]:
    return [[(e.start, e.end, e.label_) for e in d.ents] for d in docs]


def _iob(docs: Sequence[Doc]) -> list[list[tuple[str, str]]]:
    return [[(t.ent_iob_, t.ent_type_) for t in d] for d in docs]


def _decoded(nlp: Language, texts: Sequence[str], batch_size: int) -> list[Doc]:
    decoder = GreedyNerDecoder.for_pipeline(nlp)
    assert decoder is not None
    docs = [nlp.make_doc(t) for t in texts]
    for i in range(0, len(docs), batch_size):
        decoder.annotate(docs[i : i + batch_size])
    return docs


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_ner_pipeline()


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    return _corpus()


@pytest.fixture(scope="module")
def spacy_docs(nlp: Language, corpus: list[str]) -> list[Doc]:
    return list(nlp.pipe(corpus, batch_size=64))


@pytest.mark.parametrize("batch_size", [1, 7, 64, 256])
def test_same_entities_as_spacy(
    nlp: Language, corpus: list[str], spacy_docs: list[Doc], batch_size: int
) -> None:
    docs = _decoded(nlp, corpus, batch_size)
    assert sum(len(d.ents) for d in spacy_docs) > 2000  # the comparison covers real entities
    assert _ents(docs) == _ents(spacy_docs)
    assert _iob(docs) == _iob(spacy_docs)


def _random_ner(labels: Sequence[str], *, unseen: set[int], seed: int) -> Language:
    """An NER model with random weights: every action scores, so every rule matters."""
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    for label in labels:
        ner.add_label(label)
    nlp.initialize()
    rng = np.random.default_rng(seed)
    for node in ner.model.walk():
        for name in node.param_names:
            if node.has_param(name):
                param = node.get_param(name)
                node.set_param(name, rng.normal(0, 1, param.shape).astype(param.dtype))
    ner.model.attrs["unseen_classes"] = set(unseen)
    return nlp


@pytest.mark.parametrize("unseen", [set(), {0, 3, 9}])
def test_same_entities_as_spacy_with_random_weights(unseen: set[int]) -> None:
    nlp = _random_ner(["PERSON", "GPE", "ORG", "X-Y"], unseen=unseen, seed=len(unseen))
    texts = _word_salad(200, seed=11) + EDGE_TEXTS
    reference = list(nlp.pipe(texts, batch_size=32))
    assert sum(len(d.ents) for d in reference) > 200
    assert _ents(_decoded(nlp, texts, 32)) == _ents(reference)


def test_sentence_starts_bound_entities_as_in_spacy(nlp: Language) -> None:
    text = "Yesterday John Smith met Mary Jane Watson in New York City near Central Park ."

    def with_sentences() -> Doc:
        doc = nlp.make_doc(text)
        for i, token in enumerate(doc):
            token.is_sent_start = i in (0, 2, 5, 9)
        return doc

    reference = nlp.get_pipe("ner")(with_sentences())
    ours = with_sentences()
    decoder = GreedyNerDecoder.for_pipeline(nlp)
    assert decoder is not None
    decoder.annotate([ours])
    assert _ents([ours]) == _ents([reference])
    assert all(not (e.start < 2 < e.end or e.start < 5 < e.end) for e in ours.ents)


def test_preset_entities_are_left_to_spacy(nlp: Language) -> None:
    text = "Call Acme Widgets about John Smith in Boston."

    def preset() -> Doc:
        doc = nlp.make_doc(text)
        doc.set_ents([Span(doc, 1, 3, label="PERSON")], default="unmodified")
        return doc

    reference = nlp.get_pipe("ner")(preset())
    ours = preset()
    decoder = GreedyNerDecoder.for_pipeline(nlp)
    assert decoder is not None
    decoder.annotate([ours, nlp.make_doc("John Smith")])
    assert _ents([ours]) == _ents([reference])
    assert (1, 3, "PERSON") in _ents([ours])[0]


def test_models_it_does_not_reproduce_are_left_to_spacy() -> None:
    beam = spacy.blank("en")
    beam.add_pipe("beam_ner").add_label("PERSON")
    beam.initialize()
    assert GreedyNerDecoder.for_pipeline(beam) is None
    listening = spacy.blank("en")
    listening.add_pipe("tok2vec")
    listening.add_pipe("ner").add_label("PERSON")
    assert GreedyNerDecoder.for_pipeline(listening) is None
    assert GreedyNerDecoder.for_pipeline(spacy.blank("en")) is None


def test_decoder_choice_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, policy: Policy, corpus: list[str]
) -> None:
    monkeypatch.delenv(DECODER_ENV, raising=False)
    assert use_numpy_decoder()
    fast = build_analyzer(policy.prompt)
    assert fast._decoder is not None
    monkeypatch.setenv(DECODER_ENV, "spacy")
    assert not use_numpy_decoder()
    slow = build_analyzer(policy.prompt)
    assert slow._decoder is None
    sample = corpus[:200]
    assert list(fast.analyze_batch(sample)) == list(slow.analyze_batch(sample))
    assert [fast.analyze(t) for t in sample[:40]] == [slow.analyze(t) for t in sample[:40]]
    monkeypatch.setenv(DECODER_ENV, "blis")
    with pytest.raises(PiiError, match="not a NER decoder"):
        use_numpy_decoder()


def test_gateway_uses_the_numpy_decoder(policy: Policy) -> None:
    gateway = PiiGateway.from_policy(policy, secret=SECRET)
    assert isinstance(gateway.analyzer._decoder, GreedyNerDecoder)
    decision = gateway.decide_prompts(["Hi, this is John Smith from Boston."])[0]
    assert {f.entity_type for f in decision.findings} >= {"PERSON", "LOCATION"}
    assert "John Smith" not in decision.text
