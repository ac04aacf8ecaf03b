"""Toy generation data: each prompt names one topic; the answer is ``summary: <topic> issue``."""

from __future__ import annotations

import random

from pipeline.student.generation import GenExample

TOPICS = ("billing", "password", "shipping", "refund")
_FILLER = ["please", "help", "my", "the", "account", "today", "thanks", "hello", "i", "need"]


def topic_examples(n: int, *, seed: int, prefix: str = "g") -> list[GenExample]:
    """A deterministic mapping the student must learn: find the topic word, write the summary."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        topic = TOPICS[i % len(TOPICS)]
        words = [*rng.sample(_FILLER, 4), topic]
        rng.shuffle(words)
        out.append(GenExample(f"{prefix}-{i}", " ".join(words), f"summary: {topic} issue"))
    return out
