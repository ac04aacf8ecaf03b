"""Micro-batching for local models: concurrent ``complete`` calls share one forward pass."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Generic, TypeVar

from governance.errors import DistillgateError, TeacherError

__all__ = ["MicroBatcher"]

T = TypeVar("T")
R = TypeVar("R")


class MicroBatcher(Generic[T, R]):
    """Collects items submitted within ``max_wait_s`` into batches of at most ``max_batch``
    and runs ``fn`` on each batch in a worker thread, one batch at a time."""

    def __init__(
        self, fn: Callable[[list[T]], list[R]], *, max_batch: int = 64, max_wait_s: float = 0.002
    ) -> None:
        self._fn = fn
        self._max_batch = max_batch
        self._max_wait_s = max_wait_s
        self._queue: list[tuple[T, asyncio.Future[R]]] = []
        self._worker: asyncio.Task[None] | None = None

    async def submit(self, item: T) -> R:
        """The result of ``fn`` for ``item``."""
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._queue.append((item, future))
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        await asyncio.sleep(self._max_wait_s)
        while self._queue:
            batch = self._queue[: self._max_batch]
            del self._queue[: self._max_batch]
            try:
                results = await asyncio.to_thread(self._fn, [item for item, _ in batch])
            except DistillgateError as exc:
                self._fail(batch, exc)
            except Exception as exc:  # a model failure must surface as a TeacherError
                self._fail(batch, TeacherError(f"local teacher failed: {type(exc).__name__}"))
            else:
                for (_, future), result in zip(batch, results, strict=True):
                    if not future.done():
                        future.set_result(result)

    @staticmethod
    def _fail(batch: list[tuple[T, asyncio.Future[R]]], exc: Exception) -> None:
        for _, future in batch:
            if not future.done():
                future.set_exception(exc)
