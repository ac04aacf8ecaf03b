"""A durable, content-addressed cache of teacher responses (what makes ``--resume`` free).

The key is the SHA-256 of (provider, model, generation config, SHA-256 of the redacted
prompt); the prompt itself is never stored. Entries live in an SQLite file in the run
directory (WAL journal, ``synchronous=FULL``): once :meth:`ResponseCache.put` returns, the
answer survives a crash or SIGKILL, so a resumed run makes no duplicate paid call.

Answers are cached as they arrive, *before* the response policy has looked at them (that is
what makes a killed run lose no paid answer), so a teacher answer that echoes PII would sit
in the file. Every stored answer is therefore sealed with AES-256-GCM under a key derived
(HKDF-SHA256) from the per-deployment secret, with the cache key as associated data: the file
holds no readable answer text, and a row moved to another key or edited fails to open.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from governance.errors import TeacherError
from governance.jsontypes import JsonObject, JsonValue
from pipeline.teacher.base import Teacher, TeacherRequest, TeacherResponse, TokenUsage

__all__ = ["CachedTeacher", "ResponseCache", "cache_key", "prompt_sha256"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    prompt_sha256 TEXT NOT NULL,
    response TEXT NOT NULL,
    created_at REAL NOT NULL
)
"""


def prompt_sha256(prompt: str) -> str:
    """Hex SHA-256 of a (redacted) prompt."""
    return hashlib.sha256(prompt.encode("utf-8")).hexdigest()


def cache_key(
    *, provider: str, model: str, generation_config: Mapping[str, JsonValue], prompt: str
) -> str:
    """The content address of one teacher call.

    >>> a = cache_key(provider="gemini", model="m", generation_config={"t": 0}, prompt="p")
    >>> a == cache_key(provider="gemini", model="m", generation_config={"t": 0}, prompt="p")
    True
    >>> a == cache_key(provider="gemini", model="m", generation_config={"t": 1}, prompt="p")
    False
    """
    canonical = json.dumps(
        {
            "provider": provider,
            "model": model,
            "generation_config": dict(generation_config),
            "prompt_sha256": prompt_sha256(prompt),
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


#: Prefix of a sealed row (format version of the stored value).
_SEALED = "aesgcm1:"
_HKDF_INFO = b"distillgate/teacher-response-cache/v1"
_NONCE_BYTES = 12


def _cipher(secret: bytes) -> AESGCM:
    if len(secret) < 16:
        raise TeacherError("the response cache needs a secret of at least 16 bytes")
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(secret)
    return AESGCM(key)


def _encode(response: TeacherResponse) -> str:
    return json.dumps(asdict(response), sort_keys=True)


def _decode(text: str) -> TeacherResponse:
    data: dict[str, Any] = json.loads(text)
    data["usage"] = TokenUsage(**data["usage"])
    return TeacherResponse(**data)


class ResponseCache:
    """``get``/``put`` teacher responses by :func:`cache_key`; one SQLite file.

    ``secret`` (the per-deployment secret, keyword-only) keys the sealing of stored answers.
    """

    def __init__(self, path: Path, *, secret: bytes) -> None:
        self.path = Path(path)
        self._aead = _cipher(secret)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute(_SCHEMA)
        except sqlite3.Error as exc:
            raise TeacherError(
                f"cannot open the response cache {self.path}: {exc}",
                hint="check the run directory is writable and not corrupted",
            ) from None

    def get(self, key: str) -> TeacherResponse | None:
        """The cached response (marked ``cached=True``), or None."""
        try:
            row = self._db.execute("SELECT response FROM responses WHERE key = ?", (key,))
            found = row.fetchone()
        except sqlite3.Error as exc:
            raise TeacherError(f"cannot read the response cache: {exc}") from None
        if found is None:
            return None
        return replace(_decode(self._open(key, found[0])), cached=True, retries=0)

    def _seal(self, key: str, plain: str) -> str:
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plain.encode("utf-8"), key.encode("ascii"))
        return _SEALED + base64.b64encode(nonce + sealed).decode("ascii")

    def _open(self, key: str, stored: str) -> str:
        if not stored.startswith(_SEALED):
            raise TeacherError(
                f"the response cache {self.path} holds an entry in an unknown format",
                hint="delete the cache file; answers not in it are asked again",
            )
        try:
            raw = base64.b64decode(stored[len(_SEALED) :], validate=True)
            plain = self._aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], key.encode("ascii"))
        except (InvalidTag, ValueError):
            raise TeacherError(
                f"a response cache entry in {self.path} does not open with this deployment's "
                "secret (another secret, or the file was altered)",
                hint="resume with the DISTILLGATE_HOME that made the run, or delete the cache",
            ) from None
        return plain.decode("utf-8")

    def put(self, key: str, response: TeacherResponse, *, prompt_hash: str = "") -> None:
        """Store ``response`` durably (committed and fsynced before returning)."""
        try:
            self._db.execute(
                "INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?)",
                (
                    key,
                    prompt_hash,
                    self._seal(key, _encode(replace(response, cached=False))),
                    time.time(),
                ),
            )
        except sqlite3.Error as exc:
            raise TeacherError(f"cannot write the response cache: {exc}") from None

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM responses").fetchone()[0])

    def close(self) -> None:
        self._db.close()


class CachedTeacher(Teacher):
    """Answers from the cache when it can, otherwise asks ``inner`` and stores the answer.

    Identical requests in flight at the same time share one call.
    """

    def __init__(self, inner: Teacher, cache: ResponseCache) -> None:
        self.inner = inner
        self.cache = cache
        self.provider = inner.provider
        self.model = inner.model
        self.stats = inner.stats
        self._pending: dict[str, asyncio.Future[TeacherResponse]] = {}

    def generation_config(self) -> JsonObject:
        return self.inner.generation_config()

    def key_of(self, request: TeacherRequest) -> str:
        return cache_key(
            provider=self.provider.value,
            model=self.model,
            generation_config=self.generation_config(),
            prompt=request.prompt,
        )

    async def complete(self, request: TeacherRequest) -> TeacherResponse:
        key = self.key_of(request)
        hit = self.cache.get(key)
        if hit is not None:
            self.stats.record(hit)
            return hit
        pending = self._pending.get(key)
        if pending is not None:
            shared = await asyncio.shield(pending)
            response = replace(shared, cached=True, retries=0)
            self.stats.record(response)
            return response
        future: asyncio.Future[TeacherResponse] = asyncio.get_running_loop().create_future()
        self._pending[key] = future
        try:
            response = await self.inner.complete(request)
            self.cache.put(key, response, prompt_hash=prompt_sha256(request.prompt))
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # mark retrieved: waiters re-raise it themselves
            raise
        else:
            future.set_result(response)
            return response
        finally:
            del self._pending[key]

    async def complete_many(self, requests: Sequence[TeacherRequest]) -> list[TeacherResponse]:
        """Cached answers first; each miss is cached as soon as its answer arrives.

        Answers are made durable one by one (a run killed mid-batch keeps every answer it
        received); only a teacher that answers whole batches (Batch API) gets the misses in
        one ``inner.complete_many`` call. Concurrent single calls still share the local
        teachers' batched forward passes.
        """
        keys = [self.key_of(r) for r in requests]
        found = [self.cache.get(k) for k in keys]
        misses = [i for i, hit in enumerate(found) if hit is None]
        missed = set(misses)
        if self.inner.answers_in_batches:
            fresh = await self.inner.complete_many([requests[i] for i in misses])
            for i, response in zip(misses, fresh, strict=True):
                self.cache.put(keys[i], response, prompt_hash=prompt_sha256(requests[i].prompt))
                found[i] = response
        else:
            answered = await asyncio.gather(*(self.complete(requests[i]) for i in misses))
            for i, response in zip(misses, answered, strict=True):
                found[i] = response
        for i, hit in enumerate(found):
            if i not in missed and hit is not None:
                self.stats.record(hit)  # the misses were counted where they were answered
        return [r for r in found if r is not None]

    async def aclose(self) -> None:
        await self.inner.aclose()
