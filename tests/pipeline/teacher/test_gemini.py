"""The Gemini teacher: the real google-genai SDK against the loopback Gemini server."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from governance.errors import ConfigError, TeacherError
from governance.policy.jobs import DEFAULT_INTENTS, TeacherSettings
from governance.policy.models import TeacherProvider
from pipeline.teacher.base import (
    TaskSpec,
    TeacherRequest,
    TeacherResponse,
    TeacherResponseError,
    build_prompt,
)
from pipeline.teacher.gemini import GeminiTeacher
from pipeline.teacher.retry import BackoffPolicy
from tests.support.gemini_server import Fault, GeminiServer

CLASSIFY = TaskSpec(
    kind="classification", labels=DEFAULT_INTENTS, instructions="Classify the ticket."
)
GENERATE = TaskSpec(kind="generation", labels=(), instructions="Summarise the ticket.")
FAST = BackoffPolicy(initial_delay=0.01, max_delay=0.05, exp_base=2.0, jitter=0.01)


def _teacher(task: TaskSpec = CLASSIFY, **overrides: Any) -> GeminiTeacher:
    settings = TeacherSettings(
        provider=TeacherProvider.GEMINI,
        model="gemini-2.5-flash",
        timeout_s=overrides.pop("timeout_s", 5.0),
        max_retries=overrides.pop("max_retries", 5),
        concurrency=overrides.pop("concurrency", 8),
        input_price_per_mtok=0.30,
        output_price_per_mtok=2.50,
        requests_per_minute=overrides.pop("requests_per_minute", 60_000),
    )
    return GeminiTeacher(settings, task, backoff=FAST, **overrides)


def _ask(teacher: GeminiTeacher, text: str = "I was charged twice, billing is wrong") -> Any:
    async def run() -> TeacherResponse:
        try:
            return await teacher.complete(
                TeacherRequest("ex-1", build_prompt(teacher._task, text), teacher._task)
            )
        finally:
            await teacher.aclose()

    return asyncio.run(run())


def test_classification_with_soft_labels_usage_and_cost(gemini_server: GeminiServer) -> None:
    teacher = _teacher()
    response = _ask(teacher)
    assert response.label == "billing"
    assert response.probabilities is not None
    # the server gives 0.7 to billing, 0.3/7 to each other label; 5 alternatives come back
    assert response.probabilities["billing"] == pytest.approx(0.7 / (0.7 + 4 * 0.3 / 7))
    assert sum(response.probabilities.values()) == pytest.approx(1.0)
    assert response.retries == 0 and not response.cached
    assert response.usage.input_tokens > 0 and response.usage.output_tokens > 0
    expected = (response.usage.input_tokens * 0.30 + response.usage.output_tokens * 2.50) / 1e6
    assert response.cost_usd == pytest.approx(expected)
    (sent,) = gemini_server.requests
    assert sent.model == "gemini-2.5-flash"
    assert sent.headers["x-goog-api-key"] == "test-key-not-secret"
    config = sent.body["generationConfig"]
    assert config["responseMimeType"] == "application/json"
    assert config["responseSchema"]["properties"]["label"]["enum"] == list(DEFAULT_INTENTS)
    assert config["responseLogprobs"] is True
    assert teacher.stats.calls == 1 and teacher.stats.in_flight == 0


def test_429_burst_is_retried_and_counted(gemini_server: GeminiServer) -> None:
    gemini_server.enqueue(*[Fault.http(429, retry_after="0")] * 3)
    teacher = _teacher()
    response = _ask(teacher)
    assert response.label == "billing"
    assert response.retries == 3
    assert teacher.stats.retried == 3
    assert gemini_server.request_count == 4
    usage = teacher.stats.to_usage(provider=teacher.provider, model=teacher.model)
    assert (usage.provider, usage.calls, usage.retries, usage.failed) == ("gemini", 1, 3, 0)
    assert usage.input_tokens == response.usage.input_tokens


def test_retry_after_is_honoured(gemini_server: GeminiServer) -> None:
    gemini_server.enqueue(Fault.http(429, retry_after="1"))
    response = _ask(_teacher())
    first, second = gemini_server.requests
    assert response.retries == 1
    assert second.received_at - first.received_at >= 0.95


@pytest.mark.parametrize("status", [500, 502, 503, 504, 408])
def test_transient_server_errors_are_retried(gemini_server: GeminiServer, status: int) -> None:
    gemini_server.enqueue(Fault.http(status), Fault.http(status))
    response = _ask(_teacher())
    assert response.retries == 2 and response.label == "billing"
    assert gemini_server.request_count == 3


@pytest.mark.parametrize("status", [400, 403])
def test_client_errors_are_not_retried(gemini_server: GeminiServer, status: int) -> None:
    gemini_server.enqueue(Fault.http(status))
    teacher = _teacher()
    with pytest.raises(TeacherError, match=f"refused the call for example ex-1: HTTP {status}"):
        _ask(teacher)
    assert gemini_server.request_count == 1
    assert teacher.stats.failed == 1 and teacher.stats.retried == 0


def test_retries_are_bounded(gemini_server: GeminiServer) -> None:
    gemini_server.enqueue(*[Fault.http(503)] * 5)
    with pytest.raises(TeacherError, match="failed after 2 retries: HTTP 503"):
        _ask(_teacher(max_retries=2))
    assert gemini_server.request_count == 3


def test_hang_past_timeout_fails_after_retries(gemini_server: GeminiServer) -> None:
    gemini_server.enqueue(Fault.hang(3.0), Fault.hang(3.0))
    started = time.monotonic()
    with pytest.raises(TeacherError, match=r"failed after 1 retries: .*Timeout"):
        _ask(_teacher(timeout_s=0.4, max_retries=1))
    assert time.monotonic() - started < 2.5
    assert gemini_server.request_count == 2


def test_one_hang_then_success(gemini_server: GeminiServer) -> None:
    gemini_server.enqueue(Fault.hang(2.0))
    response = _ask(_teacher(timeout_s=0.4))
    assert response.retries == 1 and response.label == "billing"


def test_malformed_body_is_a_teacher_error(gemini_server: GeminiServer) -> None:
    gemini_server.enqueue(Fault.malformed_body())
    with pytest.raises(TeacherResponseError, match="malformed response for example ex-1"):
        _ask(_teacher())
    assert gemini_server.request_count == 1


@pytest.mark.parametrize("text", ['{"label": ', '{"label": "weather"}', "billing please"])
def test_malformed_model_output_is_a_teacher_error(gemini_server: GeminiServer, text: str) -> None:
    gemini_server.enqueue(Fault.malformed_text(text))
    with pytest.raises(TeacherResponseError, match="is not one of the labels") as info:
        _ask(_teacher())
    assert text not in str(info.value)


def test_response_with_pii_is_returned_verbatim_for_the_response_scan(
    gemini_server: GeminiServer,
) -> None:
    leaked = '{"label": "refund", "note": "mail jane.doe@example.com"}'
    gemini_server.enqueue(Fault.model_text(leaked))
    response = _ask(_teacher())
    assert response.text == leaked and response.label == "refund"


def test_logprobs_unsupported_falls_back_to_hard_labels(gemini_server: GeminiServer) -> None:
    gemini_server.logprobs_supported = False
    teacher = _teacher()
    response = _ask(teacher)
    assert response.probabilities == {k: float(k == "billing") for k in DEFAULT_INTENTS}
    assert [("responseLogprobs" in r.body["generationConfig"]) for r in gemini_server.requests] == [
        True,
        False,
    ]
    assert response.retries == 0


def test_generation_task(gemini_server: GeminiServer) -> None:
    gemini_server.generation_text = lambda prompt: "The customer wants a refund."
    response = _ask(_teacher(GENERATE), "refund my order")
    assert response.text == "The customer wants a refund."
    assert response.label is None and response.probabilities is None
    config = gemini_server.requests[0].body.get("generationConfig", {})
    assert "responseSchema" not in config and "responseLogprobs" not in config


def test_concurrency_is_bounded(gemini_server: GeminiServer) -> None:
    gemini_server.latency_s = 0.15
    teacher = _teacher(concurrency=2)

    async def run() -> list[TeacherResponse]:
        requests = [
            TeacherRequest(f"ex-{i}", build_prompt(CLASSIFY, "refund"), CLASSIFY) for i in range(6)
        ]
        try:
            return await teacher.complete_many(requests)
        finally:
            await teacher.aclose()

    async def watch(task: asyncio.Task[list[TeacherResponse]]) -> list[int]:
        seen = []
        while not task.done():
            seen.append(teacher.stats.in_flight)
            await asyncio.sleep(0.02)
        return seen

    async def both() -> tuple[list[TeacherResponse], list[int]]:
        task = asyncio.create_task(run())
        seen = await watch(task)
        return await task, seen

    responses, seen = asyncio.run(both())
    assert [r.label for r in responses] == ["refund"] * 6
    assert gemini_server.max_in_flight == 2
    assert seen and max(seen) == 2 and teacher.stats.in_flight == 0


def test_missing_api_key_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_GENAI_USE_VERTEXAI"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigError, match="no Gemini API key") as info:
        _teacher()
    assert info.value.hint is not None and "GEMINI_API_KEY" in info.value.hint


def test_only_the_prompt_and_generation_config_leave_the_process(
    gemini_server: GeminiServer,
) -> None:
    prompt = build_prompt(CLASSIFY, "my invoice <EMAIL_ADDRESS_1> is wrong")
    teacher = _teacher()

    async def run() -> TeacherResponse:
        try:
            return await teacher.complete(TeacherRequest("record-42", prompt, CLASSIFY))
        finally:
            await teacher.aclose()

    asyncio.run(run())
    (sent,) = gemini_server.requests
    assert set(sent.body) == {"contents", "generationConfig"}
    assert sent.prompt == prompt
    assert "record-42" not in gemini_server.bodies_text()
