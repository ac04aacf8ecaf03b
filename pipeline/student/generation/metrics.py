"""Held-out evaluation of a generation student against the teacher's answers.

- ``agreement``: mean ROUGE-L F1 of the student's greedy answer vs the teacher's answer;
- ``accuracy``: exact-match rate vs the teacher's answer (lower-cased word/punctuation
  tokens, see :func:`pipeline.student.generation.rouge.exact_match`); generation sources
  carry no hidden ground truth, so this is agreement at the strictest setting;
- ``ece``: None (no class probabilities);
- size of the weights and CPU latency per example (batch 1, whole answer).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from pipeline.student.generation.examples import GenExample
from pipeline.student.generation.rouge import exact_match, mean_rouge_l
from pipeline.student.generation.student import GenerationStudent
from pipeline.student.result import StudentMetrics

__all__ = ["answer_budget", "evaluate_generator"]

_LATENCY_SAMPLES = 4
_MAX_ANSWER_TOKENS = 64


def answer_budget(student: GenerationStudent, targets: Sequence[str]) -> int:
    """New tokens allowed per answer: the longest target plus its end token and some slack,
    at most 64."""
    if not targets:
        return 1
    lengths = student.tokenizer(list(targets), add_special_tokens=False)["input_ids"]
    return max(1, min(_MAX_ANSWER_TOKENS, max(len(ids) for ids in lengths) + 2))


def evaluate_generator(model_dir: Path, examples: Sequence[GenExample]) -> StudentMetrics:
    """Agreement (mean ROUGE-L F1), exact match, size and latency on ``examples``."""
    student = GenerationStudent.load(model_dir)
    size = sum(p.stat().st_size for p in Path(model_dir).glob("*.safetensors"))
    if not examples:
        return StudentMetrics(0, None, None, None, size, None)
    targets = [ex.target for ex in examples]
    budget = answer_budget(student, targets)
    answers = student.complete([ex.prompt for ex in examples], max_new_tokens=budget)
    sample = [ex.prompt for ex in examples[:_LATENCY_SAMPLES]]
    start = time.perf_counter()
    for prompt in sample:
        student.complete([prompt], max_new_tokens=budget)
    latency = (time.perf_counter() - start) * 1000.0 / len(sample)
    matches = sum(exact_match(a, t) for a, t in zip(answers, targets, strict=True))
    return StudentMetrics(
        eval_size=len(examples),
        agreement=mean_rouge_l(answers, targets),
        accuracy=matches / len(examples),
        ece=None,
        model_size_bytes=size,
        latency_ms_per_example=latency,
    )
