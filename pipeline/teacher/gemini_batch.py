"""Gemini Batch API mode: one asynchronous job for many requests, at half the price.

``complete_many`` submits every request as an inlined request of one batch job, records the
job name durably in ``state_path`` before waiting, and polls until the job ends. A run that
is interrupted and resumed with the same requests finds the job name there and collects
the same job instead of paying for a new one. Answers are parsed exactly as in the online
:class:`~pipeline.teacher.gemini.GeminiTeacher` (structured labels, logprobs, usage).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import time
from collections.abc import Sequence
from pathlib import Path

from google.genai import errors as genai_errors
from google.genai import types

from governance.errors import TeacherError
from governance.policy.jobs import TeacherSettings
from pipeline.teacher.base import TaskSpec, TeacherRequest, TeacherResponse
from pipeline.teacher.gemini import GeminiTeacher

__all__ = ["GeminiBatchTeacher", "batch_fingerprint"]

logger = logging.getLogger(__name__)

_DONE = {
    types.JobState.JOB_STATE_SUCCEEDED,
    types.JobState.JOB_STATE_FAILED,
    types.JobState.JOB_STATE_CANCELLED,
    types.JobState.JOB_STATE_EXPIRED,
}


def batch_fingerprint(model: str, prompts: Sequence[str]) -> str:
    """Identifies one batch by its model and the hashes of its prompts, in order."""
    digest = hashlib.sha256(model.encode("utf-8"))
    for prompt in prompts:
        digest.update(hashlib.sha256(prompt.encode("utf-8")).digest())
    return digest.hexdigest()


class GeminiBatchTeacher(GeminiTeacher):
    """The Gemini teacher through the Batch API; use ``complete_many`` (one job per call)."""

    answers_in_batches = True

    def __init__(
        self,
        settings: TeacherSettings,
        task: TaskSpec,
        *,
        state_path: Path | None = None,
        poll_interval_s: float = 30.0,
        max_wait_s: float = 48 * 3600.0,
        max_output_tokens: int = 1024,
        api_key: str | None = None,
        base_url: str | None = None,
    ) -> None:
        super().__init__(
            settings,
            task,
            max_output_tokens=max_output_tokens,
            api_key=api_key,
            base_url=base_url,
        )
        self.price_factor = 0.5
        self._state_path = state_path
        self._poll_interval_s = poll_interval_s
        self._max_wait_s = max_wait_s

    async def complete(self, request: TeacherRequest) -> TeacherResponse:
        return (await self.complete_many([request]))[0]

    async def complete_many(self, requests: Sequence[TeacherRequest]) -> list[TeacherResponse]:
        if not requests:
            return []
        fingerprint = batch_fingerprint(self.model, [r.prompt for r in requests])
        self.stats.in_flight += len(requests)
        try:
            name = self._known_job(fingerprint) or await self._create(requests, fingerprint)
            job = await self._wait(name)
            responses = self._collect(job, requests)
        except TeacherError:
            self.stats.failed += len(requests)
            raise
        finally:
            self.stats.in_flight -= len(requests)
        for response in responses:
            self.stats.record(response)
        return responses

    def _known_job(self, fingerprint: str) -> str | None:
        if self._state_path is None or not self._state_path.is_file():
            return None
        jobs = json.loads(self._state_path.read_text(encoding="utf-8"))
        name = jobs.get(fingerprint)
        if name:
            logger.info("resuming Gemini batch job %s", name)
        return str(name) if name else None

    def _remember(self, fingerprint: str, name: str) -> None:
        if self._state_path is None:
            return
        jobs = {}
        if self._state_path.is_file():
            jobs = json.loads(self._state_path.read_text(encoding="utf-8"))
        jobs[fingerprint] = name
        tmp = self._state_path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as handle:
            json.dump(jobs, handle, indent=2, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(self._state_path)

    async def _create(self, requests: Sequence[TeacherRequest], fingerprint: str) -> str:
        config = self._config()
        src = [
            types.InlinedRequest(contents=r.prompt, config=config, metadata={"index": str(i)})
            for i, r in enumerate(requests)
        ]
        try:
            job = await self._client.aio.batches.create(
                model=self.model,
                src=src,
                config=types.CreateBatchJobConfig(display_name=f"distillgate-{fingerprint[:12]}"),
            )
        except genai_errors.APIError as exc:
            raise TeacherError(
                f"Gemini refused the batch job: HTTP {exc.code} {exc.status or ''}".rstrip(),
                hint="check the model supports the Batch API and the key's quota",
            ) from None
        if not job.name:
            raise TeacherError("Gemini created a batch job without a name")
        self._remember(fingerprint, job.name)
        logger.info("created Gemini batch job %s with %d requests", job.name, len(requests))
        return job.name

    async def _wait(self, name: str) -> types.BatchJob:
        deadline = time.monotonic() + self._max_wait_s
        while True:
            try:
                job = await self._client.aio.batches.get(name=name)
            except genai_errors.APIError as exc:
                raise TeacherError(
                    f"cannot read Gemini batch job {name}: HTTP {exc.code}",
                    hint="resume later; the job name is kept in the run directory",
                ) from None
            if job.state in _DONE:
                return job
            if time.monotonic() > deadline:
                raise TeacherError(
                    f"Gemini batch job {name} is still {job.state} after {self._max_wait_s:.0f}s",
                    hint="resume the run later to collect the job",
                )
            await asyncio.sleep(self._poll_interval_s)

    def _collect(
        self, job: types.BatchJob, requests: Sequence[TeacherRequest]
    ) -> list[TeacherResponse]:
        if job.state != types.JobState.JOB_STATE_SUCCEEDED:
            raise TeacherError(
                f"Gemini batch job {job.name} ended as {job.state}",
                hint="see the job in Google AI Studio; rerun without teacher.batch_mode",
            )
        inlined = (job.dest.inlined_responses if job.dest else None) or []
        if len(inlined) != len(requests):
            raise TeacherError(
                f"Gemini batch job {job.name} returned {len(inlined)} answers for "
                f"{len(requests)} requests"
            )
        responses: list[TeacherResponse] = []
        for request, item in zip(requests, inlined, strict=True):
            index = (item.metadata or {}).get("index")
            if index is not None and index != str(len(responses)):
                raise TeacherError(f"Gemini batch job {job.name} returned answers out of order")
            if item.error is not None or item.response is None:
                raise TeacherError(
                    f"Gemini batch job {job.name} has no answer for example {request.example_id}"
                )
            responses.append(self._parse(request, item.response, 0, 0))
        return responses
