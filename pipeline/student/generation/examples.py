"""Generation records and their token form: ``[CLS] prompt [SEP] answer [SEP]``.

The student reads the redacted record (the prompt), then writes the teacher's answer and an
end token. Only answer tokens (and the end token) carry loss. Training, scoring and
generation all format text through :class:`AnswerFormat`, so they agree on every token.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch.utils.data import Dataset
from transformers import PreTrainedTokenizerBase

from governance.errors import ConfigError, TrainingError

__all__ = [
    "IGNORE_INDEX",
    "AnswerFormat",
    "EncodedAnswers",
    "GenBatch",
    "GenExample",
    "collate_answers",
    "encode_answers",
]

logger = logging.getLogger(__name__)

#: Label of positions that carry no loss (padding).
IGNORE_INDEX = -100


@dataclass(frozen=True)
class GenExample:
    """One distilled generation record: the redacted prompt and the teacher's answer.

    ``prompt`` and ``target`` are kept out of ``repr`` so that logging a record never shows it.
    """

    example_id: str
    prompt: str
    target: str

    def __repr__(self) -> str:
        return f"GenExample(example_id={self.example_id!r})"


@dataclass(frozen=True)
class AnswerFormat:
    """Special token ids of the format (BERT vocabularies: [CLS], [SEP], [PAD])."""

    start_id: int
    sep_id: int
    end_id: int
    pad_id: int

    @classmethod
    def from_tokenizer(cls, tokenizer: PreTrainedTokenizerBase) -> AnswerFormat:
        """[CLS]/[SEP] where the vocabulary has them, else BOS/EOS."""
        start = tokenizer.cls_token_id if tokenizer.cls_token_id is not None else None
        start = start if start is not None else tokenizer.bos_token_id
        sep = tokenizer.sep_token_id if tokenizer.sep_token_id is not None else None
        sep = sep if sep is not None else tokenizer.eos_token_id
        pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
        if start is None or sep is None:
            raise ConfigError(
                "the student tokenizer has neither [CLS]/[SEP] nor BOS/EOS tokens",
                hint="use a BERT-family init folder (or 'minilm' / 'scratch')",
            )
        return cls(start_id=int(start), sep_id=int(sep), end_id=int(sep), pad_id=int(pad))

    def sequence(
        self, prompt_ids: Sequence[int], answer_ids: Sequence[int], *, with_end: bool
    ) -> list[int]:
        """``[start] prompt [sep] answer ([end])``."""
        tail = [self.end_id] if with_end else []
        return [self.start_id, *prompt_ids, self.sep_id, *answer_ids, *tail]


def _ids(tokenizer: PreTrainedTokenizerBase, texts: Sequence[str]) -> list[list[int]]:
    if not texts:
        return []
    rows: list[list[int]] = tokenizer(list(texts), add_special_tokens=False)["input_ids"]
    return rows


class EncodedAnswers(Dataset[tuple[torch.Tensor, torch.Tensor]]):
    """Token ids of each example and the index where its answer starts (unpadded)."""

    def __init__(self, ids: list[torch.Tensor], answer_starts: list[int]) -> None:
        self.ids = ids
        self.answer_starts = answer_starts

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: int) -> tuple[torch.Tensor, torch.Tensor]:
        return self.ids[index], torch.tensor(self.answer_starts[index], dtype=torch.long)


def encode_answers(
    prompts: Sequence[str],
    answers: Sequence[str],
    tokenizer: PreTrainedTokenizerBase,
    *,
    max_length: int,
    with_end: bool = True,
) -> EncodedAnswers:
    """Tokenize prompt/answer pairs into at most ``max_length`` tokens each.

    Prompts are cut (their head is kept) to make room for the whole answer; an answer that
    alone does not fit is cut too, and counted in one warning.
    """
    if len(prompts) != len(answers):
        raise TrainingError(f"{len(prompts)} prompts but {len(answers)} answers")
    if max_length < 4:
        raise ConfigError(f"max_length must be at least 4 for generation, got {max_length}")
    fmt = AnswerFormat.from_tokenizer(tokenizer)
    specials = 3 if with_end else 2
    cut_answers = 0
    ids: list[torch.Tensor] = []
    starts: list[int] = []
    for prompt_ids, answer_ids in zip(
        _ids(tokenizer, prompts), _ids(tokenizer, answers), strict=True
    ):
        if len(answer_ids) > max_length - specials:
            answer_ids = answer_ids[: max_length - specials]
            cut_answers += 1
        prompt_ids = prompt_ids[: max_length - specials - len(answer_ids)]
        row = fmt.sequence(prompt_ids, answer_ids, with_end=with_end)
        ids.append(torch.tensor(row, dtype=torch.long))
        starts.append(len(prompt_ids) + 2)
    if cut_answers:
        logger.warning(
            "%d answer(s) longer than max_length=%d tokens were cut", cut_answers, max_length
        )
    return EncodedAnswers(ids, starts)


#: (input_ids [B, T], attention_mask [B, T], source positions [B, A], labels [B, A]).
#: Row b predicts ``labels[b, j]`` from the hidden state at ``positions[b, j]``; padded
#: answer slots have label :data:`IGNORE_INDEX`.
GenBatch = tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]


def collate_answers(items: list[tuple[torch.Tensor, torch.Tensor]], pad_id: int = 0) -> GenBatch:
    """Right-pad a list of encoded examples; gather the answer positions and labels."""
    length = max((len(ids) for ids, _ in items), default=2)
    answer = max((len(ids) - int(start) for ids, start in items), default=1)
    answer = max(answer, 1)
    input_ids = torch.full((len(items), length), pad_id, dtype=torch.long)
    mask = torch.zeros(len(items), length, dtype=torch.long)
    positions = torch.zeros(len(items), answer, dtype=torch.long)
    labels = torch.full((len(items), answer), IGNORE_INDEX, dtype=torch.long)
    for row, (ids, start_t) in enumerate(items):
        start = int(start_t)
        input_ids[row, : len(ids)] = ids
        mask[row, : len(ids)] = 1
        count = len(ids) - start
        positions[row, :count] = torch.arange(start - 1, len(ids) - 1)
        labels[row, :count] = ids[start:]
    return input_ids, mask, positions, labels
