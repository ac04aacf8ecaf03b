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
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np
import torch
from opacus.utils.batch_memory_manager import BatchMemoryManager
from torch.utils.data import DataLoader, Sampler

from governance.errors import DistillgateError, TrainingError
from governance.privacy.accounting import noise_for
from pipeline.jobs import StudentSettings, TrainingSettings
from pipeline.student.checkpoint import load_checkpoint, training_fingerprint
from pipeline.student.dp_plan import DpPlan
from pipeline.student.examples import Batch, EncodedExamples, TrainExample, collate, encode_examples
from pipeline.student.loss import DistillationLoss
from pipeline.student.metrics import evaluate_student
from pipeline.student.model import LogitsModule, build_student
from pipeline.student.private import PrivateTraining, make_private, secure_generator
from pipeline.student.progress import TrainingProgress
from pipeline.student.result import TrainingResult
from pipeline.student.resume import (
    EpochLoop,
    dataset_digest,
    restore_accountant,
    restore_weights,
    saved_value,
)

__all__ = ["HISTORY_POINTS", "THREADS_ENV", "seed_everything", "train_student"]

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


def seed_everything(seed: int) -> None:
    """Seed Python, NumPy and torch; set torch's threads (:func:`_threads`)."""
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


def _train_private(
    student: LogitsModule,
    data: EncodedExamples,
    *,
    loop: EpochLoop,
    dp: DpPlan,
    unsafe_noise_scale: float,
    history: list[tuple[int, float]],
) -> PrivateTraining:
    assert dp.target_epsilon is not None
    training, batch_size, bar = loop.training, loop.batch_size, loop.bar
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

    optimizer = torch.optim.AdamW(params, lr=training.learning_rate)
    if loop.resume_from is not None:
        optimizer.load_state_dict(loop.resume_from.optimizer)
    state = make_private(
        student,
        optimizer,
        data,
        collate_fn=collate,
        criterion=loop.criterion,
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
    steps = 0
    if loop.resume_from is not None:
        steps = restore_accountant(state, loop.resume_from, history)
        if not dp.secure_mode:
            sampler_gen.set_state(saved_value(loop.resume_from, "sampler_rng", torch.Tensor))
            noise_gen.set_state(saved_value(loop.resume_from, "noise_rng", torch.Tensor))
    first = loop.first_epoch(
        steps=steps,
        planned_steps=steps_per_epoch * (loop.resume_from.epoch if loop.resume_from else 0),
        epsilon=history[-1][1] if history else math.nan,
    )
    state.module.train()
    for epoch in range(first, training.epochs + 1):
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
                loop.advance(len(ids), float(loss.detach()) if len(ids) else math.nan)
        generators = (
            {}
            if dp.secure_mode
            else {"sampler_rng": sampler_gen.get_state(), "noise_rng": noise_gen.get_state()}
        )
        loop.save(
            epoch,
            student,
            state.optimizer.original_optimizer,
            {
                "steps": state.steps_taken[0],
                "accountant": dict(state.accountant.state_dict()),
                "epsilon_history": [[s, e] for s, e in history],
                **generators,
            },
        )
    if state.steps_taken[0] != total:
        raise TrainingError(f"took {state.steps_taken[0]} DP steps, planned {total}")
    return state


def _train_plain(
    student: LogitsModule,
    data: EncodedExamples,
    *,
    loop: EpochLoop,
    sampler: Sampler[int] | None,
) -> int:
    training = loop.training
    optimizer = torch.optim.AdamW(
        [p for p in student.parameters() if p.requires_grad], lr=training.learning_rate
    )
    loader_gen = _generator(training.seed + 1)
    loader = DataLoader(
        data,
        batch_size=loop.batch_size,
        shuffle=sampler is None,
        sampler=sampler,
        collate_fn=collate,
        generator=loader_gen,
    )
    steps = 0
    if loop.resume_from is not None:
        optimizer.load_state_dict(loop.resume_from.optimizer)
        steps = saved_value(loop.resume_from, "steps", int)
        loader_gen.set_state(saved_value(loop.resume_from, "loader_rng", torch.Tensor))
    planned = len(loader) * (loop.resume_from.epoch if loop.resume_from else 0)
    first = loop.first_epoch(steps=steps, planned_steps=planned)
    student.train()
    for epoch in range(first, training.epochs + 1):
        for batch in loader:
            optimizer.zero_grad()
            size = len(batch[0])
            total_loss = 0.0
            for ids, mask, targets, soft in _chunks(batch, training.physical_batch_size):
                loss = loop.criterion(student(ids, mask), targets, soft) * (len(ids) / size)
                loss.backward()
                total_loss += float(loss.detach())
            optimizer.step()
            steps += 1
            loop.advance(size, total_loss)
        loop.save(epoch, student, optimizer, {"steps": steps, "loader_rng": loader_gen.get_state()})
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
        dataset=dataset_digest(train),
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
                state = _train_private(
                    student,
                    data,
                    loop=loop,
                    dp=dp,
                    unsafe_noise_scale=unsafe_noise_scale,
                    history=history,
                )
                epsilon = float(state.accountant.get_epsilon(delta=dp.delta))
                steps, sigma, q = state.steps_taken[0], state.noise_multiplier, state.sample_rate
                clipping = state.clipping.value
                state.module._close()  # type: ignore[operator]
            else:
                steps = _train_plain(student, data, loop=loop, sampler=sampler)
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
