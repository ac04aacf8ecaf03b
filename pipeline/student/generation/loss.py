"""Per-example answer loss: mean cross-entropy over that example's answer tokens."""

from __future__ import annotations

import torch
import torch.nn.functional as F  # noqa: N812
from torch import nn

from pipeline.student.generation.examples import IGNORE_INDEX

__all__ = ["AnswerTokenLoss"]


class AnswerTokenLoss(nn.Module):
    """``loss_b = mean_j CE(logits[b, j], labels[b, j])`` over labels != IGNORE_INDEX.

    The privacy unit is the record, so each example contributes one loss whatever its
    answer's length. ``reduction`` ("mean", "sum" or "none") is an attribute because Opacus'
    ghost-clipping wrapper switches it to "none" to get per-example losses.
    """

    def __init__(self, reduction: str = "mean") -> None:
        super().__init__()
        self.reduction = reduction

    def forward(self, logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        tokens = F.cross_entropy(
            logits.transpose(1, 2), labels, ignore_index=IGNORE_INDEX, reduction="none"
        )
        counts = (labels != IGNORE_INDEX).sum(dim=1).clamp_min(1)
        per_example = tokens.sum(dim=1) / counts
        if self.reduction == "none":
            return per_example
        if self.reduction == "sum":
            return per_example.sum()
        return per_example.mean()
