"""Rate limiter and backoff: pure logic under a fake clock."""

from __future__ import annotations

import asyncio

import pytest

from pipeline.teacher.limiter import RateLimiter, TokenBucket
from pipeline.teacher.retry import BackoffPolicy, backoff_delay, parse_retry_after


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_bucket_refills_at_its_rate_and_caps_at_capacity() -> None:
    bucket = TokenBucket.full(capacity=2, rate_per_s=1, now=0.0)
    assert [bucket.reserve(1, 0.0) for _ in range(2)] == [0.0, 0.0]
    assert bucket.reserve(1, 0.5) == pytest.approx(0.5)
    assert bucket.reserve(1, 100.0) == 0.0  # refilled, capped at 2
    assert bucket.reserve(1, 100.0) == 0.0
    assert bucket.reserve(1, 100.0) == pytest.approx(1.0)


def test_requests_per_minute_is_the_sustained_rate() -> None:
    clock = FakeClock()
    limiter = RateLimiter(
        requests_per_minute=600, tokens_per_minute=10**9, clock=clock, sleep=clock.sleep
    )

    async def run() -> None:
        for _ in range(1000):
            await limiter.acquire(10)

    asyncio.run(run())
    # a burst of one second (10 calls), then 10 per second
    assert clock.now == pytest.approx((1000 - 10) / 10.0)


def test_tokens_per_minute_limits_large_calls_and_settle_corrects() -> None:
    clock = FakeClock()
    limiter = RateLimiter(
        requests_per_minute=10**6, tokens_per_minute=6000, clock=clock, sleep=clock.sleep
    )
    assert limiter.reserve(100) == 0.0  # burst: 100 tokens
    assert limiter.reserve(100) == pytest.approx(1.0)  # 100 tokens/s
    limiter.settle(estimated=100, actual=0)  # the second call used nothing
    assert limiter.reserve(50) == pytest.approx(0.5)
    assert limiter.reserve(1000) == pytest.approx(10.5)  # larger than the burst: waits


def test_concurrent_acquirers_are_spaced_out() -> None:
    clock = FakeClock()
    limiter = RateLimiter(
        requests_per_minute=60, tokens_per_minute=10**9, clock=clock, sleep=clock.sleep
    )
    waits = [limiter.reserve(1) for _ in range(4)]
    assert waits == [0.0, 1.0, 2.0, 3.0]


def test_backoff_grows_exponentially_with_bounded_jitter() -> None:
    policy = BackoffPolicy(initial_delay=0.5, max_delay=4.0, exp_base=2.0, jitter=0.25)
    delays = [backoff_delay(n, policy) for n in range(6)]
    for n, delay in enumerate(delays):
        base = min(4.0, 0.5 * 2**n)
        assert base <= delay <= min(4.0, base + 0.25)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2", 2.0), ("0.5", 0.5), ("-3", 0.0), ("", None), (None, None), ("later", None)],
)
def test_retry_after_parsing(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, now=0.0) == expected
