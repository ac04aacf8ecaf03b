"""Masked mean pooling, shared by the embedding teacher and the mean-pooling student."""

from __future__ import annotations

import torch

__all__ = ["masked_mean"]


def masked_mean(hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    """Mean of ``hidden`` ``[B, T, H]`` over the positions where ``attention_mask`` is 1.

    >>> h = torch.tensor([[[1.0], [3.0], [100.0]]]); m = torch.tensor([[1, 1, 0]])
    >>> masked_mean(h, m).tolist()
    [[2.0]]
    """
    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp_min(1.0)
