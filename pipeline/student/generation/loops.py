"""The two training loops of a generation student (DP-SGD and non-private) and resuming.

Both loops take the same :class:`LoopSetup`, write a checkpoint after every epoch
(``checkpoints/last.pt`` through :mod:`pipeline.student.checkpoint`: trainable weights,
optimizer, RNG states, accountant) and, with ``resume``, continue after the epoch of a
checkpoint whose fingerprint matches this run.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from opacus.utils.batch_memory_manager import BatchMemoryManager
from torch.utils.data import DataLoader

from governance.errors import TrainingError
from governance.privacy.accounting import noise_for
from pipeline.jobs import ClippingMode, TrainingSettings
from pipeline.student.checkpoint import (
    load_checkpoint,
    save_checkpoint,
    training_fingerprint,
)
from pipeline.student.dp_plan import DpPlan
from pipeline.student.generation.examples import EncodedAnswers, GenBatch, collate_answers
from pipeline.student.generation.loss import AnswerTokenLoss
from pipeline.student.generation.model import AnswerLogits
from pipeline.student.private import make_private, secure_generator
from pipeline.student.progress import TrainingProgress
from pipeline.student.resume import restore_accountant, restore_weights, saved_value
from pipeline.student.train import HISTORY_POINTS, seed_everything

__all__ = [
    "LoopOutcome",
    "LoopSetup",
    "seed_everything",
    "train_answers_plain",
    "train_answers_private",
]

logger = logging.getLogger(__name__)

_RESTART_HINT = "delete student/checkpoints/last.pt to train from the start"


@dataclass
class LoopSetup:
    """What both loops need."""

    student: AnswerLogits
    data: EncodedAnswers
    training: TrainingSettings
    batch_size: int
    out_dir: Path
    pad_id: int
    resume: bool
    fingerprint_parts: Mapping[str, Any]
    criterion: AnswerTokenLoss = field(default_factory=AnswerTokenLoss)

    def collate(self, items: list[tuple[torch.Tensor, torch.Tensor]]) -> GenBatch:
        return collate_answers(items, self.pad_id)


@dataclass
class LoopOutcome:
    """What a loop did: steps, noise, sampling rate, ε (inf without DP) and checkpoints."""

    steps: int
    epsilon: float
    noise_multiplier: float
    sample_rate: float
    clipping: str
    history: list[tuple[int, float]] = field(default_factory=list)
    checkpoints: list[str] = field(default_factory=list)
    resumed_from_epoch: int | None = None


def _chunks(batch: GenBatch, size: int) -> Iterator[GenBatch]:
    for start in range(0, len(batch[0]), size):
        ids, mask, positions, labels = (t[start : start + size] for t in batch)
        yield ids, mask, positions, labels


class _Checkpoints:
    """Fingerprinted save after each epoch; the matching checkpoint to resume from."""

    def __init__(self, setup: LoopSetup) -> None:
        self.setup = setup
        self.fingerprint = training_fingerprint(**setup.fingerprint_parts)
        self.paths: list[str] = []
        self.resume_from = (
            load_checkpoint(setup.out_dir, fingerprint=self.fingerprint) if setup.resume else None
        )
        if self.resume_from is not None:
            restore_weights(setup.student, self.resume_from.model)

    @property
    def resumed_from_epoch(self) -> int | None:
        return None if self.resume_from is None else self.resume_from.epoch

    def first_epoch(self, *, steps: int, steps_per_epoch: int) -> int:
        if self.resume_from is None:
            return 1
        epoch = self.resume_from.epoch
        if epoch > self.setup.training.epochs or steps != steps_per_epoch * epoch:
            raise TrainingError(
                f"checkpoint of epoch {epoch} disagrees with the plan: {steps} steps taken, "
                f"{steps_per_epoch * epoch} planned by then",
                hint=_RESTART_HINT,
            )
        torch.set_rng_state(saved_value(self.resume_from, "torch_rng", torch.Tensor))
        logger.info("generation training resumes after epoch %d (step %d)", epoch, steps)
        return epoch + 1

    def save(self, epoch: int, optimizer: torch.optim.Optimizer, extra: Mapping[str, Any]) -> None:
        self.paths.append(
            save_checkpoint(
                self.setup.out_dir,
                epoch=epoch,
                fingerprint=self.fingerprint,
                model=self.setup.student,
                optimizer=optimizer,
                extra={"torch_rng": torch.get_rng_state(), **extra},
            )
        )


def train_answers_private(
    setup: LoopSetup,
    *,
    dp: DpPlan,
    clipping: ClippingMode,
    bar: TrainingProgress,
    unsafe_noise_scale: float,
) -> LoopOutcome:
    """DP-SGD at ``q = batch_size / N`` with σ for the target ε over exactly the planned steps."""
    assert dp.target_epsilon is not None
    training, data = setup.training, setup.data
    q = setup.batch_size / len(data)
    steps_per_epoch = max(1, int(1 / q))
    total = steps_per_epoch * training.epochs
    sigma = noise_for(dp.target_epsilon, q, total, dp.delta, accountant=dp.accountant)
    every = max(1, total // HISTORY_POINTS)
    if dp.secure_mode:
        sampler_gen, noise_gen = secure_generator(), secure_generator()
    else:
        sampler_gen = torch.Generator().manual_seed(training.seed + 1)
        noise_gen = torch.Generator().manual_seed(training.seed + 2)
    saver = _Checkpoints(setup)
    optimizer = torch.optim.AdamW(
        [p for p in setup.student.parameters() if p.requires_grad], lr=training.learning_rate
    )
    if saver.resume_from is not None:
        optimizer.load_state_dict(saver.resume_from.optimizer)
    history: list[tuple[int, float]] = []
    holder: list[Any] = []

    def _on_step(step: int) -> None:
        if step % every == 0 or step == total:
            history.append((step, float(holder[0].accountant.get_epsilon(delta=dp.delta))))
            bar.epsilon = history[-1][1]

    state = make_private(
        setup.student,
        optimizer,
        data,
        collate_fn=setup.collate,
        criterion=setup.criterion,
        batch_size=setup.batch_size,
        noise_multiplier=sigma,
        max_grad_norm=dp.max_grad_norm,
        clipping=clipping,
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
    if saver.resume_from is not None:
        steps = restore_accountant(state, saver.resume_from, history)
        if not dp.secure_mode:
            sampler_gen.set_state(saved_value(saver.resume_from, "sampler_rng", torch.Tensor))
            noise_gen.set_state(saved_value(saver.resume_from, "noise_rng", torch.Tensor))
    first = saver.first_epoch(steps=steps, steps_per_epoch=steps_per_epoch)
    state.module.train()
    for epoch in range(first, training.epochs + 1):
        with BatchMemoryManager(
            data_loader=state.loader,
            max_physical_batch_size=training.physical_batch_size,
            optimizer=state.optimizer,
        ) as loader:
            for ids, mask, positions, labels in loader:
                state.optimizer.zero_grad()
                loss = state.criterion(state.module(ids, mask, positions), labels)
                loss.backward()
                state.optimizer.step()
                bar.advance(len(ids), float(loss.detach()) if len(ids) else math.nan)
        generators = (
            {}
            if dp.secure_mode
            else {"sampler_rng": sampler_gen.get_state(), "noise_rng": noise_gen.get_state()}
        )
        saver.save(
            epoch,
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
    epsilon = float(state.accountant.get_epsilon(delta=dp.delta))
    state.module._close()  # type: ignore[operator]
    return LoopOutcome(
        steps=total,
        epsilon=epsilon,
        noise_multiplier=sigma,
        sample_rate=q,
        clipping=state.clipping.value,
        history=history,
        checkpoints=saver.paths,
        resumed_from_epoch=saver.resumed_from_epoch,
    )


def train_answers_plain(setup: LoopSetup, *, bar: TrainingProgress) -> LoopOutcome:
    """Non-private AdamW over shuffled batches (ε = inf)."""
    training, student = setup.training, setup.student
    saver = _Checkpoints(setup)
    optimizer = torch.optim.AdamW(
        [p for p in student.parameters() if p.requires_grad], lr=training.learning_rate
    )
    loader_gen = torch.Generator().manual_seed(training.seed + 1)
    loader = DataLoader(
        setup.data,
        batch_size=setup.batch_size,
        shuffle=True,
        collate_fn=setup.collate,
        generator=loader_gen,
    )
    steps = 0
    if saver.resume_from is not None:
        optimizer.load_state_dict(saver.resume_from.optimizer)
        steps = saved_value(saver.resume_from, "steps", int)
        loader_gen.set_state(saved_value(saver.resume_from, "loader_rng", torch.Tensor))
    first = saver.first_epoch(steps=steps, steps_per_epoch=len(loader))
    student.train()
    for epoch in range(first, training.epochs + 1):
        for batch in loader:
            optimizer.zero_grad()
            size = len(batch[0])
            total_loss = 0.0
            for ids, mask, positions, labels in _chunks(batch, training.physical_batch_size):
                loss = setup.criterion(student(ids, mask, positions), labels) * (len(ids) / size)
                loss.backward()
                total_loss += float(loss.detach())
            optimizer.step()
            steps += 1
            bar.advance(size, total_loss)
        saver.save(epoch, optimizer, {"steps": steps, "loader_rng": loader_gen.get_state()})
    return LoopOutcome(
        steps=steps,
        epsilon=math.inf,
        noise_multiplier=0.0,
        sample_rate=setup.batch_size / len(setup.data),
        clipping="none",
        checkpoints=saver.paths,
        resumed_from_epoch=saver.resumed_from_epoch,
    )
