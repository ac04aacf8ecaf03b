"""Exact-text cache of scan results, so repeated short texts are analyzed once.

Teacher responses of classification tasks repeat (``{"label": "billing"}``), and the
analyzer is a pure function of the text, so a repeated text gets the findings of its first
scan: the same detection, without running the NER model again. Texts are keyed by a
BLAKE2b digest under a random per-process key, so the cache keeps no raw text; only texts
up to :data:`MAX_CACHED_CHARS` characters are kept, in a bounded LRU.

>>> from governance.pii.types import PiiFinding
>>> cache = ScanCache(max_entries=2)
>>> cache.get("call 212 555 0199") is None
True
>>> cache.put("call 212 555 0199", [PiiFinding("PHONE_NUMBER", 5, 17, 0.95, "us_phone")])
>>> [f.entity_type for f in cache.get("call 212 555 0199") or []]
['PHONE_NUMBER']
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict

from governance.pii.types import PiiFinding

__all__ = ["DEFAULT_CACHE_ENTRIES", "MAX_CACHED_CHARS", "ScanCache"]

#: Longer texts (prompts, documents) are rarely repeated exactly; they are not cached.
MAX_CACHED_CHARS = 512
DEFAULT_CACHE_ENTRIES = 4096
_KEY_BYTES = 16


class ScanCache:
    """Bounded LRU of findings per text digest (offsets are into that same text)."""

    def __init__(self, *, max_entries: int = DEFAULT_CACHE_ENTRIES) -> None:
        self._key = os.urandom(_KEY_BYTES)
        self._max_entries = max_entries
        self._entries: OrderedDict[bytes, tuple[PiiFinding, ...]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def _digest(self, text: str) -> bytes:
        return hashlib.blake2b(text.encode("utf-8"), digest_size=16, key=self._key).digest()

    def get(self, text: str) -> list[PiiFinding] | None:
        """The cached findings of ``text``, or None (also for texts too long to cache)."""
        if len(text) > MAX_CACHED_CHARS or self._max_entries <= 0:
            return None
        digest = self._digest(text)
        found = self._entries.get(digest)
        if found is None:
            self.misses += 1
            return None
        self._entries.move_to_end(digest)
        self.hits += 1
        return list(found)

    def put(self, text: str, findings: list[PiiFinding]) -> None:
        """Remember the findings of ``text`` (ignored for texts too long to cache)."""
        if len(text) > MAX_CACHED_CHARS or self._max_entries <= 0:
            return
        self._entries[self._digest(text)] = tuple(findings)
        if len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)
