"""The teacher interface: what a teacher is asked, what it answers, and how it is counted.

A teacher receives an already redacted prompt (the governed loop in
``pipeline/distillation`` scans and audits it first) and returns a :class:`TeacherResponse`.
Implementations live one per file (``local_embedding.py``, ``gemini.py``, ``hf_local.py``)
and are chosen by ``registry.create_teacher``.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from governance.errors import TeacherError
from governance.jsontypes import JsonObject
from governance.policy.jobs import TaskKind, TaskSettings
from governance.policy.models import TeacherProvider
from governance.runfiles.artifacts import TeacherUsage

__all__ = [
    "RECORD_MARKER",
    "TaskKindName",
    "TaskSpec",
    "Teacher",
    "TeacherRequest",
    "TeacherResponse",
    "TeacherResponseError",
    "TeacherStats",
    "TokenUsage",
    "build_prompt",
    "record_text_of",
]

TaskKindName = Literal["classification", "generation"]

#: Line that separates the instructions from the record text in every teacher prompt.
RECORD_MARKER = "\n\n### Record\n"


class TeacherResponseError(TeacherError):
    """The teacher answered, but the answer is malformed (bad JSON, unknown label)."""


@dataclass(frozen=True)
class TaskSpec:
    """What the teacher is asked to do for every record."""

    kind: TaskKindName
    labels: tuple[str, ...]
    instructions: str
    #: Optional short descriptions per label, used by the embedding teacher.
    label_descriptions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind == "classification" and len(self.labels) < 2:
            raise TeacherError(
                "a classification task needs at least two labels",
                hint="list the labels under task.labels in the job file",
            )
        if len(set(self.labels)) != len(self.labels):
            raise TeacherError("task labels must be unique", hint="remove duplicate labels")

    @classmethod
    def from_settings(cls, settings: TaskSettings) -> TaskSpec:
        """The task of a job file's ``task`` section."""
        kind: TaskKindName = (
            "generation" if settings.kind is TaskKind.GENERATION else "classification"
        )
        return cls(
            kind=kind,
            labels=tuple(settings.labels),
            instructions=settings.instructions,
            label_descriptions={k: tuple(v) for k, v in settings.label_descriptions.items()},
        )


@dataclass(frozen=True)
class TeacherRequest:
    """One call: the record's id and the (redacted) prompt text."""

    example_id: str
    prompt: str
    task: TaskSpec


@dataclass(frozen=True)
class TokenUsage:
    input_tokens: int = 0
    output_tokens: int = 0


@dataclass(frozen=True)
class TeacherResponse:
    """The teacher's answer; ``probabilities`` are soft labels over ``task.labels``."""

    text: str
    label: str | None
    probabilities: dict[str, float] | None
    usage: TokenUsage
    model: str
    cached: bool = False
    retries: int = 0
    cost_usd: float = 0.0


@dataclass
class TeacherStats:
    """Live counters a progress bar reads (single event loop; no locking needed).

    ``retried`` and ``failed`` are counted by the teacher as they happen; :meth:`record`
    counts finished calls, tokens and cost.
    """

    calls: int = 0
    in_flight: int = 0
    retried: int = 0
    failed: int = 0
    cached: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0

    def record(self, response: TeacherResponse) -> None:
        """Count one finished call (cached answers count as cached, not as calls)."""
        if response.cached:
            self.cached += 1
            return
        self.calls += 1
        self.input_tokens += response.usage.input_tokens
        self.output_tokens += response.usage.output_tokens
        self.cost_usd += response.cost_usd

    def to_usage(self, *, provider: TeacherProvider, model: str) -> TeacherUsage:
        """The counters as the run's ``teacher_usage.json`` artifact (blocked/rejected are
        counted by the governed loop and left at 0 here)."""
        return TeacherUsage(
            provider=provider.value,
            model=model,
            calls=self.calls,
            cached=self.cached,
            retries=self.retried,
            failed=self.failed,
            input_tokens=self.input_tokens,
            output_tokens=self.output_tokens,
            estimated_cost_usd=self.cost_usd,
        )


def build_prompt(task: TaskSpec, record_text: str) -> str:
    """The prompt text sent to the teacher: instructions, the label list, then the record.

    >>> task = TaskSpec(kind="classification", labels=("a", "b"), instructions="Pick one.")
    >>> print(build_prompt(task, "hello"))
    Pick one.
    Labels: a, b
    Answer with exactly one of the labels.
    <BLANKLINE>
    ### Record
    hello
    """
    lines = [task.instructions.strip()]
    if task.kind == "classification":
        lines.append("Labels: " + ", ".join(task.labels))
        lines.append("Answer with exactly one of the labels.")
    return "\n".join(lines) + RECORD_MARKER + record_text


def record_text_of(prompt: str) -> str:
    """The record part of a prompt made by :func:`build_prompt` (the whole text otherwise).

    >>> task = TaskSpec(kind="generation", labels=(), instructions="Summarise.")
    >>> record_text_of(build_prompt(task, "a ### Record b"))
    'a ### Record b'
    """
    _, marker, rest = prompt.partition(RECORD_MARKER)
    return rest if marker else prompt


class Teacher(ABC):
    """A teacher model behind one small async interface."""

    provider: TeacherProvider
    #: True when answers only come back for a whole batch (Batch API): callers then use
    #: ``complete_many`` for the whole micro-batch instead of one ``complete`` per request.
    answers_in_batches: bool = False
    model: str
    stats: TeacherStats

    @abstractmethod
    async def complete(self, request: TeacherRequest) -> TeacherResponse:
        """Answer one request; raises :class:`TeacherError` when it cannot."""

    async def complete_many(self, requests: Sequence[TeacherRequest]) -> list[TeacherResponse]:
        """Answer many requests concurrently, in order (teachers may batch internally)."""
        return list(await asyncio.gather(*(self.complete(r) for r in requests)))

    def generation_config(self) -> JsonObject:
        """Everything besides the prompt that shapes the answer (part of the cache key)."""
        return {}

    async def aclose(self) -> None:  # noqa: B027 - optional hook with a no-op default
        """Release clients, threads and models."""
