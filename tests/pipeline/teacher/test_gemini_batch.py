"""Gemini Batch API mode through the real SDK against the loopback server."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from governance.errors import TeacherError
from governance.policy.jobs import DEFAULT_INTENTS, TeacherSettings
from governance.policy.models import TeacherProvider
from pipeline.teacher.base import TaskSpec, TeacherRequest, TeacherResponse, build_prompt
from pipeline.teacher.gemini_batch import GeminiBatchTeacher
from pipeline.teacher.registry import create_teacher
from tests.support.gemini_server import GeminiServer

TASK = TaskSpec(kind="classification", labels=DEFAULT_INTENTS, instructions="Classify.")
SETTINGS = TeacherSettings(
    provider=TeacherProvider.GEMINI,
    model="gemini-2.5-flash",
    batch_mode=True,
    input_price_per_mtok=1.0,
    output_price_per_mtok=1.0,
)
TEXTS = ["charged twice on the invoice, billing", "please refund", "cannot login"]


def _requests() -> list[TeacherRequest]:
    return [TeacherRequest(f"e{i}", build_prompt(TASK, t), TASK) for i, t in enumerate(TEXTS)]


def _run(teacher: GeminiBatchTeacher) -> list[TeacherResponse]:
    async def run() -> list[TeacherResponse]:
        try:
            return await teacher.complete_many(_requests())
        finally:
            await teacher.aclose()

    return asyncio.run(run())


def test_batch_job_labels_every_request_at_half_price(
    gemini_server: GeminiServer, tmp_path: Path
) -> None:
    teacher = create_teacher(SETTINGS, TASK, run_dir=tmp_path)
    assert isinstance(teacher, GeminiBatchTeacher)
    teacher._poll_interval_s = 0.01
    responses = _run(teacher)
    assert [r.label for r in responses] == ["billing", "refund", "login"]
    assert len(gemini_server.batches_created) == 1
    for response in responses:
        assert response.probabilities is not None
        full = (response.usage.input_tokens + response.usage.output_tokens) / 1e6
        assert response.cost_usd == pytest.approx(full / 2)
    assert teacher.stats.calls == 3 and teacher.stats.in_flight == 0


def test_interrupted_batch_is_collected_on_resume_without_a_new_job(
    gemini_server: GeminiServer, tmp_path: Path
) -> None:
    state = tmp_path / "teacher_batches.json"
    gemini_server.batch_polls_before_done = 10**6
    first = GeminiBatchTeacher(
        SETTINGS, TASK, state_path=state, poll_interval_s=0.01, max_wait_s=0.05
    )
    with pytest.raises(TeacherError, match="batches/job1 is still"):
        _run(first)
    assert state.is_file()

    gemini_server.batch_polls_before_done = 0
    resumed = GeminiBatchTeacher(SETTINGS, TASK, state_path=state, poll_interval_s=0.01)
    responses = _run(resumed)
    assert [r.label for r in responses] == ["billing", "refund", "login"]
    assert gemini_server.batches_created == ["batches/job1"]
    assert gemini_server.request_count == len(TEXTS)
