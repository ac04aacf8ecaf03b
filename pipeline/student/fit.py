"""``fit_student``: the run every student trainer shares, top to bottom.

make the output folder -> seed everything -> ``build()`` (the kind's student, its encoded
data, how it is saved and evaluated) -> (resume) restore the checkpoint of this very training
run -> DP-SGD when the plan says so (σ for the target ε over exactly the planned steps,
Opacus), plain AdamW otherwise, a checkpoint per epoch -> read ε from the accountant -> save
the student folder -> evaluate on the held-out split -> ``training.json`` -> refuse an ε
above the target.

A trainer (:mod:`pipeline.student.classifier.train`, :mod:`pipeline.student.generation.train`)
checks its inputs and describes its kind as :class:`StudentParts`; nothing else.

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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.utils.data import Sampler

from governance.errors import DistillgateError, TrainingError
from governance.policy.jobs import ClippingMode
from governance.runfiles.layout import STUDENT_TRAINING_FILE
from pipeline.student.checkpoint import Checkpoint, load_checkpoint, training_fingerprint
from pipeline.student.data import TrainingData
from pipeline.student.dp_plan import DpPlan
from pipeline.student.epochs import train_plain_epochs, train_private_epochs
from pipeline.student.plan import StudentPlan
from pipeline.student.progress import TrainingProgress
from pipeline.student.result import StudentMetrics, TrainingResult
from pipeline.student.resume import EpochLoop, restore_weights

__all__ = ["THREADS_ENV", "StudentParts", "fit_student", "seed_everything"]

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


@dataclass(frozen=True)
class StudentParts:
    """What one student kind brings to :func:`fit_student`.

    ``module`` is what trains (its trainable parameters are checkpointed); ``save(folder)``
    writes the Hugging Face folder and ``evaluate(folder)`` scores the saved student on the
    held-out split. ``dataset_digest`` and ``fingerprint_extra`` (e.g. the labels) tie a
    checkpoint to this training run. ``clipping`` is the DP clipping this student trains with
    (the plan's, or per-sample where ghost clipping would be wrong). ``name`` appears in
    messages ("student", "generation student").
    """

    task_kind: str
    name: str
    module: nn.Module
    data: TrainingData
    dataset_digest: str
    save: Callable[[Path], None]
    evaluate: Callable[[Path], StudentMetrics]
    clipping: ClippingMode
    fingerprint_extra: Mapping[str, object] = field(default_factory=dict)
    sampler: Sampler[int] | None = None


@dataclass(frozen=True)
class _LoopOutcome:
    """What the DP or plain loop reports for ``training.json``."""

    epsilon: float
    steps: int
    noise_multiplier: float
    sample_rate: float
    clipping: str


@dataclass(frozen=True)
class _Training:
    """The outcome of the training phase (before saving and evaluating)."""

    outcome: _LoopOutcome
    batch_size: int
    epsilon_history: list[tuple[int, float]]
    checkpoints: list[str]
    train_seconds: float
    resumed_from: Checkpoint | None


def _fingerprint(plan: StudentPlan, parts: StudentParts) -> str:
    return training_fingerprint(
        kind=parts.task_kind,
        settings=plan.settings,
        training=plan.training,
        dp=plan.dp,
        dataset=parts.dataset_digest,
        unsafe_noise_scale=plan.unsafe_noise_scale,
        **parts.fingerprint_extra,
    )


def _run_loop(
    plan: StudentPlan, parts: StudentParts, loop: EpochLoop, history: list[tuple[int, float]]
) -> _LoopOutcome:
    """DP-SGD when the plan says so (ε from the accountant), plain AdamW otherwise (ε = inf)."""
    dp = plan.dp
    if not dp.enabled:
        steps = train_plain_epochs(parts.module, parts.data, loop=loop, sampler=parts.sampler)
        return _LoopOutcome(math.inf, steps, 0.0, loop.batch_size / len(parts.data), "none")
    state = train_private_epochs(
        parts.module,
        parts.data,
        loop=loop,
        dp=dp,
        clipping=parts.clipping,
        unsafe_noise_scale=plan.unsafe_noise_scale,
        history=history,
    )
    epsilon = float(state.accountant.get_epsilon(delta=dp.delta))
    state.module._close()  # type: ignore[operator]
    return _LoopOutcome(
        epsilon,
        state.steps_taken[0],
        state.noise_multiplier,
        state.sample_rate,
        state.clipping.value,
    )


def _train(plan: StudentPlan, parts: StudentParts, out_dir: Path) -> _Training:
    """Resume when asked and possible, then train with a checkpoint per epoch."""
    batch_size = min(plan.training.batch_size, len(parts.data))
    fingerprint = _fingerprint(plan, parts)
    checkpoint = load_checkpoint(out_dir, fingerprint=fingerprint) if plan.resume else None
    if checkpoint is not None:
        restore_weights(parts.module, checkpoint.model)
    history: list[tuple[int, float]] = []
    start = time.perf_counter()
    try:
        with TrainingProgress(enabled=plan.progress) as bar:
            loop = EpochLoop(
                training=plan.training,
                batch_size=batch_size,
                bar=bar,
                out_dir=out_dir,
                fingerprint=fingerprint,
                resume_from=checkpoint,
            )
            outcome = _run_loop(plan, parts, loop, history)
    except DistillgateError:
        raise
    except (RuntimeError, ValueError) as exc:
        raise TrainingError(f"{parts.name} training failed: {exc}") from exc
    return _Training(
        outcome=outcome,
        batch_size=batch_size,
        epsilon_history=history,
        checkpoints=loop.checkpoints,
        train_seconds=time.perf_counter() - start,
        resumed_from=checkpoint,
    )


def _result(
    plan: StudentPlan, parts: StudentParts, trained: _Training, metrics: StudentMetrics
) -> TrainingResult:
    dp, outcome = plan.dp, trained.outcome
    return TrainingResult(
        epsilon=outcome.epsilon,
        delta=dp.delta if dp.enabled else 0.0,
        target_epsilon=dp.target_epsilon if dp.enabled else None,
        noise_multiplier=outcome.noise_multiplier,
        max_grad_norm=dp.max_grad_norm if dp.enabled else None,
        sample_rate=outcome.sample_rate,
        steps=outcome.steps,
        epochs=plan.training.epochs,
        dataset_size=len(parts.data),
        accountant=dp.accountant.value if dp.enabled else "none",
        clipping=outcome.clipping,
        secure_rng=dp.enabled and dp.secure_mode,
        epsilon_history=trained.epsilon_history,
        model_dir=Path(plan.out_dir),
        seed=plan.training.seed,
        metrics=metrics,
        train_seconds=trained.train_seconds,
        batch_size=trained.batch_size,
        unsafe_noise_scale=plan.unsafe_noise_scale,
        checkpoints=trained.checkpoints,
        task_kind=parts.task_kind,
        resumed_from_epoch=trained.resumed_from.epoch if trained.resumed_from else None,
    )


def _refuse_epsilon_over_target(dp: DpPlan, result: TrainingResult) -> None:
    if dp.enabled and result.epsilon > (dp.target_epsilon or math.inf) + 1e-9:
        raise TrainingError(
            f"accountant reports ε={result.epsilon:.4f} above the target {dp.target_epsilon}"
        )


def fit_student(plan: StudentPlan, build: Callable[[], StudentParts]) -> TrainingResult:
    """Train, save (``plan.out_dir``: the student folder + ``training.json``) and evaluate.

    ``build`` runs after seeding, so the student's fresh weights are seeded by
    ``plan.training.seed``. Raises :class:`TrainingError` when training fails or the
    accountant's ε exceeds the plan's target (``training.json`` is written first).
    """
    out_dir = Path(plan.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    seed_everything(plan.training.seed)
    parts = build()
    trained = _train(plan, parts, out_dir)
    parts.save(out_dir)
    result = _result(plan, parts, trained, parts.evaluate(out_dir))
    result.write(out_dir / STUDENT_TRAINING_FILE)
    _refuse_epsilon_over_target(plan.dp, result)
    logger.info(
        "%s trained: ε=%s steps=%d in %.1fs",
        parts.name,
        result.epsilon,
        result.steps,
        result.train_seconds,
    )
    return result
