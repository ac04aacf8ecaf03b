"""Prompt building, task specs, soft-label helpers and the registry table."""

from __future__ import annotations

import math

import pytest

from governance.errors import TeacherError
from governance.policy.jobs import DEFAULT_INTENTS, TaskKind, TaskSettings
from governance.policy.models import TeacherProvider
from pipeline.teacher.base import TaskSpec, build_prompt, record_text_of
from pipeline.teacher.registry import TEACHERS
from pipeline.teacher.soft_labels import from_token_logprobs, softmax


def test_prompt_carries_instructions_labels_and_record() -> None:
    task = TaskSpec.from_settings(TaskSettings())
    prompt = build_prompt(task, "my invoice is wrong")
    assert prompt.startswith(TaskSettings().instructions)
    assert "Labels: " + ", ".join(DEFAULT_INTENTS) in prompt
    assert record_text_of(prompt) == "my invoice is wrong"


def test_generation_prompt_has_no_label_list() -> None:
    task = TaskSpec.from_settings(TaskSettings(kind=TaskKind.GENERATION, labels=[]))
    assert task.kind == "generation"
    assert "Labels:" not in build_prompt(task, "x")


def test_task_settings_descriptions_reach_the_spec() -> None:
    settings = TaskSettings(label_descriptions={"billing": ["money owed"]})
    assert TaskSpec.from_settings(settings).label_descriptions == {"billing": ("money owed",)}


@pytest.mark.parametrize(
    ("labels", "message"),
    [(("only",), "at least two labels"), (("a", "a"), "labels must be unique")],
)
def test_bad_label_sets_are_refused(labels: tuple[str, ...], message: str) -> None:
    with pytest.raises(TeacherError, match=message):
        TaskSpec(kind="classification", labels=labels, instructions="x")


def test_registry_covers_every_provider() -> None:
    assert set(TEACHERS) == set(TeacherProvider)


def test_softmax_temperature_sharpens() -> None:
    soft = softmax([1.0, 0.0], temperature=1.0)
    sharp = softmax([1.0, 0.0], temperature=0.1)
    assert sum(soft) == pytest.approx(1.0) and sharp[0] > soft[0] > 0.5


def test_logprobs_with_quote_in_the_label_token() -> None:
    text = '{"label": "refund"}'
    chosen = ['{"label": ', '"ref', 'und"}']
    top = [[('{"label": ', 0.0)], [('"ref', math.log(0.5)), ('"bill', math.log(0.5))], [("x", 0)]]
    probs = from_token_logprobs(
        text=text, label="refund", labels=["billing", "refund"], chosen=chosen, top=top
    )
    assert probs == pytest.approx({"billing": 0.5, "refund": 0.5})


def test_logprobs_that_do_not_line_up_give_none() -> None:
    assert (
        from_token_logprobs(text="ab", label="a", labels=["a", "b"], chosen=["x"], top=[[]]) is None
    )
