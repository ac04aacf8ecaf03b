"""``TrainingData``: what a student learns from, as the shared training loops see it.

Every student kind hands the loops the same four things: its encoded records, how a list of
records becomes a batch of tensors, the loss module, and how a batch becomes a loss. The
loops (:mod:`pipeline.student.epochs`) and the DP wiring (:mod:`pipeline.student.private`)
know nothing else about the kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch
from torch import nn
from torch.utils.data import Dataset

__all__ = ["ForwardLoss", "TrainingData"]

#: ``(module, criterion, batch) -> mean loss`` of one (physical) batch. Under DP the
#: criterion is Opacus' wrapper of :attr:`TrainingData.criterion` (ghost clipping needs it).
ForwardLoss = Callable[[nn.Module, Callable[..., Any], tuple[torch.Tensor, ...]], Any]


@dataclass(frozen=True)
class TrainingData:
    """The records a student trains on and how they become a loss.

    ``criterion`` reduces per-record losses by its ``reduction`` attribute ("mean"), which
    Opacus' ghost-clipping wrapper switches to "none" to get one loss per record.
    """

    dataset: Dataset[Any]
    collate_fn: Callable[[Any], tuple[torch.Tensor, ...]]
    criterion: nn.Module
    forward_loss: ForwardLoss

    def __len__(self) -> int:
        return len(self.dataset)  # type: ignore[arg-type]
