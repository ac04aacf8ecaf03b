"""The answer format: prompts are cut, answers kept; only answer tokens carry loss."""

from __future__ import annotations

import pytest
import torch
from transformers import AutoTokenizer

from pipeline.student.generation.examples import (
    IGNORE_INDEX,
    AnswerFormat,
    collate_answers,
    encode_answers,
)
from pipeline.student.generation.loss import AnswerTokenLoss
from pipeline.teacher.minilm import minilm_path


@pytest.fixture(scope="module")
def tokenizer() -> AutoTokenizer:
    return AutoTokenizer.from_pretrained(minilm_path(), local_files_only=True)


def test_prompt_is_cut_answer_is_kept(tokenizer: AutoTokenizer) -> None:
    long_prompt = "refund " * 50
    data = encode_answers([long_prompt], ["summary: billing issue"], tokenizer, max_length=16)
    ids, start = data[0]
    assert len(ids) == 16
    text = tokenizer.decode(ids)
    assert text.endswith("[SEP] summary : billing issue [SEP]")
    assert text.startswith("[CLS] refund refund")
    assert tokenizer.decode(ids[int(start) :]) == "summary : billing issue [SEP]"


def test_too_long_answer_is_cut_with_a_warning(
    tokenizer: AutoTokenizer, caplog: pytest.LogCaptureFixture
) -> None:
    data = encode_answers(["p"], ["word " * 40], tokenizer, max_length=12)
    ids, start = data[0]
    assert len(ids) == 12 and int(start) == 2  # no prompt token left: [CLS] [SEP] answer [SEP]
    assert "1 answer(s) longer than max_length=12 tokens were cut" in caplog.text


def test_collate_positions_predict_the_next_token(tokenizer: AutoTokenizer) -> None:
    fmt = AnswerFormat.from_tokenizer(tokenizer)
    data = encode_answers(["a b c", "x"], ["yes", "no way"], tokenizer, max_length=32)
    ids, mask, positions, labels = collate_answers([data[0], data[1]], fmt.pad_id)
    for row in range(2):
        valid = labels[row] != IGNORE_INDEX
        # each label is the token right after its source position
        assert torch.equal(ids[row, positions[row, valid] + 1], labels[row, valid])
        assert int(labels[row, valid][-1]) == fmt.end_id
        assert int(mask[row].sum()) == len(data[row][0])
    assert int((labels[0] != IGNORE_INDEX).sum()) == 2  # "yes" + end
    assert int((labels[1] != IGNORE_INDEX).sum()) == 3  # "no way" + end


def test_loss_is_the_mean_over_each_examples_answer_tokens() -> None:
    logits = torch.randn(2, 3, 5)
    labels = torch.tensor([[1, 2, IGNORE_INDEX], [0, 4, 3]])
    per_token = torch.nn.functional.cross_entropy(
        logits.reshape(-1, 5), labels.clamp_min(0).reshape(-1), reduction="none"
    ).reshape(2, 3)
    expected = torch.stack([per_token[0, :2].mean(), per_token[1].mean()])
    torch.testing.assert_close(AnswerTokenLoss("none")(logits, labels), expected)
    torch.testing.assert_close(AnswerTokenLoss("sum")(logits, labels), expected.sum())
    torch.testing.assert_close(AnswerTokenLoss()(logits, labels), expected.mean())
