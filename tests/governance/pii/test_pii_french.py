"""French sources: ``prompt.language: fr`` end to end, mixed-language texts, the language's
model in lint, and the numpy NER decoder on the French model."""

from __future__ import annotations

from pathlib import Path

import pytest
from pii_helpers import SECRET, make_policy
from spacy.language import Language

from governance.catalog.languages import language_model_problem, model_for_language
from governance.errors import PolicyError
from governance.pii.gateway import PiiGateway
from governance.pii.ner_decoder import GreedyNerDecoder
from governance.pii.spacy_loader import load_ner_pipeline, resolve_model_name
from governance.policy.lint import lint_paths
from governance.policy.models import Policy


@pytest.fixture(scope="module")
def french() -> PiiGateway:
    base = make_policy()
    prompt = base.prompt.model_copy(update={"language": "fr"})
    return PiiGateway.from_policy(base.model_copy(update={"prompt": prompt}), secret=SECRET)


@pytest.fixture(scope="module")
def french_nlp() -> Language:
    return load_ner_pipeline(language="fr")


def _found(gateway: PiiGateway, text: str) -> list[tuple[str, str]]:
    return [(f.entity_type, text[f.start : f.end]) for f in gateway.scan([text])[0]]


FRENCH: list[tuple[str, str, str]] = [
    ("Bonjour, je m'appelle Camille Dubois et j'ai un souci.", "PERSON", "Camille Dubois"),
    ("Cordialement,\nJean-Pierre Lefèvre", "PERSON", "Jean-Pierre Lefèvre"),
    ("Nom : Mme Hélène Martin", "PERSON", "Hélène Martin"),
    ("Mon numéro : 06 12 34 56 78, merci de me rappeler.", "PHONE_NUMBER", "06 12 34 56 78"),
    ("Tél. : +33 (0)1 42 68 53 00", "PHONE_NUMBER", "+33 (0)1 42 68 53 00"),
    (
        "Livraison au 12 rue des Lilas, 69003 Lyon.",
        "STREET_ADDRESS",
        "12 rue des Lilas, 69003 Lyon",
    ),
    (
        "Mon IBAN est FR76 3000 6000 0112 3456 7890 189.",
        "IBAN_CODE",
        "FR76 3000 6000 0112 3456 7890 189",
    ),
    (
        "Mon numéro de sécurité sociale est le 1 85 05 78 006 084 91.",
        "FR_NIR",
        "1 85 05 78 006 084 91",
    ),
    ("écrivez à camille [at] exemple [dot] fr", "EMAIL_ADDRESS", "camille [at] exemple [dot] fr"),
    ("Le cryptogramme visuel est 123.", "CARD_CVV", "123"),
    ("numéro de passeport : 12AB34567", "PASSPORT", "12AB34567"),
]


@pytest.mark.slow  # loads the French spaCy model once per module
def test_french_policy_uses_the_french_model(french: PiiGateway) -> None:
    assert french.analyzer.nlp.lang == "fr"
    assert french.analyzer.recipe is not None
    assert french.analyzer.recipe.rules.language == "fr"


@pytest.mark.slow  # loads the French spaCy model once per module
@pytest.mark.parametrize(("text", "entity", "value"), FRENCH)
def test_french_texts(french: PiiGateway, text: str, entity: str, value: str) -> None:
    assert (entity, value) in _found(french, text)


@pytest.mark.slow  # loads the French spaCy model once per module
def test_french_near_misses(french: PiiGateway) -> None:
    text = "Commande 48213377 expédiée le 15/03/2024, version 4.2.0.117, prix 1 299,00 €."
    assert {t for t, _ in _found(french, text)} <= {"DATE_TIME"}


@pytest.mark.slow  # loads the French spaCy model once per module
@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        (
            "Hi, the customer wrote: 'Livrez au 5 avenue Victor Hugo, 75116 Paris' - can we?",
            "STREET_ADDRESS",
            "5 avenue Victor Hugo, 75116 Paris",
        ),
        ("Customer says: « Appelez-moi au 06 12 34 56 78 »", "PHONE_NUMBER", "06 12 34 56 78"),
        ("Ticket from Marie Curie about her invoice.", "PERSON", "Marie Curie"),
    ],
)
def test_mixed_language_texts_under_either_model(
    gateway: PiiGateway, french: PiiGateway, text: str, entity: str, value: str
) -> None:
    assert (entity, value) in _found(gateway, text)
    assert (entity, value) in _found(french, text)


@pytest.mark.slow  # loads the French spaCy model once per module
def test_numpy_decoder_reproduces_the_french_model(french_nlp: Language) -> None:
    decoder = GreedyNerDecoder.for_pipeline(french_nlp)
    assert decoder is not None
    texts = [t for t, _, _ in FRENCH] + [
        "Emmanuel Macron a rencontré Angela Merkel à Berlin puis à Strasbourg.",
        "Jean Dupont travaille chez Renault à Boulogne-Billancourt depuis 2019.",
    ]
    docs = [french_nlp.make_doc(t) for t in texts]
    decoder.annotate(docs)
    expected = [[(e.start, e.end, e.label_) for e in d.ents] for d in french_nlp.pipe(texts)]
    assert [[(e.start, e.end, e.label_) for e in d.ents] for d in docs] == expected
    assert any(expected)


def test_model_resolution_per_language(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in (
        "DISTILLGATE_SPACY_MODEL",
        "DISTILLGATE_SPACY_MODEL_FR",
        "DISTILLGATE_SPACY_MODEL_DE",
    ):
        monkeypatch.delenv(var, raising=False)
    assert resolve_model_name(None, language="fr") == "fr_core_news_sm"
    monkeypatch.setenv("DISTILLGATE_SPACY_MODEL", "/models/en")
    assert model_for_language("en") == "/models/en"
    assert model_for_language("fr") == "fr_core_news_sm"  # the generic variable is English's
    monkeypatch.setenv("DISTILLGATE_SPACY_MODEL_FR", "/models/fr")
    assert model_for_language("fr") == "/models/fr"
    assert model_for_language("de") is None
    monkeypatch.setenv("DISTILLGATE_SPACY_MODEL_DE", "no_such_model_xyz")
    assert "not installed" in str(language_model_problem("de"))


def _write_policy(tmp_path: Path, language: str) -> Path:
    policy: Policy = make_policy()
    prompt = policy.prompt.model_copy(update={"language": language})
    data = policy.model_copy(update={"prompt": prompt}).model_dump(mode="json", by_alias=True)
    import yaml

    path = tmp_path / "tickets.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_lint_refuses_a_language_without_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISTILLGATE_SPACY_MODEL_DE", raising=False)
    report = lint_paths([_write_policy(tmp_path, "de")])
    (problem,) = report.problems
    assert "prompt.language" in problem
    assert "no spaCy NER model for language 'de'" in problem
    assert "DISTILLGATE_SPACY_MODEL_DE" in problem
    assert lint_paths([_write_policy(tmp_path, "fr")]).ok


def test_loading_a_policy_in_an_unmodelled_language_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from governance.policy.loader import load_policy

    monkeypatch.delenv("DISTILLGATE_SPACY_MODEL_IT", raising=False)
    with pytest.raises(PolicyError, match="problem"):
        load_policy(_write_policy(tmp_path, "it"))
