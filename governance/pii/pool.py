"""A persistent pool of PII worker processes, started once and reused across scans.

Each worker holds its own :class:`~governance.pii.analyzer.PiiAnalyzer`: a copy of the
parent's (``fork``, nothing pickled, pages shared copy-on-write) or one rebuilt from the
analyzer's recipe (``spawn``). Workers run one thread each. :meth:`PiiWorkerPool.scan` streams
chunks of texts through the workers with a bounded number of chunks in flight (constant
memory) and yields findings in input order. A worker that dies, fails or stops answering
raises :class:`PiiWorkerError`; no text is ever dropped silently and nothing hangs.

>>> from governance.pii.analyzer import build_analyzer
>>> from governance.policy.models import PromptRules
>>> with PiiWorkerPool(build_analyzer(PromptRules(entities={})), processes=2) as pool:
...     [[f.entity_type for f in found] for found in pool.scan(["mail ana@example.org"])]
[['EMAIL_ADDRESS']]
"""

from __future__ import annotations

import atexit
import gc
import logging
import multiprocessing
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from types import TracebackType
from typing import TYPE_CHECKING, Literal, Protocol, TypeVar

from governance.errors import DistillgateError, PiiError
from governance.pii.types import PiiFinding

if TYPE_CHECKING:
    from governance.pii.analyzer import PiiAnalyzer

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "AnalyzerFactory",
    "PiiWorkerError",
    "PiiWorkerPool",
    "PoolStats",
    "StartMethod",
]

_log = logging.getLogger(__name__)
_T = TypeVar("_T")

StartMethod = Literal["fork", "spawn", "forkserver"]
#: Texts per task: big enough for ``nlp.pipe`` to batch well, small enough to balance.
DEFAULT_CHUNK_SIZE = 256
_DEFAULT_CHUNK_TIMEOUT_S = 600.0
_HINT = "rerun the scan; if it recurs, scan with one process (--processes 1) to see the error"

_WORKER_ANALYZER: PiiAnalyzer | None = None


class PiiWorkerError(PiiError):
    """A PII worker process died, failed or timed out; the scan's results are incomplete."""

    exit_code = 1


class AnalyzerFactory(Protocol):
    """Rebuilds an analyzer in a fresh process (``spawn``); must be picklable."""

    def build(self) -> PiiAnalyzer:
        """A new analyzer equal in configuration to the original."""
        ...


@dataclass(frozen=True)
class PoolStats:
    """What the workers did so far: documents, chunks and their CPU time (no PII)."""

    processes: int
    startup_s: float
    documents: int
    chunks: int
    worker_cpu_s: float

    @property
    def cpu_ms_per_document(self) -> float:
        """Worker CPU time per document in milliseconds (0 before any document)."""
        return 1000.0 * self.worker_cpu_s / self.documents if self.documents else 0.0


def _limit_threads() -> None:
    """One compute thread per worker: N workers on N cores must not oversubscribe them."""
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(1)
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # optional: BLAS pools then keep their defaults
        return
    threadpool_limits(limits=1)


def _init_worker(analyzer: PiiAnalyzer | None, factory: AnalyzerFactory | None) -> None:
    global _WORKER_ANALYZER
    _limit_threads()
    if analyzer is None:
        assert factory is not None
        analyzer = factory.build()
    _WORKER_ANALYZER = analyzer


def _scan_chunk(chunk: list[str]) -> tuple[list[list[PiiFinding]], float]:
    assert _WORKER_ANALYZER is not None, "worker not initialised"
    start = time.process_time()
    results = list(_WORKER_ANALYZER.analyze_batch(chunk, batch_size=len(chunk)))
    return results, time.process_time() - start


def _ready() -> bool:
    return _WORKER_ANALYZER is not None


def _chunks(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    iterator = iter(texts)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _default_start_method() -> StartMethod:
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


class PiiWorkerPool:
    """``processes`` worker processes scanning chunks of texts with one analyzer's rules.

    Started in the constructor (the one-off cost is :attr:`PoolStats.startup_s`), reused by
    every :meth:`scan`, released by :meth:`close` (also on exit and by ``with``). At most
    ``max_in_flight`` chunks (default twice ``processes``) are submitted and not yet
    yielded, so memory stays constant on any stream. ``chunk_timeout_s`` bounds the wait
    for one chunk. After a worker dies the pool is closed; build a new one.
    """

    def __init__(
        self,
        analyzer: PiiAnalyzer,
        *,
        processes: int,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        max_in_flight: int | None = None,
        chunk_timeout_s: float | None = _DEFAULT_CHUNK_TIMEOUT_S,
        start_method: StartMethod | None = None,
        factory: AnalyzerFactory | None = None,
    ) -> None:
        if processes < 1 or chunk_size < 1 or (max_in_flight is not None and max_in_flight < 1):
            raise PiiError(
                f"invalid pool size: processes={processes}, chunk_size={chunk_size}, "
                f"max_in_flight={max_in_flight} (each must be at least 1)"
            )
        method = start_method or _default_start_method()
        if method != "fork":
            factory = factory or analyzer.recipe
            if factory is None:
                raise PiiError(
                    f"a {method!r} worker pool needs an analyzer built by build_analyzer",
                    hint="build the analyzer with governance.pii.analyzer.build_analyzer",
                )
        self.processes = processes
        self.chunk_size = chunk_size
        self.max_in_flight = max_in_flight or 2 * processes
        self.chunk_timeout_s = chunk_timeout_s
        self._documents = self._chunk_count = 0
        self._worker_cpu_s = 0.0
        started = time.perf_counter()
        self._executor: ProcessPoolExecutor | None = ProcessPoolExecutor(
            processes,
            mp_context=multiprocessing.get_context(method),
            initializer=_init_worker,
            initargs=(analyzer, None) if method == "fork" else (None, factory),
        )
        atexit.register(self.close)
        self._start(method)
        self.startup_s = time.perf_counter() - started
        _log.debug("PII worker pool: %d %s workers in %.2fs", processes, method, self.startup_s)

    def _start(self, method: StartMethod) -> None:
        """Start every worker now so that no scan pays for it; freeze the parent's objects
        during the fork so the workers' garbage collector does not copy the shared pages."""
        assert self._executor is not None
        if method == "fork":
            gc.freeze()
        try:
            warm = [self._executor.submit(_ready) for _ in range(self.processes)]
            for future in warm:
                self._result(future, self.chunk_timeout_s)
        finally:
            if method == "fork":
                gc.unfreeze()

    # -- public API ---------------------------------------------------------------------
    @property
    def closed(self) -> bool:
        """True once closed (explicitly, on exit, or after a worker failure)."""
        return self._executor is None

    @property
    def pids(self) -> tuple[int, ...]:
        """Process ids of the running workers (empty once closed)."""
        executor = self._executor
        processes = executor._processes if executor is not None else None
        return tuple(sorted(processes or {}))

    @property
    def stats(self) -> PoolStats:
        """Documents, chunks and worker CPU time since the pool started."""
        return PoolStats(
            self.processes, self.startup_s, self._documents, self._chunk_count, self._worker_cpu_s
        )

    def scan(
        self, texts: Iterable[str], *, chunk_size: int | None = None
    ) -> Iterator[list[PiiFinding]]:
        """Findings per text, in input order, streaming with bounded memory."""
        window: deque[tuple[Future[tuple[list[list[PiiFinding]], float]], int]] = deque()
        try:
            for chunk in _chunks(texts, chunk_size or self.chunk_size):
                if len(window) >= self.max_in_flight:
                    yield from self._collect(*window.popleft())
                window.append((self._submit(chunk), len(chunk)))
            while window:
                yield from self._collect(*window.popleft())
        finally:
            for future, _ in window:
                future.cancel()

    def close(self) -> None:
        """Stop the workers (idempotent). Running chunks finish; queued ones are dropped."""
        executor, self._executor = self._executor, None
        atexit.unregister(self.close)
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> PiiWorkerPool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- internals ----------------------------------------------------------------------
    def _submit(self, chunk: list[str]) -> Future[tuple[list[list[PiiFinding]], float]]:
        if self._executor is None:
            raise PiiWorkerError("the PII worker pool is closed", hint="build a new pool")
        try:
            return self._executor.submit(_scan_chunk, chunk)
        except BrokenProcessPool as exc:
            self._kill()
            raise PiiWorkerError("a PII worker process died", hint=_HINT) from exc

    def _collect(
        self, future: Future[tuple[list[list[PiiFinding]], float]], size: int
    ) -> list[list[PiiFinding]]:
        results, cpu_s = self._result(future, self.chunk_timeout_s)
        if len(results) != size:
            self._kill()
            raise PiiWorkerError(f"a PII worker returned {len(results)} results for {size} texts")
        self._documents += size
        self._chunk_count += 1
        self._worker_cpu_s += cpu_s
        return results

    def _result(self, future: Future[_T], timeout: float | None) -> _T:
        try:
            return future.result(timeout=timeout)
        except BrokenProcessPool as exc:
            self._kill()
            raise PiiWorkerError(
                "a PII worker process died (killed or out of memory); the scan is incomplete",
                hint=_HINT,
            ) from exc
        except TimeoutError as exc:
            self._kill()
            raise PiiWorkerError(
                f"a PII worker did not answer within {timeout:.0f}s; workers stopped", hint=_HINT
            ) from exc
        except DistillgateError:
            raise
        except Exception as exc:
            raise PiiWorkerError(f"a PII worker failed: {type(exc).__name__}", hint=_HINT) from exc

    def _kill(self) -> None:
        """Close without waiting for running chunks: kill the workers."""
        executor, self._executor = self._executor, None
        atexit.unregister(self.close)
        if executor is None:
            return
        for process in list((executor._processes or {}).values()):
            process.kill()
        executor.shutdown(wait=True, cancel_futures=True)
