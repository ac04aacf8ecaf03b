"""Held-out evaluation of a classifier student: agreement, accuracy, calibration, size, latency."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from pipeline.student.classifier.examples import TrainExample
from pipeline.student.classifier.model import StudentModel
from pipeline.student.result import StudentMetrics

__all__ = ["evaluate_student", "expected_calibration_error"]

_LATENCY_SAMPLES = 16


def expected_calibration_error(probs: np.ndarray, labels: np.ndarray, *, bins: int = 10) -> float:
    """ECE with equal-width confidence bins: Σ_b |B|/n · |accuracy(B) − confidence(B)|.

    >>> expected_calibration_error(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([0, 1]))
    0.0
    """
    if len(labels) == 0:
        return 0.0
    confidence = probs.max(axis=1)
    correct = (probs.argmax(axis=1) == labels).astype(np.float64)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1], right=True), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        members = which == b
        if members.any():
            total += members.mean() * abs(correct[members].mean() - confidence[members].mean())
    return float(total)


def evaluate_student(
    model_dir: Path,
    examples: Sequence[TrainExample],
    *,
    ground_truth: Mapping[str, int] | None = None,
) -> StudentMetrics:
    """Agreement with the teacher's labels, accuracy against ``ground_truth`` (example id ->
    label index, where known), ECE against the teacher, model size and CPU latency (batch 1)."""
    student = StudentModel.load(model_dir)
    size = sum(p.stat().st_size for p in Path(model_dir).glob("*.safetensors"))
    if not examples:
        return StudentMetrics(0, None, None, None, size, None)
    texts = [ex.text for ex in examples]
    probs = student.predict_proba(texts)
    teacher = np.array([ex.label for ex in examples])
    predicted = probs.argmax(axis=1)
    accuracy = None
    if ground_truth:
        known = [
            (i, ground_truth[ex.example_id])
            for i, ex in enumerate(examples)
            if ex.example_id in ground_truth
        ]
        if known:
            rows = np.array([i for i, _ in known])
            truth = np.array([label for _, label in known])
            accuracy = float((predicted[rows] == truth).mean())
    sample = texts[:_LATENCY_SAMPLES]
    student.predict_proba(sample[:1], batch_size=1)
    start = time.perf_counter()
    for text in sample:
        student.predict_proba([text], batch_size=1)
    latency = (time.perf_counter() - start) * 1000.0 / len(sample)
    return StudentMetrics(
        eval_size=len(examples),
        agreement=float((predicted == teacher).mean()),
        accuracy=accuracy,
        ece=expected_calibration_error(probs, teacher),
        model_size_bytes=size,
        latency_ms_per_example=latency,
    )
