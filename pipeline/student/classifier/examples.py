"""Training examples for the student and their tensor form (dynamic padding)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch.utils.data import Dataset
from transformers import PreTrainedTokenizerBase

from governance.errors import TrainingError

__all__ = ["Batch", "EncodedExamples", "TrainExample", "collate", "encode_examples"]


@dataclass(frozen=True)
class TrainExample:
    """One distilled record: text, the teacher's label index and optional teacher probabilities."""

    example_id: str
    text: str
    label: int
    soft_label: tuple[float, ...] | None = None


#: (input_ids [B, T], attention_mask [B, T], targets [B, K], soft [B]) after :func:`collate`.
Batch = tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]


class EncodedExamples(Dataset[tuple[torch.Tensor, torch.Tensor, torch.Tensor]]):
    """Token ids, target distribution and soft flag of each example (unpadded)."""

    def __init__(self, ids: list[torch.Tensor], targets: torch.Tensor, soft: torch.Tensor) -> None:
        self.ids = ids
        self.targets = targets
        self.soft = soft

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        return self.ids[index], self.targets[index], self.soft[index]


def encode_examples(
    examples: Sequence[TrainExample],
    tokenizer: PreTrainedTokenizerBase,
    *,
    num_labels: int,
    max_length: int,
) -> EncodedExamples:
    """Tokenize (truncating to ``max_length``) and build one-hot or soft targets.

    Raises :class:`TrainingError` naming every malformed example id.
    """
    bad = [
        ex.example_id
        for ex in examples
        if not 0 <= ex.label < num_labels
        or (ex.soft_label is not None and len(ex.soft_label) != num_labels)
    ]
    if bad:
        raise TrainingError(
            f"{len(bad)} training example(s) have a label outside the {num_labels} labels "
            f"or a soft label of the wrong length: {', '.join(bad[:10])}"
        )
    encoded = tokenizer(
        [ex.text for ex in examples], truncation=True, max_length=max_length, padding=False
    )
    ids = [torch.tensor(row, dtype=torch.long) for row in encoded["input_ids"]]
    targets = torch.zeros(len(examples), num_labels, dtype=torch.float32)
    soft = torch.zeros(len(examples), dtype=torch.bool)
    for i, ex in enumerate(examples):
        if ex.soft_label is not None:
            probs = torch.tensor(ex.soft_label, dtype=torch.float32).clamp_min(0.0)
            total = float(probs.sum())
            if total <= 0.0:
                raise TrainingError(f"example {ex.example_id} has an all-zero soft label")
            targets[i] = probs / total
            soft[i] = True
        else:
            targets[i, ex.label] = 1.0
    return EncodedExamples(ids, targets, soft)


def collate(items: list[tuple[torch.Tensor, torch.Tensor, torch.Tensor]]) -> Batch:
    """Pad a list of examples to the longest one (pad id 0, as in BERT vocabularies)."""
    length = max((len(ids) for ids, _, _ in items), default=1)
    input_ids = torch.zeros(len(items), length, dtype=torch.long)
    mask = torch.zeros(len(items), length, dtype=torch.long)
    for row, (ids, _, _) in enumerate(items):
        input_ids[row, : len(ids)] = ids
        mask[row, : len(ids)] = 1
    targets = torch.stack([t for _, t, _ in items]) if items else torch.zeros(0, 1)
    soft = torch.stack([s for _, _, s in items]) if items else torch.zeros(0, dtype=torch.bool)
    return input_ids, mask, targets, soft
