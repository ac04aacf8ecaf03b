"""``train_student``: fit the student on distilled examples, with DP-SGD when the plan says so.

The run, top to bottom: seed everything -> build the student -> tokenize -> (DP) choose σ for
the target ε over exactly the planned steps and wrap with Opacus -> train with a checkpoint
per epoch -> read ε from the accountant -> save a Hugging Face folder + ``training.json`` ->
evaluate on the held-out split.
"""

from __future__ import annotations

import logging
import math
import os
import random
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from opacus.utils.batch_memory_manager import BatchMemoryManager
from torch import nn
from torch.utils.data import DataLoader, Sampler

from governance.errors import DistillgateError, TrainingError
from governance.privacy.accounting import noise_for
from pipeline.jobs import StudentSettings, TrainingSettings
from pipeline.student.dp_plan import DpPlan
from pipeline.student.examples import Batch, EncodedExamples, TrainExample, collate, encode_examples
from pipeline.student.loss import DistillationLoss
from pipeline.student.metrics import evaluate_student
from pipeline.student.model import LogitsModule, build_student
from pipeline.student.private import PrivateTraining, make_private, secure_generator
from pipeline.student.progress import TrainingProgress
from pipeline.student.result import TrainingResult

__all__ = ["HISTORY_POINTS", "THREADS_ENV", "train_student"]

logger = logging.getLogger(__name__)

#: About how many (step, ε) points ``epsilon_history`` holds (plus the last step).
HISTORY_POINTS = 8

#: Environment variable that sets torch's intra-op threads for training.
THREADS_ENV = "DISTILLGATE_TORCH_THREADS"


def _threads() -> int:
    """``$DISTILLGATE_TORCH_THREADS`` or min(2, CPUs): the box is small and often shared, and
    oversubscribed OpenMP threads spin (1 thread is ~10x faster than 2 under full load)."""
    env = os.environ.get(THREADS_ENV, "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    return max(1, min(2, len(os.sched_getaffinity(0))))


def _seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)
    torch.set_num_threads(_threads())


def _generator(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def _chunks(batch: Batch, size: int) -> Iterator[Batch]:
    for start in range(0, len(batch[0]), size):
        ids, mask, targets, soft = (t[start : start + size] for t in batch)
        yield ids, mask, targets, soft


def _save_checkpoint(
    out_dir: Path,
    epoch: int,
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    extra: Mapping[str, Any],
) -> str:
    """Write ``checkpoints/last.pt`` atomically (trainable weights, optimizer, RNG, accountant).

    Only the newest checkpoint is kept, and frozen weights are not repeated in it: they are
    the initialization, so a checkpoint stays small (kilobytes for a linear probe).
    """
    folder = out_dir / "checkpoints"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "last.pt"
    trainable = {name for name, p in model.named_parameters() if p.requires_grad}
    weights = {k: v for k, v in model.state_dict().items() if k in trainable}
    tmp = path.with_suffix(".tmp")
    torch.save(
        {
            "epoch": epoch,
            "model": weights,
            "optimizer": optimizer.state_dict(),
            "torch_rng": torch.get_rng_state(),
            **extra,
        },
        tmp,
    )
    tmp.replace(path)
    return str(path.relative_to(out_dir))


def _train_private(
    student: LogitsModule,
    data: EncodedExamples,
    *,
    training: TrainingSettings,
    dp: DpPlan,
    batch_size: int,
    criterion: DistillationLoss,
    bar: TrainingProgress,
    out_dir: Path,
    unsafe_noise_scale: float,
    history: list[tuple[int, float]],
    checkpoints: list[str],
) -> PrivateTraining:
    assert dp.target_epsilon is not None
    q = batch_size / len(data)
    steps_per_epoch = max(1, int(1 / q))
    total = steps_per_epoch * training.epochs
    sigma = noise_for(dp.target_epsilon, q, total, dp.delta, accountant=dp.accountant)
    every = max(1, total // HISTORY_POINTS)
    if dp.secure_mode:
        sampler_gen, noise_gen = secure_generator(), secure_generator()
    else:
        sampler_gen = _generator(training.seed + 1)
        noise_gen = _generator(training.seed + 2)
    params = [p for p in student.parameters() if p.requires_grad]
    holder: list[PrivateTraining] = []

    def _on_step(step: int) -> None:
        if step % every == 0 or step == total:
            history.append((step, float(holder[0].accountant.get_epsilon(delta=dp.delta))))
            bar.epsilon = history[-1][1]

    state = make_private(
        student,
        torch.optim.AdamW(params, lr=training.learning_rate),
        data,
        collate_fn=collate,
        criterion=criterion,
        batch_size=batch_size,
        noise_multiplier=sigma,
        max_grad_norm=dp.max_grad_norm,
        clipping=dp.clipping,
        accountant=dp.accountant.value,
        sampler_generator=sampler_gen,
        noise_generator=noise_gen,
        secure_mode=dp.secure_mode,
        on_step=_on_step,
        unsafe_noise_scale=unsafe_noise_scale,
    )
    holder.append(state)
    if len(state.loader) != steps_per_epoch:
        raise TrainingError(
            f"Poisson loader yields {len(state.loader)} batches per epoch, planned "
            f"{steps_per_epoch}; refusing to train with inconsistent accounting"
        )
    state.module.train()
    for epoch in range(1, training.epochs + 1):
        with BatchMemoryManager(
            data_loader=state.loader,
            max_physical_batch_size=training.physical_batch_size,
            optimizer=state.optimizer,
        ) as loader:
            for ids, mask, targets, soft in loader:
                state.optimizer.zero_grad()
                loss = state.criterion(state.module(ids, mask), targets, soft)
                loss.backward()
                state.optimizer.step()
                bar.advance(len(ids), float(loss.detach()) if len(ids) else math.nan)
        checkpoints.append(
            _save_checkpoint(
                out_dir,
                epoch,
                student,
                state.optimizer.original_optimizer,
                {"accountant": state.accountant.state_dict(), "steps": state.steps_taken[0]},
            )
        )
    if state.steps_taken[0] != total:
        raise TrainingError(f"took {state.steps_taken[0]} DP steps, planned {total}")
    return state


def _train_plain(
    student: LogitsModule,
    data: EncodedExamples,
    *,
    training: TrainingSettings,
    batch_size: int,
    criterion: DistillationLoss,
    bar: TrainingProgress,
    out_dir: Path,
    sampler: Sampler[int] | None,
    checkpoints: list[str],
) -> int:
    optimizer = torch.optim.AdamW(
        [p for p in student.parameters() if p.requires_grad], lr=training.learning_rate
    )
    loader = DataLoader(
        data,
        batch_size=batch_size,
        shuffle=sampler is None,
        sampler=sampler,
        collate_fn=collate,
        generator=_generator(training.seed + 1),
    )
    steps = 0
    student.train()
    for epoch in range(1, training.epochs + 1):
        for batch in loader:
            optimizer.zero_grad()
            size = len(batch[0])
            total_loss = 0.0
            for ids, mask, targets, soft in _chunks(batch, training.physical_batch_size):
                loss = criterion(student(ids, mask), targets, soft) * (len(ids) / size)
                loss.backward()
                total_loss += float(loss.detach())
            optimizer.step()
            steps += 1
            bar.advance(size, total_loss)
        checkpoints.append(_save_checkpoint(out_dir, epoch, student, optimizer, {"steps": steps}))
    return steps


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
    privacy-attack tests and warns on every use. ``resume`` continues from the newest
    checkpoint in ``out_dir`` when it belongs to the same training run.
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
    _seed_everything(training.seed)
    model, tokenizer = build_student(settings, labels)
    data = encode_examples(train, tokenizer, num_labels=len(labels), max_length=settings.max_length)
    batch_size = min(training.batch_size, len(train))
    criterion = DistillationLoss(training.distillation_temperature)
    student = LogitsModule(model)
    history: list[tuple[int, float]] = []
    checkpoints: list[str] = []
    start = time.perf_counter()
    try:
        with TrainingProgress(enabled=progress) as bar:
            if dp.enabled:
                state = _train_private(
                    student,
                    data,
                    training=training,
                    dp=dp,
                    batch_size=batch_size,
                    criterion=criterion,
                    bar=bar,
                    out_dir=out_dir,
                    unsafe_noise_scale=unsafe_noise_scale,
                    history=history,
                    checkpoints=checkpoints,
                )
                epsilon = float(state.accountant.get_epsilon(delta=dp.delta))
                steps, sigma, q = state.steps_taken[0], state.noise_multiplier, state.sample_rate
                clipping = state.clipping.value
                state.module._close()  # type: ignore[operator]
            else:
                steps = _train_plain(
                    student,
                    data,
                    training=training,
                    batch_size=batch_size,
                    criterion=criterion,
                    bar=bar,
                    out_dir=out_dir,
                    sampler=sampler,
                    checkpoints=checkpoints,
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
        checkpoints=checkpoints,
    )
    result.write(out_dir / "training.json")
    if dp.enabled and result.epsilon > (dp.target_epsilon or math.inf) + 1e-9:
        raise TrainingError(
            f"accountant reports ε={result.epsilon:.4f} above the target {dp.target_epsilon}"
        )
    logger.info("student trained: ε=%s steps=%d in %.1fs", epsilon, steps, train_seconds)
    return result
