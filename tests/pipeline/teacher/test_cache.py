"""The response cache: durable across crashes, keyed by content, holding no prompt text and
no readable answer text."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from governance.errors import TeacherError
from governance.policy.jobs import DEFAULT_INTENTS, TeacherSettings
from governance.policy.models import TeacherProvider
from pipeline.teacher.base import (
    TaskSpec,
    TeacherRequest,
    TeacherResponse,
    TokenUsage,
    build_prompt,
)
from pipeline.teacher.cache import CachedTeacher, ResponseCache, cache_key
from pipeline.teacher.gemini import GeminiTeacher
from tests.support.gemini_server import GeminiServer

SECRET = b"cache-test-secret-0123456789abcdef"
TASK = TaskSpec(kind="classification", labels=DEFAULT_INTENTS, instructions="Classify.")
RESPONSE = TeacherResponse(
    text='{"label": "billing"}',
    label="billing",
    probabilities={"billing": 0.9, "refund": 0.1},
    usage=TokenUsage(12, 3),
    model="m",
    retries=2,
    cost_usd=0.001,
)


def test_put_get_round_trip_marks_cached(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "cache.sqlite", secret=SECRET)
    key = cache_key(provider="gemini", model="m", generation_config={}, prompt="p")
    assert cache.get(key) is None
    cache.put(key, RESPONSE)
    hit = cache.get(key)
    assert hit is not None and hit.cached and hit.retries == 0
    assert (hit.text, hit.label, hit.probabilities, hit.usage) == (
        RESPONSE.text,
        RESPONSE.label,
        RESPONSE.probabilities,
        RESPONSE.usage,
    )


def test_key_depends_on_every_part() -> None:
    base = {"provider": "gemini", "model": "m", "generation_config": {"t": 0}, "prompt": "p"}
    keys = {cache_key(**base)}  # type: ignore[arg-type]
    for field, other in [
        ("provider", "local"),
        ("model", "m2"),
        ("generation_config", {"t": 1}),
        ("prompt", "q"),
    ]:
        keys.add(cache_key(**{**base, field: other}))  # type: ignore[arg-type]
    assert len(keys) == 5


def test_an_entry_survives_sigkill_and_no_prompt_is_stored(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    secret_prompt = "ticket from <PERSON_1> about an invoice"
    script = textwrap.dedent(
        f"""
        import os, signal
        from pipeline.teacher.base import TeacherResponse, TokenUsage
        from pipeline.teacher.cache import ResponseCache, cache_key, prompt_sha256
        cache = ResponseCache({str(path)!r}, secret={SECRET!r})
        key = cache_key(provider="gemini", model="m", generation_config={{}},
                        prompt={secret_prompt!r})
        cache.put(key, TeacherResponse("x", None, None, TokenUsage(1, 1), "m"),
                  prompt_hash=prompt_sha256({secret_prompt!r}))
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], check=False, env=dict(os.environ))
    assert proc.returncode == -signal.SIGKILL
    cache = ResponseCache(path, secret=SECRET)
    key = cache_key(provider="gemini", model="m", generation_config={}, prompt=secret_prompt)
    assert cache.get(key) is not None
    cache.close()
    for file in tmp_path.iterdir():
        assert b"<PERSON_1>" not in file.read_bytes()


def _gemini() -> GeminiTeacher:
    settings = TeacherSettings(provider=TeacherProvider.GEMINI, model="gemini-2.5-flash")
    return GeminiTeacher(settings, TASK)


def test_cache_hit_avoids_a_second_request_across_a_resume(
    gemini_server: GeminiServer, tmp_path: Path
) -> None:
    request = TeacherRequest("ex-1", build_prompt(TASK, "charged twice, billing"), TASK)

    async def run_once() -> TeacherResponse:
        teacher = CachedTeacher(_gemini(), ResponseCache(tmp_path / "cache.sqlite", secret=SECRET))
        try:
            return await teacher.complete(request)
        finally:
            await teacher.aclose()

    first = asyncio.run(run_once())
    second = asyncio.run(run_once())  # a new process would see the same file
    assert gemini_server.request_count == 1
    assert not first.cached and second.cached
    assert second.label == first.label == "billing"
    assert second.probabilities == first.probabilities


def test_identical_requests_in_flight_share_one_call(
    gemini_server: GeminiServer, tmp_path: Path
) -> None:
    gemini_server.latency_s = 0.1
    teacher = CachedTeacher(_gemini(), ResponseCache(tmp_path / "cache.sqlite", secret=SECRET))
    prompts = [build_prompt(TASK, "refund") for _ in range(3)] + [build_prompt(TASK, "login")]

    async def run() -> list[TeacherResponse]:
        try:
            return list(
                await asyncio.gather(
                    *(
                        teacher.complete(TeacherRequest(f"e{i}", p, TASK))
                        for i, p in enumerate(prompts)
                    )
                )
            )
        finally:
            await teacher.aclose()

    responses = asyncio.run(run())
    assert [r.label for r in responses] == ["refund", "refund", "refund", "login"]
    assert gemini_server.request_count == 2
    assert teacher.stats.calls == 2 and teacher.stats.cached == 2


def test_complete_many_uses_the_cache(gemini_server: GeminiServer, tmp_path: Path) -> None:
    requests = [TeacherRequest(f"e{i}", build_prompt(TASK, f"ticket {i}"), TASK) for i in range(4)]

    async def run(n: int) -> list[TeacherResponse]:
        teacher = CachedTeacher(_gemini(), ResponseCache(tmp_path / "cache.sqlite", secret=SECRET))
        try:
            return await teacher.complete_many(requests[:n])
        finally:
            await teacher.aclose()

    asyncio.run(run(2))
    responses = asyncio.run(run(4))
    assert gemini_server.request_count == 4
    assert [r.cached for r in responses] == [True, True, False, False]


LEAKY = TeacherResponse(
    text="Summary: Jane Roe (jane.roe@example.org, 4111 1111 1111 1111) wants a refund.",
    label=None,
    probabilities=None,
    usage=TokenUsage(12, 20),
    model="m",
)


def _leaky_cache(path: Path) -> str:
    cache = ResponseCache(path, secret=SECRET)
    key = cache_key(provider="gemini", model="m", generation_config={}, prompt="p")
    cache.put(key, LEAKY)
    cache.close()
    return key


def test_stored_answers_are_sealed_no_answer_text_on_disk(tmp_path: Path) -> None:
    key = _leaky_cache(tmp_path / "cache.sqlite")
    for file in tmp_path.iterdir():
        data = file.read_bytes()
        for value in (b"Jane Roe", b"jane.roe@example.org", b"4111 1111 1111 1111", b"refund"):
            assert value not in data, (file.name, value)
    reopened = ResponseCache(tmp_path / "cache.sqlite", secret=SECRET)
    hit = reopened.get(key)
    assert hit is not None and hit.text == LEAKY.text and hit.cached


def test_another_secret_or_an_altered_row_does_not_open(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    key = _leaky_cache(path)
    with pytest.raises(TeacherError, match="does not open"):
        ResponseCache(path, secret=b"another-deployment-secret-000000").get(key)
    db = sqlite3.connect(path)
    (stored,) = db.execute("SELECT response FROM responses WHERE key = ?", (key,)).fetchone()
    other = cache_key(provider="gemini", model="m", generation_config={}, prompt="q")
    db.execute("INSERT INTO responses VALUES (?, '', ?, 0)", (other, stored))  # moved row
    flipped = stored[:-3] + ("A" if stored[-3] != "A" else "B") + stored[-2:]
    db.execute("UPDATE responses SET response = ? WHERE key = ?", (flipped, key))
    db.commit()
    db.close()
    cache = ResponseCache(path, secret=SECRET)
    for k in (key, other):
        with pytest.raises(TeacherError, match="does not open"):
            cache.get(k)
    db = sqlite3.connect(path)
    db.execute("UPDATE responses SET response = ? WHERE key = ?", (LEAKY.text, key))
    db.commit()
    db.close()
    with pytest.raises(TeacherError, match="unknown format"):
        cache.get(key)
