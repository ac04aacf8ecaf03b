"""The student's loss: cross-entropy on hard labels, temperature-scaled KL on soft labels."""

from __future__ import annotations

import torch
import torch.nn.functional as F  # noqa: N812
from torch import nn

__all__ = ["DistillationLoss"]


class DistillationLoss(nn.Module):
    """Per-example loss, reduced by ``reduction`` ("mean", "sum" or "none").

    Rows with ``soft`` set use Hinton et al.'s ``T² · KL(p_teacher^T ‖ p_student^T)`` where
    ``p^T`` is the distribution softened at temperature ``T``; other rows use cross-entropy
    against their one-hot target. ``reduction`` is an attribute because Opacus' ghost-clipping
    wrapper switches it to "none" to get per-example losses.
    """

    def __init__(self, temperature: float, reduction: str = "mean") -> None:
        super().__init__()
        self.temperature = temperature
        self.reduction = reduction

    def forward(
        self, logits: torch.Tensor, targets: torch.Tensor, soft: torch.Tensor
    ) -> torch.Tensor:
        t = self.temperature
        hard_loss = -(targets * F.log_softmax(logits, dim=-1)).sum(dim=-1)
        teacher_t = F.softmax(torch.log(targets.clamp_min(1e-12)) / t, dim=-1)
        student_t = F.log_softmax(logits / t, dim=-1)
        kl = (teacher_t * (torch.log(teacher_t.clamp_min(1e-12)) - student_t)).sum(dim=-1)
        per_example = torch.where(soft, (t * t) * kl, hard_loss)
        if self.reduction == "none":
            return per_example
        if self.reduction == "sum":
            return per_example.sum()
        return per_example.mean()
