"""Resuming student training: the shared epoch loop state, and restoring a checkpoint.

:class:`EpochLoop` carries what both training loops (DP and plain) share: settings, the
progress bar, the checkpoint written after every epoch and, when resuming, the checkpoint to
continue from. The ``restore_*`` functions put a checkpoint's state back and refuse one that
disagrees with the plan, so a resumed DP run accounts exactly the steps it planned.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import torch
from torch import nn

from governance.errors import TrainingError
from governance.policy.jobs import TrainingSettings
from pipeline.student.checkpoint import Checkpoint, save_checkpoint
from pipeline.student.private import PrivateTraining
from pipeline.student.progress import TrainingProgress

__all__ = [
    "EpochLoop",
    "dataset_digest",
    "restore_accountant",
    "restore_weights",
    "saved_value",
]

logger = logging.getLogger(__name__)

_T = TypeVar("_T")

_START_OVER = "delete checkpoints/last.pt in the student folder to train from the start"


def dataset_digest(rows: Iterable[Sequence[object]]) -> str:
    """SHA-256 over the training examples in order, one JSON line of fields per example
    (a classifier's: id, text, label, soft label; a generator's: id, prompt, answer)."""
    digest = hashlib.sha256()
    for row in rows:
        digest.update(json.dumps(list(row), ensure_ascii=False).encode("utf-8") + b"\n")
    return digest.hexdigest()


def saved_value(checkpoint: Checkpoint, key: str, kind: type[_T]) -> _T:
    """``checkpoint.extra[key]`` when it is a ``kind``; :class:`TrainingError` otherwise."""
    value = checkpoint.extra.get(key)
    if not isinstance(value, kind):
        raise TrainingError(
            f"checkpoint of epoch {checkpoint.epoch} lacks a valid '{key}'",
            hint=_START_OVER,
        )
    return value


def restore_weights(student: nn.Module, weights: Mapping[str, torch.Tensor]) -> None:
    """Load checkpointed weights; they must name exactly the student's trainable parameters."""
    trainable = {name for name, p in student.named_parameters() if p.requires_grad}
    if set(weights) != trainable:
        raise TrainingError(
            "checkpoint weights do not match the student's trainable parameters",
            hint=_START_OVER,
        )
    student.load_state_dict(weights, strict=False)


@dataclass
class EpochLoop:
    """What both training loops share: settings, progress and checkpointing (and resuming)."""

    training: TrainingSettings
    batch_size: int
    bar: TrainingProgress
    out_dir: Path
    fingerprint: str
    resume_from: Checkpoint | None
    checkpoints: list[str] = field(default_factory=list)
    examples: int = 0

    def advance(self, examples: int, loss: float) -> None:
        """Count a (physical) batch of ``examples`` with mean ``loss``."""
        self.examples += examples
        self.bar.advance(examples, loss)

    def first_epoch(self, *, steps: int, planned_steps: int, epsilon: float = math.nan) -> int:
        """The epoch to start at; on resume, check the step count and restore RNG and bar."""
        if self.resume_from is None:
            return 1
        epoch = self.resume_from.epoch
        if epoch > self.training.epochs or steps != planned_steps:
            raise TrainingError(
                f"checkpoint of epoch {epoch} disagrees with the plan: {steps} steps taken, "
                f"{planned_steps} planned by then, {self.training.epochs} epochs in all",
                hint=_START_OVER,
            )
        torch.set_rng_state(saved_value(self.resume_from, "torch_rng", torch.Tensor))
        self.examples = saved_value(self.resume_from, "examples", int)
        # the bar shows the resumed position; its ex/s counts this session's examples only
        self.bar.advance(self.examples, math.nan)
        self.bar.examples -= self.examples
        self.bar.epsilon = epsilon
        logger.info("student training resumes after epoch %d (step %d)", epoch, steps)
        return epoch + 1

    def save(
        self,
        epoch: int,
        model: nn.Module,
        optimizer: torch.optim.Optimizer,
        extra: Mapping[str, Any],
    ) -> None:
        """Checkpoint ``epoch`` (with examples seen, torch RNG state and ``extra``)."""
        state = {"examples": self.examples, "torch_rng": torch.get_rng_state(), **extra}
        self.checkpoints.append(
            save_checkpoint(
                self.out_dir,
                epoch=epoch,
                fingerprint=self.fingerprint,
                model=model,
                optimizer=optimizer,
                extra=state,
            )
        )


def restore_accountant(
    state: PrivateTraining, checkpoint: Checkpoint, history: list[tuple[int, float]]
) -> int:
    """Load the accountant history and ε history; return the DP steps taken so far."""
    steps = saved_value(checkpoint, "steps", int)
    try:
        state.accountant.load_state_dict(saved_value(checkpoint, "accountant", dict))
    except ValueError as exc:
        raise TrainingError(f"checkpoint accountant state is unusable: {exc}") from exc
    entries = state.accountant.history
    planned = (state.noise_multiplier, state.sample_rate)
    if sum(int(n) for _, _, n in entries) != steps or any(
        (float(sigma), float(q)) != planned for sigma, q, _ in entries
    ):
        raise TrainingError(
            f"checkpoint accountant history {entries} disagrees with the plan: {steps} steps "
            f"at σ={planned[0]}, q={planned[1]}",
            hint=_START_OVER,
        )
    history.extend((int(s), float(e)) for s, e in saved_value(checkpoint, "epsilon_history", list))
    state.steps_taken[0] = steps
    return steps
