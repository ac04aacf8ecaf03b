"""The two epoch loops every student trains with: DP-SGD through Opacus, and plain AdamW.

Both loops are the same for every student kind; what differs is carried by
:class:`~pipeline.student.data.TrainingData`: the batch (a tuple of tensors, its collate
function), the loss module and how a batch becomes a loss (``forward_loss(module,
criterion, batch)``, the mean loss over the batch's records). Both write a checkpoint after
every epoch through :class:`~pipeline.student.resume.EpochLoop` and, when it holds a
checkpoint to resume from, continue after its epoch with the optimizer, RNG, sampler and
noise generator states, accountant history and step counter it saved.

The DP loop samples with Poisson rate ``q = batch_size / N``, takes ``int(1 / q)`` steps per
epoch, chooses σ for the target ε over exactly the planned steps and refuses to end with
another step count.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import torch
from opacus.accountants import IAccountant
from opacus.utils.batch_memory_manager import BatchMemoryManager
from torch import nn
from torch.utils.data import DataLoader, Sampler

from governance.errors import TrainingError
from governance.policy.jobs import ClippingMode
from governance.privacy.accounting import noise_for
from pipeline.student.data import ForwardLoss, TrainingData
from pipeline.student.dp_plan import DpPlan
from pipeline.student.private import DpSgdSpec, PrivateTraining, make_private, secure_generator
from pipeline.student.progress import TrainingProgress
from pipeline.student.resume import EpochLoop, restore_accountant, saved_value

__all__ = ["HISTORY_POINTS", "train_plain_epochs", "train_private_epochs"]

#: About how many (step, ε) points ``epsilon_history`` holds (plus the last step).
HISTORY_POINTS = 8


def _generator(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def _chunks(batch: tuple[torch.Tensor, ...], size: int) -> Iterator[tuple[torch.Tensor, ...]]:
    for start in range(0, len(batch[0]), size):
        yield tuple(t[start : start + size] for t in batch)


@dataclass
class _EpsilonTrace:
    """``on_step`` of the DP loop: records about :data:`HISTORY_POINTS` (step, ε) points."""

    history: list[tuple[int, float]]
    every: int
    total: int
    delta: float
    bar: TrainingProgress
    accountant: IAccountant | None = None

    def __call__(self, step: int) -> None:
        if step % self.every == 0 or step == self.total:
            assert self.accountant is not None
            self.history.append((step, float(self.accountant.get_epsilon(delta=self.delta))))
            self.bar.epsilon = self.history[-1][1]


def _mechanism(
    dp: DpPlan, clipping: ClippingMode, *, noise_multiplier: float, batch_size: int, seed: int
) -> DpSgdSpec:
    """The run's DP-SGD spec; sampling and noise generators are seeded unless secure."""
    if dp.secure_mode:
        sampler_gen, noise_gen = secure_generator(), secure_generator()
    else:
        sampler_gen, noise_gen = _generator(seed + 1), _generator(seed + 2)
    return DpSgdSpec(
        noise_multiplier=noise_multiplier,
        max_grad_norm=dp.max_grad_norm,
        batch_size=batch_size,
        clipping=clipping,
        accountant=dp.accountant.value,
        secure_mode=dp.secure_mode,
        sampler_generator=sampler_gen,
        noise_generator=noise_gen,
    )


def _generator_states(spec: DpSgdSpec) -> dict[str, torch.Tensor]:
    """The sampler and noise generator states a checkpoint keeps (none in secure mode)."""
    if spec.secure_mode:
        return {}
    return {
        "sampler_rng": spec.sampler_generator.get_state(),
        "noise_rng": spec.noise_generator.get_state(),
    }


def _resume_private(
    state: PrivateTraining, spec: DpSgdSpec, loop: EpochLoop, history: list[tuple[int, float]]
) -> int:
    """Restore the accountant, ε history and generators from ``loop.resume_from``; the steps."""
    if loop.resume_from is None:
        return 0
    steps = restore_accountant(state, loop.resume_from, history)
    if not spec.secure_mode:
        spec.sampler_generator.set_state(saved_value(loop.resume_from, "sampler_rng", torch.Tensor))
        spec.noise_generator.set_state(saved_value(loop.resume_from, "noise_rng", torch.Tensor))
    return steps


def _private_epoch(state: PrivateTraining, loop: EpochLoop, forward_loss: ForwardLoss) -> None:
    """One epoch of Poisson batches, split into physical batches by Opacus."""
    with BatchMemoryManager(
        data_loader=state.loader,
        max_physical_batch_size=loop.training.physical_batch_size,
        optimizer=state.optimizer,
    ) as loader:
        for batch in loader:
            state.optimizer.zero_grad()
            loss = forward_loss(state.module, state.criterion, tuple(batch))
            loss.backward()
            state.optimizer.step()
            loop.advance(len(batch[0]), float(loss.detach()) if len(batch[0]) else math.nan)


def train_private_epochs(
    student: nn.Module,
    data: TrainingData,
    *,
    loop: EpochLoop,
    dp: DpPlan,
    clipping: ClippingMode,
    unsafe_noise_scale: float,
    history: list[tuple[int, float]],
) -> PrivateTraining:
    """DP-SGD over ``loop.training.epochs`` epochs; ``history`` gets (step, ε) points."""
    assert dp.target_epsilon is not None
    training, batch_size = loop.training, loop.batch_size
    q = batch_size / len(data)
    steps_per_epoch = max(1, int(1 / q))
    total = steps_per_epoch * training.epochs
    sigma = noise_for(dp.target_epsilon, q, total, dp.delta, accountant=dp.accountant)
    trace = _EpsilonTrace(history, max(1, total // HISTORY_POINTS), total, dp.delta, loop.bar)
    spec = _mechanism(
        dp, clipping, noise_multiplier=sigma, batch_size=batch_size, seed=training.seed
    )
    params = [p for p in student.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=training.learning_rate)
    if loop.resume_from is not None:
        optimizer.load_state_dict(loop.resume_from.optimizer)
    state = make_private(
        student, optimizer, data, spec=spec, on_step=trace, unsafe_noise_scale=unsafe_noise_scale
    )
    trace.accountant = state.accountant
    if len(state.loader) != steps_per_epoch:
        raise TrainingError(
            f"Poisson loader yields {len(state.loader)} batches per epoch, planned "
            f"{steps_per_epoch}; refusing to train with inconsistent accounting"
        )
    steps = _resume_private(state, spec, loop, history)
    first = loop.first_epoch(
        steps=steps,
        planned_steps=steps_per_epoch * (loop.resume_from.epoch if loop.resume_from else 0),
        epsilon=history[-1][1] if history else math.nan,
    )
    state.module.train()
    for epoch in range(first, training.epochs + 1):
        _private_epoch(state, loop, data.forward_loss)
        loop.save(
            epoch,
            student,
            state.optimizer.original_optimizer,
            {
                "steps": state.steps_taken[0],
                "accountant": dict(state.accountant.state_dict()),
                "epsilon_history": [[s, e] for s, e in history],
                **_generator_states(spec),
            },
        )
    if state.steps_taken[0] != total:
        raise TrainingError(f"took {state.steps_taken[0]} DP steps, planned {total}")
    return state


def train_plain_epochs(
    student: nn.Module,
    data: TrainingData,
    *,
    loop: EpochLoop,
    sampler: Sampler[int] | None = None,
) -> int:
    """Non-private AdamW over shuffled batches (or ``sampler``'s order); the steps taken."""
    training = loop.training
    optimizer = torch.optim.AdamW(
        [p for p in student.parameters() if p.requires_grad], lr=training.learning_rate
    )
    loader_gen = _generator(training.seed + 1)
    loader = DataLoader(
        data.dataset,
        batch_size=loop.batch_size,
        shuffle=sampler is None,
        sampler=sampler,
        collate_fn=data.collate_fn,
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
            for chunk in _chunks(tuple(batch), training.physical_batch_size):
                loss = data.forward_loss(student, data.criterion, chunk) * (len(chunk[0]) / size)
                loss.backward()
                total_loss += float(loss.detach())
            optimizer.step()
            steps += 1
            loop.advance(size, total_loss)
        loop.save(epoch, student, optimizer, {"steps": steps, "loader_rng": loader_gen.get_state()})
    return steps
