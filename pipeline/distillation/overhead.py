"""The gateway's own time per teacher call, as the governed loop really runs it.

Per micro-batch the loop times its two governance phases (teacher latency excluded):

* prompts: PII scan, policy decisions, audit entries and the fsync before any call;
* responses: PII scan, policy decisions, audit entries and the fsync after the calls.

Wall and CPU time of both phases, divided by the teacher calls of that micro-batch, give the
amortised overhead per call. When the prompts were scanned ahead (during the previous
micro-batch's calls, see :mod:`pipeline.distillation.scan_ahead`), that scan's CPU time
counts for its micro-batch, but only the time the loop waited for it counts as wall time:
wall is the time governance adds to the run, CPU the work it costs. Pure bookkeeping;
percentiles are nearest-rank.

>>> o = GatewayOverhead()
>>> o.add_batch(calls=4, wall_s=0.008, cpu_s=0.006)
>>> o.add_batch(calls=0, wall_s=0.002, cpu_s=0.002)
>>> o.per_call_wall_ms()
[2.0]
>>> round(o.percentile_ms(50), 3)
2.0
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

__all__ = ["GatewayOverhead", "PhaseTimer", "nearest_rank"]


def nearest_rank(samples: list[float], percent: float) -> float:
    """The nearest-rank percentile of ``samples`` (nan when empty).

    >>> nearest_rank([3.0, 1.0, 2.0], 50), nearest_rank([1.0, 2.0, 3.0, 4.0], 99)
    (2.0, 4.0)
    """
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class PhaseTimer:
    """Accumulates wall and CPU seconds of the phases timed with :meth:`start`/:meth:`stop`.

    CPU is this thread's (``time.thread_time``); work done on other threads for the same
    phase is added with :meth:`add_cpu`, so nothing is counted twice.
    """

    wall_s: float = 0.0
    cpu_s: float = 0.0
    _wall0: float = 0.0
    _cpu0: float = 0.0

    def start(self) -> None:
        """Begin timing a phase."""
        self._wall0 = time.perf_counter()
        self._cpu0 = time.thread_time()

    def stop(self) -> None:
        """End the phase begun by :meth:`start` and add its time."""
        self.wall_s += time.perf_counter() - self._wall0
        self.cpu_s += time.thread_time() - self._cpu0

    def add_cpu(self, seconds: float) -> None:
        """Add CPU seconds spent for this phase on another thread."""
        self.cpu_s += seconds


@dataclass
class GatewayOverhead:
    """Per micro-batch: teacher calls made, and governance wall and CPU seconds spent."""

    calls: list[int] = field(default_factory=list)
    wall_s: list[float] = field(default_factory=list)
    cpu_s: list[float] = field(default_factory=list)

    def add_batch(self, *, calls: int, wall_s: float, cpu_s: float) -> None:
        """Record one micro-batch."""
        self.calls.append(calls)
        self.wall_s.append(wall_s)
        self.cpu_s.append(cpu_s)

    def per_call_wall_ms(self) -> list[float]:
        """Amortised wall milliseconds per call, one value per micro-batch with calls."""
        return [w * 1000 / c for w, c in zip(self.wall_s, self.calls, strict=True) if c]

    def per_call_cpu_ms(self) -> list[float]:
        """Amortised CPU milliseconds per call, one value per micro-batch with calls."""
        return [w * 1000 / c for w, c in zip(self.cpu_s, self.calls, strict=True) if c]

    def percentile_ms(self, percent: float, *, cpu: bool = False) -> float:
        """Nearest-rank percentile over micro-batches of the per-call overhead."""
        return nearest_rank(self.per_call_cpu_ms() if cpu else self.per_call_wall_ms(), percent)
