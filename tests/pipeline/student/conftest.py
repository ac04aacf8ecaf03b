"""Tiny students and toy data for the student-training tests."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pipeline.student.examples import TrainExample


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISTILLGATE_HOME", str(tmp_path / "home"))


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
