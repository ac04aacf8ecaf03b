"""Keyed digests of PII values: reviewers holding the key can test whether a value was seen."""

from __future__ import annotations

import hashlib
import hmac

__all__ = ["value_digest"]


def value_digest(secret: bytes, value: str) -> str:
    """HMAC-SHA256 of ``value`` under the per-deployment ``secret``, hex encoded.

    >>> value_digest(b"k" * 32, "555-0199") == value_digest(b"k" * 32, "555-0199")
    True
    >>> value_digest(b"k" * 32, "a") != value_digest(b"j" * 32, "a")
    True
    """
    return hmac.new(secret, value.encode("utf-8"), hashlib.sha256).hexdigest()
