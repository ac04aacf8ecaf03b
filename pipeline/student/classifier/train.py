"""``train_student``: fit a classifier student on distilled examples, DP-SGD when planned.

What is particular to a classifier: the student (:func:`build_student` wrapped in
:class:`LogitsModule`), the encoded examples with one-hot or soft targets, the distillation
loss, a Hugging Face folder, and held-out agreement, accuracy and calibration. Everything
else (seeding, resume, the DP or plain loop, ε, ``training.json``) is the shared run of
:func:`pipeline.student.fit.fit_student`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import torch
from torch import nn
from torch.utils.data import Sampler

from governance.errors import TrainingError
from pipeline.student.classifier.examples import TrainExample, collate, encode_examples
from pipeline.student.classifier.loss import DistillationLoss
from pipeline.student.classifier.metrics import evaluate_student
from pipeline.student.classifier.model import LogitsModule, build_student
from pipeline.student.data import TrainingData
from pipeline.student.fit import StudentParts, fit_student
from pipeline.student.plan import StudentPlan
from pipeline.student.result import TrainingResult
from pipeline.student.resume import dataset_digest

__all__ = ["CLASSIFICATION_TASK_KIND", "train_student"]

#: ``TrainingResult.task_kind`` of a classifier student.
CLASSIFICATION_TASK_KIND = "classification"


def _classifier_loss(
    module: nn.Module, criterion: Callable[..., Any], batch: tuple[torch.Tensor, ...]
) -> Any:
    ids, mask, targets, soft = batch
    return criterion(module(ids, mask), targets, soft)


def _parts(
    train: Sequence[TrainExample],
    eval: Sequence[TrainExample],  # name fixed by the architecture contract
    *,
    labels: Sequence[str],
    plan: StudentPlan,
    ground_truth: Mapping[str, int] | None,
    sampler: Sampler[int] | None,
) -> StudentParts:
    model, tokenizer = build_student(plan.settings, labels)
    encoded = encode_examples(
        train, tokenizer, num_labels=len(labels), max_length=plan.settings.max_length
    )

    def save(folder: Path) -> None:
        model.save_pretrained(folder)
        tokenizer.save_pretrained(folder)

    return StudentParts(
        task_kind=CLASSIFICATION_TASK_KIND,
        name="student",
        module=LogitsModule(model),
        data=TrainingData(
            dataset=encoded,
            collate_fn=collate,
            criterion=DistillationLoss(plan.training.distillation_temperature),
            forward_loss=_classifier_loss,
        ),
        dataset_digest=dataset_digest(
            (ex.example_id, ex.text, ex.label, ex.soft_label) for ex in train
        ),
        save=save,
        evaluate=lambda folder: evaluate_student(folder, eval, ground_truth=ground_truth),
        clipping=plan.dp.clipping,
        fingerprint_extra={"labels": list(labels), "custom_sampler": sampler is not None},
        sampler=sampler,
    )


def train_student(
    train: Sequence[TrainExample],
    eval: Sequence[TrainExample],  # name fixed by the architecture contract
    *,
    labels: Sequence[str],
    plan: StudentPlan,
    ground_truth: Mapping[str, int] | None = None,
    sampler: Sampler[int] | None = None,
) -> TrainingResult:
    """Train, save (``plan.out_dir``: HF folder + ``training.json``) and evaluate a classifier.

    ``ground_truth`` (example id -> label index, where known) gives held-out accuracy.
    ``sampler`` (non-DP only) is refused under DP: a custom sampler breaks Poisson-sampling
    accounting; it restarts its own order on resume. See :class:`StudentPlan` for DP,
    ``unsafe_noise_scale`` and ``resume``.
    """
    if not train:
        raise TrainingError("no training examples")
    if plan.dp.enabled and sampler is not None:
        raise TrainingError(
            "a custom sampler is refused under DP: privacy accounting assumes Poisson "
            "sampling at rate batch_size / dataset_size",
            hint="drop the sampler; DP training samples the dataset itself",
        )
    return fit_student(
        plan,
        lambda: _parts(
            train, eval, labels=labels, plan=plan, ground_truth=ground_truth, sampler=sampler
        ),
    )
