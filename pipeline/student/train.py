"""``train_student``: fit the student on distilled examples, with DP-SGD when the plan says so.

The run, top to bottom: seed everything -> build the student -> tokenize -> (resume: restore
the matching checkpoint) -> (DP) choose σ for the target ε over exactly the planned steps and
wrap with Opacus -> train with a checkpoint per epoch -> read ε from the accountant -> save a
Hugging Face folder + ``training.json`` -> evaluate on the held-out split.

A resumed run continues after the last checkpointed epoch with the weights, optimizer, torch
RNG, Poisson-sampler and noise generator states, accountant history and step counter of the
interrupted one, so (with ``secure_mode`` off) it draws the same batches and noise and ends
with the same weights and exactly the same ε as a run that was never interrupted.
"""

from __future__ import annotations

import logging
import math
import os
import random
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.utils.data import Sampler

from governance.errors import DistillgateError, TrainingError
from governance.policy.jobs import StudentSettings, TrainingSettings
from pipeline.student.checkpoint import load_checkpoint, training_fingerprint
from pipeline.student.dp_plan import DpPlan
from pipeline.student.epochs import HISTORY_POINTS, train_plain_epochs, train_private_epochs
from pipeline.student.examples import TrainExample, collate, encode_examples
from pipeline.student.loss import DistillationLoss
from pipeline.student.metrics import evaluate_student
from pipeline.student.model import LogitsModule, build_student
from pipeline.student.progress import TrainingProgress
from pipeline.student.result import TrainingResult
from pipeline.student.resume import (
    EpochLoop,
    dataset_digest,
    restore_weights,
)

__all__ = ["HISTORY_POINTS", "THREADS_ENV", "seed_everything", "train_student"]

logger = logging.getLogger(__name__)

#: Environment variable that sets torch's intra-op threads for training.
THREADS_ENV = "DISTILLGATE_TORCH_THREADS"


def _threads() -> int:
    """``$DISTILLGATE_TORCH_THREADS`` or min(2, CPUs): the box is small and often shared, and
    oversubscribed OpenMP threads spin (1 thread is ~10x faster than 2 under full load)."""
    env = os.environ.get(THREADS_ENV, "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    return max(1, min(2, len(os.sched_getaffinity(0))))


def seed_everything(seed: int) -> None:
    """Seed Python, NumPy and torch; set torch's threads (:func:`_threads`)."""
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)
    torch.set_num_threads(_threads())


def _classifier_loss(
    module: nn.Module, criterion: Callable[..., Any], batch: tuple[torch.Tensor, ...]
) -> Any:
    ids, mask, targets, soft = batch
    return criterion(module(ids, mask), targets, soft)


def train_student(
    train: Sequence[TrainExample],
    eval: Sequence[TrainExample],  # name fixed by the architecture contract
    *,
    labels: Sequence[str],
    settings: StudentSettings,
    training: TrainingSettings,
    dp: DpPlan,
    out_dir: Path,
    progress: bool = False,
    ground_truth: Mapping[str, int] | None = None,
    sampler: Sampler[int] | None = None,
    unsafe_noise_scale: float = 1.0,
    resume: bool = False,
) -> TrainingResult:
    """Train, save (``out_dir``: HF folder + ``training.json``) and evaluate a student.

    With ``dp.enabled`` the run uses DP-SGD at ``q = batch_size / len(train)`` and reports the
    ε read from the accountant; otherwise ε = inf. ``sampler`` (non-DP only) is refused under
    DP: a custom sampler breaks Poisson-sampling accounting. ``unsafe_noise_scale`` multiplies
    the noise *after* accounting (the reported ε stays nominal); it exists only for
    privacy-attack tests and warns on every use. ``resume`` continues after the epoch of
    ``out_dir/checkpoints/last.pt`` when that checkpoint belongs to this very training run
    (same fingerprint); otherwise training starts from the first epoch. A custom ``sampler``
    restarts its own order on resume.
    """
    if not train:
        raise TrainingError("no training examples")
    if dp.enabled and sampler is not None:
        raise TrainingError(
            "a custom sampler is refused under DP: privacy accounting assumes Poisson "
            "sampling at rate batch_size / dataset_size",
            hint="drop the sampler; DP training samples the dataset itself",
        )
    if unsafe_noise_scale != 1.0:
        logger.warning(
            "UNSAFE: unsafe_noise_scale=%s: the noise added differs from the noise accounted; "
            "the reported ε is NOT a guarantee for this model (test use only)",
            unsafe_noise_scale,
        )
    if unsafe_noise_scale < 0.0:
        raise TrainingError(f"unsafe_noise_scale must be >= 0, got {unsafe_noise_scale}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    seed_everything(training.seed)
    model, tokenizer = build_student(settings, labels)
    data = encode_examples(train, tokenizer, num_labels=len(labels), max_length=settings.max_length)
    batch_size = min(training.batch_size, len(train))
    student = LogitsModule(model)
    fingerprint = training_fingerprint(
        kind="classification",
        settings=settings,
        training=training,
        dp=dp,
        dataset=dataset_digest((ex.example_id, ex.text, ex.label, ex.soft_label) for ex in train),
        labels=list(labels),
        unsafe_noise_scale=unsafe_noise_scale,
        custom_sampler=sampler is not None,
    )
    checkpoint = load_checkpoint(out_dir, fingerprint=fingerprint) if resume else None
    if checkpoint is not None:
        restore_weights(student, checkpoint.model)
    history: list[tuple[int, float]] = []
    start = time.perf_counter()
    try:
        with TrainingProgress(enabled=progress) as bar:
            loop = EpochLoop(
                training=training,
                batch_size=batch_size,
                criterion=DistillationLoss(training.distillation_temperature),
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
                    clipping=dp.clipping,
                    collate_fn=collate,
                    forward_loss=_classifier_loss,
                    unsafe_noise_scale=unsafe_noise_scale,
                    history=history,
                )
                epsilon = float(state.accountant.get_epsilon(delta=dp.delta))
                steps, sigma, q = state.steps_taken[0], state.noise_multiplier, state.sample_rate
                clipping = state.clipping.value
                state.module._close()  # type: ignore[operator]
            else:
                steps = train_plain_epochs(
                    student,
                    data,
                    loop=loop,
                    collate_fn=collate,
                    forward_loss=_classifier_loss,
                    sampler=sampler,
                )
                epsilon, sigma, q, clipping = math.inf, 0.0, batch_size / len(train), "none"
    except DistillgateError:
        raise
    except (RuntimeError, ValueError) as exc:
        raise TrainingError(f"student training failed: {exc}") from exc
    train_seconds = time.perf_counter() - start
    model.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
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
        metrics=evaluate_student(out_dir, eval, ground_truth=ground_truth),
        train_seconds=train_seconds,
        batch_size=batch_size,
        unsafe_noise_scale=unsafe_noise_scale,
        checkpoints=loop.checkpoints,
        resumed_from_epoch=checkpoint.epoch if checkpoint is not None else None,
    )
    result.write(out_dir / "training.json")
    if dp.enabled and result.epsilon > (dp.target_epsilon or math.inf) + 1e-9:
        raise TrainingError(
            f"accountant reports ε={result.epsilon:.4f} above the target {dp.target_epsilon}"
        )
    logger.info("student trained: ε=%s steps=%d in %.1fs", epsilon, steps, train_seconds)
    return result
