"""Teacher gateway benchmark against the loopback Gemini server (real google-genai SDK).

1. Throughput: server latency 300 ms, limit 600 requests/min; sustained request rate at the
   server as a fraction of the limit (target >= 0.95), measured after the first second's
   burst.
2. Overhead: sequential calls against a zero-latency server with no limit; the time the
   teacher layer (our code + SDK + loopback HTTP) adds per call, p50 and p99.

Run: ``.venv/bin/python benchmarks/teacher_bench.py [--calls 200] [--json]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from governance.policy.models import TeacherProvider
from pipeline.jobs import DEFAULT_INTENTS, TeacherSettings
from pipeline.teacher.base import TaskSpec, TeacherRequest, build_prompt
from pipeline.teacher.gemini import GeminiTeacher
from tests.support.gemini_server import GeminiServer

TASK = TaskSpec(kind="classification", labels=DEFAULT_INTENTS, instructions="Classify.")
TICKET = "Hi, I was charged twice on my last invoice, please fix the billing."


def _requests(n: int) -> list[TeacherRequest]:
    return [TeacherRequest(f"ex-{i}", build_prompt(TASK, f"{TICKET} #{i}"), TASK) for i in range(n)]


async def _throughput(
    server: GeminiServer, calls: int, rpm: int, concurrency: int
) -> dict[str, float]:
    server.latency_s = 0.3
    settings = TeacherSettings(
        provider=TeacherProvider.GEMINI,
        model="gemini-2.5-flash",
        requests_per_minute=rpm,
        concurrency=concurrency,
    )
    teacher = GeminiTeacher(settings, TASK)
    start = time.monotonic()
    try:
        await teacher.complete_many(_requests(calls))
    finally:
        await teacher.aclose()
    wall = time.monotonic() - start
    arrivals = sorted(r.received_at for r in server.requests)
    steady = [t for t in arrivals if t >= arrivals[0] + 1.0]
    window = steady[-1] - steady[0]
    steady_rate = (len(steady) - 1) / window if window > 0 else float("nan")
    limit = rpm / 60.0
    return {
        "calls": calls,
        "wall_s": wall,
        "overall_rate_per_s": calls / wall,
        "steady_rate_per_s": steady_rate,
        "limit_per_s": limit,
        "fraction_of_limit": steady_rate / limit,
    }


async def _overhead(server: GeminiServer, calls: int) -> dict[str, float]:
    server.latency_s = 0.0
    settings = TeacherSettings(
        provider=TeacherProvider.GEMINI,
        model="gemini-2.5-flash",
        requests_per_minute=10**7,
        tokens_per_minute=10**9,
    )
    teacher = GeminiTeacher(settings, TASK)
    models = teacher._client.aio.models
    sdk_call = models.generate_content
    in_sdk: list[float] = []

    async def timed(**kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return await sdk_call(**kwargs)
        finally:
            in_sdk.append((time.perf_counter() - began) * 1000)

    models.generate_content = timed  # type: ignore[method-assign]
    totals = []
    try:
        for request in _requests(calls):
            began = time.perf_counter()
            await teacher.complete(request)
            totals.append((time.perf_counter() - began) * 1000)
    finally:
        await teacher.aclose()
    totals, in_sdk = totals[5:], in_sdk[5:]  # warm-up: connection set-up
    ours = [t - s for t, s in zip(totals, in_sdk, strict=True)]
    total_cuts = statistics.quantiles(totals, n=100)
    our_cuts = statistics.quantiles(ours, n=100)
    return {
        "calls": len(totals),
        "p50_ms": total_cuts[49],
        "p99_ms": total_cuts[98],
        "own_p50_ms": our_cuts[49],
        "own_p99_ms": our_cuts[98],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200, help="calls in the throughput phase")
    parser.add_argument("--rpm", type=int, default=600)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--overhead-calls", type=int, default=200)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    os.environ["GEMINI_API_KEY"] = "bench-key"
    server = GeminiServer().start()
    os.environ["GOOGLE_GEMINI_BASE_URL"] = server.base_url
    try:
        throughput = asyncio.run(_throughput(server, args.calls, args.rpm, args.concurrency))
        server.requests.clear()
        overhead = asyncio.run(_overhead(server, args.overhead_calls))
    finally:
        server.stop()
    result = {"throughput": throughput, "overhead": overhead, "cpus": os.cpu_count()}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(
        f"throughput: {throughput['steady_rate_per_s']:.2f}/s sustained "
        f"({throughput['fraction_of_limit']:.3f} of the {args.rpm} rpm limit; target >= 0.95), "
        f"{args.calls} calls in {throughput['wall_s']:.1f}s"
    )
    print(
        f"per call at zero server latency (SDK + loopback HTTP + ours): "
        f"p50 {overhead['p50_ms']:.2f} ms, p99 {overhead['p99_ms']:.2f} ms"
    )
    print(
        f"teacher layer's own overhead (outside the SDK call): "
        f"p50 {overhead['own_p50_ms']:.3f} ms, p99 {overhead['own_p99_ms']:.3f} ms"
    )


if __name__ == "__main__":
    main()
