"""Retry timing as pure functions: jittered exponential backoff and ``Retry-After`` parsing.

The google-genai SDK retries through tenacity's ``wait_exponential_jitter``, which ignores a
server's ``Retry-After`` header and cannot report how many retries a call needed, so the
Gemini teacher keeps the SDK's own retries off and uses these.
"""

from __future__ import annotations

import email.utils
import random
from dataclasses import dataclass

__all__ = ["RETRYABLE_STATUS", "BackoffPolicy", "backoff_delay", "parse_retry_after"]

#: HTTP statuses retried: request timeout, too many requests, transient server errors.
RETRYABLE_STATUS: frozenset[int] = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class BackoffPolicy:
    """Delay before retry ``n`` (0-based): ``min(max_delay, initial * exp_base**n) + jitter``."""

    initial_delay: float = 1.0
    max_delay: float = 60.0
    exp_base: float = 2.0
    jitter: float = 1.0


def backoff_delay(attempt: int, policy: BackoffPolicy, *, rand: float | None = None) -> float:
    """Seconds to wait before retry number ``attempt`` (0 is the first retry).

    ``rand`` in [0, 1) replaces the random draw (tests).

    >>> p = BackoffPolicy(initial_delay=1.0, max_delay=5.0, exp_base=2.0, jitter=0.5)
    >>> [backoff_delay(n, p, rand=0.0) for n in range(4)]
    [1.0, 2.0, 4.0, 5.0]
    >>> backoff_delay(0, p, rand=0.5)
    1.25
    """
    draw = random.random() if rand is None else rand  # nosec B311  # retry jitter, not a secret
    base = min(policy.max_delay, policy.initial_delay * policy.exp_base**attempt)
    return min(policy.max_delay, base + policy.jitter * draw)


def parse_retry_after(value: str | None, *, now: float) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta seconds or an HTTP date), or None.

    ``now`` is the current Unix time, used for the HTTP-date form.

    >>> parse_retry_after("3", now=0.0)
    3.0
    >>> parse_retry_after("Thu, 01 Jan 1970 00:00:10 GMT", now=4.0)
    6.0
    >>> parse_retry_after("soon", now=0.0) is None
    True
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - now)
