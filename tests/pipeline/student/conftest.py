"""Tiny students and toy data for the student-training tests."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import torch
from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

from pipeline.student.classifier.examples import TrainExample
from pipeline.teacher.minilm import minilm_path


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISTILLGATE_HOME", str(tmp_path / "home"))
    # one intra-op thread: the suite runs under xdist on a small shared box
    monkeypatch.setenv("DISTILLGATE_TORCH_THREADS", "1")


_CUES = {
    0: ["refund", "money", "charged", "invoice", "payment"],
    1: ["password", "login", "locked", "reset", "sign"],
}
_FILLER = ["please", "help", "my", "the", "account", "today", "thanks", "hello", "i", "need"]


def toy_examples(n: int, *, seed: int, prefix: str = "ex") -> list[TrainExample]:
    """A linearly separable two-intent task: each text carries two cue words of its label."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        label = i % 2
        words = rng.sample(_FILLER, 4) + rng.sample(_CUES[label], 2)
        rng.shuffle(words)
        out.append(TrainExample(f"{prefix}-{i}", " ".join(words), label, None))
    return out


@pytest.fixture(scope="session")
def tiny_init(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A local pretrained-style folder holding a very small BERT (``init: <folder>``).

    DP noise grows with the square root of the trainable dimensions, so a toy task learns
    under DP in a handful of steps only with a small encoder (~10k trainable parameters).
    """
    folder = tmp_path_factory.mktemp("tiny_bert")
    tokenizer = AutoTokenizer.from_pretrained(minilm_path(), local_files_only=True)
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=64,
    )
    BertForSequenceClassification(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return str(folder)
