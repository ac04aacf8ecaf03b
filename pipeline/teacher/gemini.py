"""Gemini teacher through the google-genai SDK (async client, structured output, logprobs).

Retries are ours, not the SDK's: its tenacity backoff ignores ``Retry-After`` and cannot
report a retry count. The SDK client is therefore built with ``attempts=1``, and
:class:`GeminiTeacher` retries 408/429/5xx, timeouts and transport errors with jittered
exponential backoff, waiting at least what ``Retry-After`` asks. 400/403 and other client
errors are never retried. Calls are bounded by a semaphore and a rpm/tpm limiter.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from typing import Any

import httpx
from google import genai
from google.genai import errors as genai_errors
from google.genai import types
from pydantic import ValidationError

from governance.errors import ConfigError, TeacherError
from governance.jsontypes import JsonObject
from governance.policy.jobs import TeacherSettings
from governance.policy.models import TeacherProvider
from pipeline.teacher.base import (
    TaskSpec,
    Teacher,
    TeacherRequest,
    TeacherResponse,
    TeacherResponseError,
    TeacherStats,
    TokenUsage,
)
from pipeline.teacher.limiter import RateLimiter
from pipeline.teacher.retry import (
    RETRYABLE_STATUS,
    BackoffPolicy,
    backoff_delay,
    parse_retry_after,
)
from pipeline.teacher.soft_labels import from_token_logprobs, one_hot

__all__ = ["GeminiTeacher", "make_gemini_client"]

logger = logging.getLogger(__name__)

_TRANSIENT: tuple[type[BaseException], ...] = (httpx.TransportError, TimeoutError)
try:  # the SDK may use httpx2 as its transport
    import httpx2

    _TRANSIENT = (*_TRANSIENT, httpx2.TransportError)
except ImportError:  # pragma: no cover - depends on the installed SDK
    pass

_MAX_RETRY_AFTER_S = 600.0
_EXPECTED_LABEL_TOKENS = 16


def make_gemini_client(
    settings: TeacherSettings, *, api_key: str | None = None, base_url: str | None = None
) -> genai.Client:
    """An SDK client: API key from the argument, ``GEMINI_API_KEY`` or ``GOOGLE_API_KEY``;
    Vertex AI when ``GOOGLE_GENAI_USE_VERTEXAI`` is true (the SDK reads its own settings);
    ``GOOGLE_GEMINI_BASE_URL`` (or ``base_url``) for proxies, private endpoints and tests."""
    vertex = os.environ.get("GOOGLE_GENAI_USE_VERTEXAI", "").strip().lower() in {"1", "true"}
    key = api_key or os.environ.get("GEMINI_API_KEY") or os.environ.get("GOOGLE_API_KEY")
    if not vertex and not key:
        raise ConfigError(
            "no Gemini API key: GEMINI_API_KEY and GOOGLE_API_KEY are not set",
            hint="export GEMINI_API_KEY=<key>, or set GOOGLE_GENAI_USE_VERTEXAI=true with "
            "GOOGLE_CLOUD_PROJECT and GOOGLE_CLOUD_LOCATION to use Vertex AI",
        )
    url = base_url or (None if vertex else os.environ.get("GOOGLE_GEMINI_BASE_URL")) or None
    options = types.HttpOptions(
        base_url=url,
        timeout=max(1, round(settings.timeout_s * 1000)),
        retry_options=types.HttpRetryOptions(
            attempts=1, http_status_codes=sorted(RETRYABLE_STATUS)
        ),
    )
    try:
        if vertex:
            return genai.Client(vertexai=True, http_options=options)
        return genai.Client(api_key=key, http_options=options)
    except Exception as exc:  # the SDK raises ValueError and auth errors
        raise ConfigError(
            f"cannot create the Gemini client: {type(exc).__name__}",
            hint="check the Gemini/Vertex AI environment settings",
        ) from exc


def _label_schema(labels: tuple[str, ...]) -> dict[str, Any]:
    return {
        "type": "OBJECT",
        "properties": {"label": {"type": "STRING", "enum": list(labels)}},
        "required": ["label"],
    }


class GeminiTeacher(Teacher):
    """Classification (JSON ``{"label": ...}`` with an enum schema) or free-text generation."""

    provider = TeacherProvider.GEMINI

    def __init__(
        self,
        settings: TeacherSettings,
        task: TaskSpec,
        *,
        max_output_tokens: int = 1024,
        backoff: BackoffPolicy | None = None,
        request_logprobs: bool = True,
        top_logprobs: int = 5,
        api_key: str | None = None,
        base_url: str | None = None,
    ) -> None:
        self.model = settings.model
        self.stats = TeacherStats()
        self._settings = settings
        self._task = task
        self._max_output_tokens = max_output_tokens
        self._backoff = backoff or BackoffPolicy()
        self._want_logprobs = request_logprobs and task.kind == "classification"
        self._logprobs = self._want_logprobs
        self._top_logprobs = top_logprobs
        #: Multiplier on the list prices (the Batch API bills half).
        self.price_factor = 1.0
        self._client = make_gemini_client(settings, api_key=api_key, base_url=base_url)
        self._semaphore = asyncio.Semaphore(settings.concurrency)
        self._limiter = RateLimiter(
            requests_per_minute=settings.requests_per_minute,
            tokens_per_minute=settings.tokens_per_minute,
        )

    def generation_config(self) -> JsonObject:
        config: JsonObject = {
            "temperature": self._settings.temperature,
            "max_output_tokens": self._max_output_tokens,
            "kind": self._task.kind,
            "logprobs": self._want_logprobs,
        }
        if self._task.kind == "classification":
            config["response_schema"] = _label_schema(self._task.labels)
        return config

    def _config(self) -> types.GenerateContentConfig:
        config = types.GenerateContentConfig(
            temperature=self._settings.temperature,
            max_output_tokens=self._max_output_tokens,
        )
        if self._task.kind == "classification":
            config.response_mime_type = "application/json"
            config.response_schema = _label_schema(self._task.labels)
            if self._logprobs:
                config.response_logprobs = True
                config.logprobs = self._top_logprobs
        return config

    async def complete(self, request: TeacherRequest) -> TeacherResponse:
        try:
            response = await self._call(request)
        except TeacherError:
            self.stats.failed += 1
            raise
        self.stats.record(response)
        return response

    async def _call(self, request: TeacherRequest) -> TeacherResponse:
        estimate = len(request.prompt) // 4 + _EXPECTED_LABEL_TOKENS
        retries = 0
        while True:
            await self._limiter.acquire(estimate)
            try:
                async with self._semaphore:
                    raw = await self._send(request)
            except genai_errors.APIError as exc:
                if self._is_logprobs_refusal(exc):
                    continue
                delay = self._retry_delay(request, exc, retries)
            except _TRANSIENT as exc:
                delay = self._retry_delay(request, exc, retries)
            except (ValueError, ValidationError) as exc:
                raise TeacherResponseError(
                    f"Gemini returned a malformed response for example {request.example_id}: "
                    f"{type(exc).__name__}",
                    hint="check GOOGLE_GEMINI_BASE_URL points at a Gemini API endpoint",
                ) from None
            else:
                return self._parse(request, raw, retries, estimate)
            retries += 1
            self.stats.retried += 1
            await asyncio.sleep(delay)

    async def _send(self, request: TeacherRequest) -> types.GenerateContentResponse:
        """One HTTP attempt; the SDK enforces the timeout, ``asyncio.timeout`` backs it up."""
        self.stats.in_flight += 1
        try:
            async with asyncio.timeout(self._settings.timeout_s * 1.5):
                return await self._client.aio.models.generate_content(
                    model=self.model, contents=request.prompt, config=self._config()
                )
        finally:
            self.stats.in_flight -= 1

    def _is_logprobs_refusal(self, exc: genai_errors.APIError) -> bool:
        if exc.code == 400 and self._logprobs and "logprob" in str(exc.message or "").lower():
            logger.warning("model %s does not return logprobs; using hard labels", self.model)
            self._logprobs = False
            return True
        return False

    def _retry_delay(self, request: TeacherRequest, exc: BaseException, retries: int) -> float:
        """The wait before the next attempt, or raise when ``exc`` is final."""
        code = exc.code if isinstance(exc, genai_errors.APIError) else None
        what = f"HTTP {code}" if code is not None else type(exc).__name__
        if code is not None and code not in RETRYABLE_STATUS:
            raise TeacherError(
                f"Gemini refused the call for example {request.example_id}: {what} "
                f"{getattr(exc, 'status', '')}".rstrip(),
                hint="client errors (400, 403, ...) are not retried: check the model name, API "
                "key and permissions",
            ) from None
        if retries >= self._settings.max_retries:
            raise TeacherError(
                f"Gemini call for example {request.example_id} failed after {retries} "
                f"retries: {what}",
                hint="raise teacher.max_retries or teacher.timeout_s, or lower the rate limits",
            ) from None
        asked = parse_retry_after(_retry_after_header(exc), now=time.time())
        delay = asked if asked is not None else backoff_delay(retries, self._backoff)
        logger.info("retrying example %s after %s in %.2fs", request.example_id, what, delay)
        return min(delay, _MAX_RETRY_AFTER_S)

    def _parse(
        self, request: TeacherRequest, raw: types.GenerateContentResponse, retries: int, est: int
    ) -> TeacherResponse:
        meta = raw.usage_metadata
        usage = TokenUsage(
            input_tokens=(meta.prompt_token_count or 0) if meta else 0,
            output_tokens=(meta.candidates_token_count or 0) if meta else 0,
        )
        self._limiter.settle(est, usage.input_tokens + usage.output_tokens)
        cost = (
            self.price_factor
            * (
                usage.input_tokens * self._settings.input_price_per_mtok
                + usage.output_tokens * self._settings.output_price_per_mtok
            )
            / 1e6
        )
        text = raw.text
        if not text:
            raise TeacherResponseError(
                f"Gemini returned no text for example {request.example_id}",
                hint="the answer may have been blocked or cut off; see finish_reason",
            )
        label: str | None = None
        probabilities: dict[str, float] | None = None
        if self._task.kind == "classification":
            label = self._label_of(request, text)
            probabilities = _probabilities(raw, text, label, self._task.labels)
        return TeacherResponse(
            text=text,
            label=label,
            probabilities=probabilities,
            usage=usage,
            model=self.model,
            retries=retries,
            cost_usd=cost,
        )

    def _label_of(self, request: TeacherRequest, text: str) -> str:
        try:
            value: Any = json.loads(text)
        except json.JSONDecodeError:
            value = None
        label = value.get("label") if isinstance(value, dict) else value
        if not isinstance(label, str) or label not in self._task.labels:
            raise TeacherResponseError(
                f"Gemini answer for example {request.example_id} is not one of the labels "
                f"({len(text)} characters of malformed output)",
                hint="the model ignored the response schema; try another model",
            )
        return label

    async def aclose(self) -> None:
        await self._client.aio.aclose()


def _retry_after_header(exc: BaseException) -> str | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    value = headers.get("retry-after")
    return str(value) if value is not None else None


def _probabilities(
    raw: types.GenerateContentResponse, text: str, label: str, labels: tuple[str, ...]
) -> dict[str, float]:
    result = raw.candidates[0].logprobs_result if raw.candidates else None
    if result is not None and result.chosen_candidates and result.top_candidates:
        soft = from_token_logprobs(
            text=text,
            label=label,
            labels=labels,
            chosen=[c.token or "" for c in result.chosen_candidates],
            top=[
                [(c.token or "", c.log_probability or 0.0) for c in (step.candidates or [])]
                for step in result.top_candidates
            ],
        )
        if soft is not None:
            return soft
    return one_hot(label, labels)
