"""The offline zero-shot teacher labels support tickets sensibly."""

from __future__ import annotations

import asyncio

import pytest

from governance.errors import ConfigError
from governance.policy.jobs import DEFAULT_INTENTS, TaskSettings, TeacherSettings
from pipeline.teacher.base import TaskSpec, TeacherRequest, TeacherResponse, build_prompt
from pipeline.teacher.local_embedding import LocalEmbeddingTeacher
from pipeline.teacher.registry import create_teacher

TASK = TaskSpec.from_settings(TaskSettings())

TICKETS = [
    ("I was charged twice on my invoice", "billing"),
    ("Please give me my money back for the broken blender", "refund"),
    ("I can't sign in, the password reset email never came", "login"),
    ("My parcel hasn't arrived and tracking is stuck for a week", "shipping"),
    ("Please cancel my subscription before it renews", "cancellation"),
    ("The app crashes every time I open the settings page", "technical_issue"),
    ("I need to change the email on my account to <EMAIL_ADDRESS_1>", "account_update"),
    ("Does the X200 headset work with a PS5?", "product_question"),
]


@pytest.fixture(scope="module")
def teacher() -> LocalEmbeddingTeacher:
    made = create_teacher(TeacherSettings(), TASK)
    assert isinstance(made, LocalEmbeddingTeacher)
    return made


def _label(teacher: LocalEmbeddingTeacher, texts: list[str]) -> list[TeacherResponse]:
    requests = [TeacherRequest(str(i), build_prompt(TASK, t), TASK) for i, t in enumerate(texts)]
    return asyncio.run(teacher.complete_many(requests))


def test_default_intents_are_recognised(teacher: LocalEmbeddingTeacher) -> None:
    responses = _label(teacher, [text for text, _ in TICKETS])
    assert [r.label for r in responses] == [label for _, label in TICKETS]
    for response in responses:
        assert response.probabilities is not None
        assert list(response.probabilities) == list(DEFAULT_INTENTS)
        assert sum(response.probabilities.values()) == pytest.approx(1.0, abs=1e-5)
        assert response.probabilities[response.label or ""] == max(response.probabilities.values())
        assert response.usage.input_tokens > 0 and not response.cached
    assert teacher.stats.calls >= len(TICKETS) and teacher.stats.in_flight == 0


def test_batched_and_single_calls_agree(teacher: LocalEmbeddingTeacher) -> None:
    texts = [text for text, _ in TICKETS[:4]]
    together = _label(teacher, texts)

    async def one_by_one() -> list[TeacherResponse]:
        return [
            await teacher.complete(TeacherRequest("x", build_prompt(TASK, t), TASK)) for t in texts
        ]

    alone = asyncio.run(one_by_one())
    for a, b in zip(together, alone, strict=True):
        assert a.label == b.label
        assert a.probabilities is not None and b.probabilities is not None
        for label in DEFAULT_INTENTS:
            assert a.probabilities[label] == pytest.approx(b.probabilities[label], abs=1e-4)


def test_custom_labels_use_the_job_descriptions() -> None:
    task = TaskSpec(
        kind="classification",
        labels=("praise", "complaint"),
        instructions="Classify the feedback.",
        label_descriptions={
            "praise": ("the customer is happy and thanks us",),
            "complaint": ("the customer is angry and unhappy with the service",),
        },
    )
    teacher = LocalEmbeddingTeacher(task)
    requests = [
        TeacherRequest("a", build_prompt(task, "Thank you so much, great support!"), task),
        TeacherRequest("b", build_prompt(task, "Terrible service, I am furious."), task),
    ]
    responses = asyncio.run(teacher.complete_many(requests))
    assert [r.label for r in responses] == ["praise", "complaint"]


def test_generation_tasks_are_refused() -> None:
    task = TaskSpec(kind="generation", labels=(), instructions="Summarise.")
    with pytest.raises(ConfigError, match="only classifies"):
        LocalEmbeddingTeacher(task)
