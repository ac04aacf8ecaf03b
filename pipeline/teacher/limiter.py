"""Requests-per-minute and tokens-per-minute limits as token buckets.

:class:`TokenBucket` is pure bookkeeping over a caller-supplied clock reading, so it is tested
with plain numbers. :class:`RateLimiter` wires two buckets to a real (or fake) clock and sleep.
A reservation may drive a bucket below zero: the caller then waits until the deficit has
refilled, which keeps callers in first-come order without a queue.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from governance.errors import ConfigError

__all__ = ["RateLimiter", "TokenBucket"]


@dataclass
class TokenBucket:
    """A bucket of ``capacity`` units refilled at ``rate_per_s``; starts full at ``now``."""

    capacity: float
    rate_per_s: float
    level: float
    updated: float

    @classmethod
    def full(cls, *, capacity: float, rate_per_s: float, now: float) -> TokenBucket:
        if capacity <= 0 or rate_per_s <= 0:
            raise ConfigError("rate limits must be positive", hint="check teacher limits")
        return cls(capacity=capacity, rate_per_s=rate_per_s, level=capacity, updated=now)

    def _refill(self, now: float) -> None:
        if now > self.updated:
            self.level = min(self.capacity, self.level + (now - self.updated) * self.rate_per_s)
            self.updated = now

    def reserve(self, amount: float, now: float) -> float:
        """Take ``amount`` units now; return the seconds to wait before using them.

        >>> b = TokenBucket.full(capacity=2, rate_per_s=1, now=0.0)
        >>> [b.reserve(1, 0.0), b.reserve(1, 0.0), b.reserve(1, 0.0), b.reserve(1, 0.0)]
        [0.0, 0.0, 1.0, 2.0]
        """
        self._refill(now)
        self.level -= amount
        return 0.0 if self.level >= 0 else -self.level / self.rate_per_s

    def adjust(self, delta: float, now: float) -> None:
        """Give back (``delta`` > 0) or take (``delta`` < 0) units after the fact."""
        self._refill(now)
        self.level = min(self.capacity, self.level + delta)


class RateLimiter:
    """Limits calls per minute and tokens per minute.

    The burst is one second's worth of each limit (at least one call), so a long run's
    throughput converges to the limits; a call larger than the burst waits for its deficit.
    """

    def __init__(
        self,
        *,
        requests_per_minute: float,
        tokens_per_minute: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        now = clock()
        rps = requests_per_minute / 60.0
        tps = tokens_per_minute / 60.0
        self._requests = TokenBucket.full(capacity=max(1.0, rps), rate_per_s=rps, now=now)
        self._tokens = TokenBucket.full(capacity=max(1.0, tps), rate_per_s=tps, now=now)

    def reserve(self, tokens: int) -> float:
        """Reserve one call and ``tokens`` tokens; the seconds to wait before calling."""
        now = self._clock()
        return max(self._requests.reserve(1, now), self._tokens.reserve(tokens, now))

    async def acquire(self, tokens: int) -> float:
        """Wait until one call of ``tokens`` estimated tokens may start; the seconds waited."""
        wait = self.reserve(tokens)
        if wait > 0:
            await self._sleep(wait)
        return wait

    def settle(self, estimated: int, actual: int) -> None:
        """Correct a token reservation once the real usage is known."""
        if actual != estimated:
            self._tokens.adjust(float(estimated - actual), self._clock())
