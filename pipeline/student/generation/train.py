"""``train_generator``: fit a generation student on teacher answers, DP-SGD when planned.

What is particular to a generation student: the causal LM (:func:`build_generator` wrapped
in :class:`AnswerLogits`), prompts cut and answers kept by the tokenizer, the loss over
answer tokens (one record, one mean: the privacy unit is the record), per-sample clipping
where a trainable weight is tied (ghost clipping would mis-measure it), a
``BertLMHeadModel`` folder, and held-out ROUGE-L and exact match. Everything else (seeding,
resume, the DP or plain loop, ε, ``training.json``) is the shared run of
:func:`pipeline.student.fit.fit_student`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import torch
from torch import nn

from governance.errors import TrainingError
from governance.policy.jobs import ClippingMode
from pipeline.student.data import TrainingData
from pipeline.student.dp_plan import DpPlan
from pipeline.student.fit import StudentParts, fit_student
from pipeline.student.generation.examples import GenExample, collate_answers, encode_answers
from pipeline.student.generation.loss import AnswerTokenLoss
from pipeline.student.generation.metrics import evaluate_generator
from pipeline.student.generation.model import (
    AnswerLogits,
    build_generator,
    save_generator,
    shared_trainable_parameters,
)
from pipeline.student.plan import StudentPlan
from pipeline.student.result import TrainingResult
from pipeline.student.resume import dataset_digest

__all__ = ["GENERATION_TASK_KIND", "train_generator"]

logger = logging.getLogger(__name__)

#: ``TrainingResult.task_kind`` of a generation student.
GENERATION_TASK_KIND = "generation"


def _clipping(dp: DpPlan, student: AnswerLogits) -> ClippingMode:
    """Ghost clipping is exact only when no trainable weight is used by two layers."""
    if not dp.enabled:
        return dp.clipping
    shared = shared_trainable_parameters(student)
    if dp.clipping is ClippingMode.GHOST and shared:
        logger.warning(
            "trainable tied weights (%s): ghost clipping would mis-measure their per-sample "
            "norms; using per-sample gradients",
            ", ".join(shared),
        )
        return ClippingMode.PER_SAMPLE
    return dp.clipping


def _answer_loss(
    module: nn.Module, criterion: Callable[..., Any], batch: tuple[torch.Tensor, ...]
) -> Any:
    ids, mask, positions, labels = batch
    return criterion(module(ids, mask, positions), labels)


def _parts(
    train: Sequence[GenExample],
    eval: Sequence[GenExample],  # name fixed by the architecture contract
    *,
    plan: StudentPlan,
) -> StudentParts:
    model, tokenizer = build_generator(plan.settings)
    encoded = encode_answers(
        [ex.prompt for ex in train],
        [ex.target for ex in train],
        tokenizer,
        max_length=plan.settings.max_length,
    )
    student = AnswerLogits(model)
    return StudentParts(
        task_kind=GENERATION_TASK_KIND,
        name="generation student",
        module=student,
        data=TrainingData(
            dataset=encoded,
            collate_fn=partial(collate_answers, pad_id=int(tokenizer.pad_token_id or 0)),
            criterion=AnswerTokenLoss(),
            forward_loss=_answer_loss,
        ),
        dataset_digest=dataset_digest((ex.example_id, ex.prompt, ex.target) for ex in train),
        save=partial(save_generator, model, tokenizer),
        evaluate=lambda folder: evaluate_generator(folder, eval),
        clipping=_clipping(plan.dp, student),
    )


def train_generator(
    train: Sequence[GenExample],
    eval: Sequence[GenExample],  # name fixed by the architecture contract
    *,
    plan: StudentPlan,
) -> TrainingResult:
    """Train, save (``plan.out_dir``: HF causal-LM folder + ``training.json``) and evaluate.

    The privacy unit is one record: each example's loss is the mean over its answer tokens.
    See :class:`StudentPlan` for DP, ``unsafe_noise_scale`` and ``resume`` (a checkpoint of
    the same data and settings).
    """
    if not train:
        raise TrainingError("no training examples")
    return fit_student(plan, lambda: _parts(train, eval, plan=plan))
