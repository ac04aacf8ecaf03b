"""The transformers teacher, on tiny randomly initialised models saved to tmp_path."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import torch
from transformers import (
    AutoTokenizer,
    BertConfig,
    BertForSequenceClassification,
    GPT2Config,
    GPT2LMHeadModel,
)

from governance.errors import ConfigError
from governance.policy.jobs import TeacherSettings
from governance.policy.models import TeacherProvider
from pipeline.teacher.base import TaskSpec, TeacherRequest, TeacherResponse, build_prompt
from pipeline.teacher.hf_local import HfLocalTeacher
from pipeline.teacher.minilm import minilm_path
from pipeline.teacher.registry import create_teacher

LABELS = ("billing", "refund", "login")
CLASSIFY = TaskSpec(kind="classification", labels=LABELS, instructions="Classify.")
GENERATE = TaskSpec(kind="generation", labels=(), instructions="Summarise.")


def _tokenizer_into(folder: Path) -> int:
    tokenizer = AutoTokenizer.from_pretrained(minilm_path(), local_files_only=True)
    tokenizer.save_pretrained(folder)
    return int(tokenizer.vocab_size)


@pytest.fixture
def classifier_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "clf"
    vocab = _tokenizer_into(folder)
    torch.manual_seed(0)
    order = ("login", "billing", "refund")  # a different order than the task's
    config = BertConfig(
        vocab_size=vocab,
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=128,
        num_labels=3,
        id2label=dict(enumerate(order)),
        label2id={name: i for i, name in enumerate(order)},
    )
    BertForSequenceClassification(config).save_pretrained(folder)
    return folder


@pytest.fixture
def causal_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "lm"
    vocab = _tokenizer_into(folder)
    torch.manual_seed(0)
    config = GPT2Config(vocab_size=vocab, n_embd=16, n_layer=1, n_head=2, n_positions=256)
    GPT2LMHeadModel(config).save_pretrained(folder)
    return folder


def _run(teacher: HfLocalTeacher, task: TaskSpec, texts: list[str]) -> list[TeacherResponse]:
    requests = [TeacherRequest(str(i), build_prompt(task, t), task) for i, t in enumerate(texts)]
    return asyncio.run(teacher.complete_many(requests))


def test_sequence_classifier_gives_soft_labels_in_task_order(classifier_dir: Path) -> None:
    settings = TeacherSettings(provider=TeacherProvider.TRANSFORMERS, model=str(classifier_dir))
    teacher = create_teacher(settings, CLASSIFY)
    assert isinstance(teacher, HfLocalTeacher)
    texts = ["charged twice", "money back please", "cannot log in"]
    responses = _run(teacher, CLASSIFY, texts)
    # oracle: the model itself, on the record text, reordered by label name
    model = BertForSequenceClassification.from_pretrained(classifier_dir).eval()
    tokenizer = AutoTokenizer.from_pretrained(classifier_dir)
    with torch.no_grad():
        logits = model(**tokenizer(texts, padding=True, return_tensors="pt")).logits
    probs = torch.softmax(logits, -1)
    for response, row in zip(responses, probs, strict=True):
        assert response.probabilities is not None
        assert list(response.probabilities) == list(LABELS)
        expected = {model.config.id2label[i]: float(p) for i, p in enumerate(row)}
        for label in LABELS:
            assert response.probabilities[label] == pytest.approx(expected[label], abs=1e-5)
        assert response.label == max(expected, key=lambda k: expected[k])


def test_causal_lm_generates_text(causal_dir: Path) -> None:
    teacher = HfLocalTeacher(GENERATE, model_dir=causal_dir, max_new_tokens=5)
    responses = _run(teacher, GENERATE, ["refund my order", "a much longer ticket text here"])
    for response in responses:
        assert response.label is None and response.probabilities is None
        assert 0 < response.usage.output_tokens <= 5
        assert response.usage.input_tokens > 0
    assert teacher.stats.calls == 2


def test_label_mismatch_is_a_config_error(classifier_dir: Path) -> None:
    task = TaskSpec(kind="classification", labels=("a", "b"), instructions="x")
    with pytest.raises(ConfigError, match="do not match the task's labels"):
        HfLocalTeacher(task, model_dir=classifier_dir)


def test_missing_folder_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no transformers model folder"):
        HfLocalTeacher(CLASSIFY, model_dir=tmp_path / "absent")
