"""``train_generator``: fit a generation student on teacher answers, with DP-SGD when planned.

The run, top to bottom: seed everything -> build the student -> tokenize (prompts cut, answers
kept) -> (DP) choose σ for the target ε over exactly the planned steps and wrap with Opacus
(Poisson sampling, ghost clipping unless a trainable weight is tied) -> train with a
checkpoint per epoch -> read ε from the accountant -> save a Hugging Face folder +
``training.json`` -> evaluate on the held-out split (ROUGE-L, exact match).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import torch
from torch import nn

from governance.errors import DistillgateError, TrainingError
from governance.policy.jobs import ClippingMode, StudentSettings, TrainingSettings
from pipeline.student.checkpoint import load_checkpoint, training_fingerprint
from pipeline.student.dp_plan import DpPlan
from pipeline.student.epochs import train_plain_epochs, train_private_epochs
from pipeline.student.generation.examples import GenExample, collate_answers, encode_answers
from pipeline.student.generation.loss import AnswerTokenLoss
from pipeline.student.generation.metrics import evaluate_generator
from pipeline.student.generation.model import (
    AnswerLogits,
    build_generator,
    save_generator,
    shared_trainable_parameters,
)
from pipeline.student.progress import TrainingProgress
from pipeline.student.result import TrainingResult
from pipeline.student.resume import EpochLoop, dataset_digest, restore_weights
from pipeline.student.train import seed_everything

__all__ = ["GENERATION_TASK_KIND", "train_generator"]

logger = logging.getLogger(__name__)

#: ``TrainingResult.task_kind`` of a generation student.
GENERATION_TASK_KIND = "generation"


def _clipping(dp: DpPlan, student: AnswerLogits) -> ClippingMode:
    """Ghost clipping is exact only when no trainable weight is used by two layers."""
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


def _check(train: Sequence[GenExample], unsafe_noise_scale: float) -> None:
    if not train:
        raise TrainingError("no training examples")
    if unsafe_noise_scale < 0.0:
        raise TrainingError(f"unsafe_noise_scale must be >= 0, got {unsafe_noise_scale}")
    if unsafe_noise_scale != 1.0:
        logger.warning(
            "UNSAFE: unsafe_noise_scale=%s: the noise added differs from the noise accounted; "
            "the reported ε is NOT a guarantee for this model (test use only)",
            unsafe_noise_scale,
        )


def train_generator(
    train: Sequence[GenExample],
    eval: Sequence[GenExample],  # name fixed by the architecture contract
    *,
    settings: StudentSettings,
    training: TrainingSettings,
    dp: DpPlan,
    out_dir: Path,
    progress: bool = False,
    unsafe_noise_scale: float = 1.0,
    resume: bool = False,
) -> TrainingResult:
    """Train, save (``out_dir``: HF causal-LM folder + ``training.json``) and evaluate.

    With ``dp.enabled`` the run uses DP-SGD at ``q = batch_size / len(train)`` and reports
    the ε read from the accountant (refusing a result above the target); otherwise ε = inf.
    The privacy unit is one record: each example's loss is the mean over its answer tokens.
    ``unsafe_noise_scale`` multiplies the noise *after* accounting (test use only; warns).
    ``resume`` continues from a checkpoint of the same data and settings when there is one.
    """
    _check(train, unsafe_noise_scale)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    seed_everything(training.seed)
    model, tokenizer = build_generator(settings)
    data = encode_answers(
        [ex.prompt for ex in train],
        [ex.target for ex in train],
        tokenizer,
        max_length=settings.max_length,
    )
    student = AnswerLogits(model)
    batch_size = min(training.batch_size, len(train))
    fingerprint = training_fingerprint(
        kind=GENERATION_TASK_KIND,
        settings=settings,
        training=training,
        dp=dp,
        dataset=dataset_digest((ex.example_id, ex.prompt, ex.target) for ex in train),
        unsafe_noise_scale=unsafe_noise_scale,
    )
    checkpoint = load_checkpoint(out_dir, fingerprint=fingerprint) if resume else None
    if checkpoint is not None:
        restore_weights(student, checkpoint.model)
    collate = partial(collate_answers, pad_id=int(tokenizer.pad_token_id or 0))
    history: list[tuple[int, float]] = []
    start = time.perf_counter()
    try:
        with TrainingProgress(enabled=progress) as bar:
            loop = EpochLoop(
                training=training,
                batch_size=batch_size,
                criterion=AnswerTokenLoss(),
                bar=bar,
                out_dir=out_dir,
                fingerprint=fingerprint,
                resume_from=checkpoint,
            )
            if dp.enabled:
                state = train_private_epochs(
                    student,
                    data,
                    loop=loop,
                    dp=dp,
                    clipping=_clipping(dp, student),
                    collate_fn=collate,
                    forward_loss=_answer_loss,
                    unsafe_noise_scale=unsafe_noise_scale,
                    history=history,
                )
                epsilon = float(state.accountant.get_epsilon(delta=dp.delta))
                steps, sigma, q = state.steps_taken[0], state.noise_multiplier, state.sample_rate
                clipping = state.clipping.value
                state.module._close()  # type: ignore[operator]
            else:
                steps = train_plain_epochs(
                    student, data, loop=loop, collate_fn=collate, forward_loss=_answer_loss
                )
                epsilon, sigma, q, clipping = math.inf, 0.0, batch_size / len(train), "none"
    except DistillgateError:
        raise
    except (RuntimeError, ValueError) as exc:
        raise TrainingError(f"generation student training failed: {exc}") from exc
    train_seconds = time.perf_counter() - start
    save_generator(model, tokenizer, out_dir)
    result = TrainingResult(
        epsilon=epsilon,
        delta=dp.delta if dp.enabled else 0.0,
        target_epsilon=dp.target_epsilon if dp.enabled else None,
        noise_multiplier=sigma,
        max_grad_norm=dp.max_grad_norm if dp.enabled else None,
        sample_rate=q,
        steps=steps,
        epochs=training.epochs,
        dataset_size=len(train),
        accountant=dp.accountant.value if dp.enabled else "none",
        clipping=clipping,
        secure_rng=dp.enabled and dp.secure_mode,
        epsilon_history=history,
        model_dir=out_dir,
        seed=training.seed,
        metrics=evaluate_generator(out_dir, eval),
        train_seconds=train_seconds,
        batch_size=batch_size,
        unsafe_noise_scale=unsafe_noise_scale,
        checkpoints=loop.checkpoints,
        task_kind=GENERATION_TASK_KIND,
        resumed_from_epoch=checkpoint.epoch if checkpoint is not None else None,
    )
    result.write(out_dir / "training.json")
    if dp.enabled and result.epsilon > (dp.target_epsilon or math.inf) + 1e-9:
        raise TrainingError(
            f"accountant reports ε={result.epsilon:.4f} above the target {dp.target_epsilon}"
        )
    logger.info("generation student trained: ε=%s steps=%d in %.1fs", epsilon, steps, train_seconds)
    return result
