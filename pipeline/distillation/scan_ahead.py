"""Scan the next micro-batch's prompts while the teacher answers the current one.

Only the PII scan (findings) runs ahead, in one worker thread: decisions, pseudonyms and
audit entries stay on the loop, in record order, so the audit log is the same as without
scanning ahead, and every decision is durable before its call (fail closed). The event loop
mostly waits on the network meanwhile (and the BLAS products release the GIL), so the scan
overlaps the teacher's latency instead of adding to it. The analyzer is never used by two
threads at once: the loop waits for a scan in flight (:meth:`ScanAhead.settle`) before it
scans responses itself.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass

from governance.pii.gateway import PiiGateway
from governance.pii.types import PiiFinding

__all__ = ["PromptScan", "ScanAhead", "scan_prompts"]


@dataclass(frozen=True)
class PromptScan:
    """Findings per prompt of one micro-batch, the CPU seconds the scan took, and whether it
    ran ahead on the worker thread (else on the calling thread, already in its CPU time)."""

    texts: tuple[str, ...]
    findings: list[list[PiiFinding]]
    cpu_s: float
    ahead: bool = False


def scan_prompts(gateway: PiiGateway, texts: Sequence[str]) -> PromptScan:
    """Scan ``texts`` on this thread, timing this thread's CPU."""
    start = time.thread_time()
    findings = gateway.scan(texts)
    return PromptScan(tuple(texts), findings, time.thread_time() - start)


class ScanAhead:
    """At most one scan in flight, for the micro-batch that comes next."""

    def __init__(self, gateway: PiiGateway, *, enabled: bool = True) -> None:
        self._gateway = gateway
        self._enabled = enabled
        self._pending: asyncio.Future[PromptScan] | None = None

    def start(self, texts: Sequence[str]) -> None:
        """Begin scanning ``texts`` in the worker thread (no-op when disabled)."""
        if self._enabled and self._pending is None and texts:
            self._pending = asyncio.ensure_future(
                asyncio.to_thread(scan_prompts, self._gateway, list(texts))
            )

    async def settle(self) -> None:
        """Wait until no scan is in flight (its result or error is kept for :meth:`take`)."""
        if self._pending is not None:
            await asyncio.wait({self._pending})

    async def take(self, texts: Sequence[str]) -> PromptScan:
        """The findings of ``texts``: the scan started ahead, or a scan on this thread now."""
        pending, self._pending = self._pending, None
        if pending is not None:
            scan = await pending
            if scan.texts == tuple(texts):
                return PromptScan(scan.texts, scan.findings, scan.cpu_s, ahead=True)
        return scan_prompts(self._gateway, texts)

    async def close(self) -> None:
        """Wait for a scan in flight and drop it (the loop ended early, e.g. on an error)."""
        pending, self._pending = self._pending, None
        if pending is not None:
            await asyncio.wait({pending})
            if not pending.cancelled():
                pending.exception()
