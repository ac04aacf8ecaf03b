"""Teacher gateway benchmark against the loopback Gemini server (real google-genai SDK).

1. Throughput: server latency 300 ms, limit 600 requests/min; sustained request rate at the
   server as a fraction of the limit (target >= 0.95), measured after the first second's
   burst.
2. Overhead: sequential calls against a zero-latency server with no limit; the time the
   teacher layer (our code + SDK + loopback HTTP) adds per call, p50 and p99.
3. Governed loop (``distill``) over short support tickets, same server (300 ms, 600 rpm),
   micro-batches of 64: the gateway's own overhead per call as the pipeline runs it. Per
   micro-batch, the wall (and CPU) time of everything but the teacher calls (prompt scans,
   decisions, audit entries, fsync before the calls; response scans, decisions, audit
   entries, fsync after) divided by the calls of that micro-batch; p50 and p99 over
   micro-batches. Run twice: with the next micro-batch's prompts scanned in a worker thread
   during the calls (the default: its CPU counts, its wall time only where the loop waits
   for it) and inline. Printed next to the sequential one-call-at-a-time figure of
   ``governed_overhead_bench.py`` (no batching: one NER pass and two fsyncs per call).

Run: ``.venv/bin/python benchmarks/teacher_bench.py [--calls 200] [--json]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from governed_overhead_bench import bench_texts, governed_sequential

from governance.audit.anchors import AnchorLog
from governance.audit.keys import Signer
from governance.audit.log import AuditLog
from governance.pii.gateway import PiiGateway
from governance.policy.jobs import DEFAULT_INTENTS, TeacherSettings
from governance.policy.loader import load_policy
from governance.policy.models import TeacherProvider
from pipeline.distillation.governed import DistillLimits, Governance, distill
from pipeline.distillation.overhead import nearest_rank
from pipeline.sources.base import SourceRecord
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


async def _governed(
    server: GeminiServer,
    records: int,
    rpm: int,
    concurrency: int,
    batch_size: int,
    *,
    scan_ahead: bool,
) -> dict[str, float]:
    server.latency_s = 0.3
    loaded = load_policy(Path(__file__).resolve().parents[1] / "policies" / "support_tickets.yaml")
    gateway = PiiGateway.from_policy(loaded.policy, secret=b"b" * 32)
    gateway.decide_prompts(["warm up: John Smith, john@example.com"])
    texts = bench_texts(records)
    source = [SourceRecord(f"t-{i}", text, None) for i, text in enumerate(texts)]
    settings = TeacherSettings(
        provider=TeacherProvider.GEMINI,
        model="gemini-2.5-flash",
        requests_per_minute=rpm,
        concurrency=concurrency,
    )
    teacher = GeminiTeacher(settings, TASK)
    with tempfile.TemporaryDirectory() as tmp:
        audit = AuditLog.create(
            Path(tmp) / "audit",
            signer=Signer.ephemeral(name="bench"),
            origin="bench/run",
            anchors=AnchorLog(Path(tmp) / "anchors.jsonl"),
        )
        start = time.monotonic()
        try:
            outcome = await distill(
                source,
                governance=Governance(gateway, audit, loaded.sha256),
                teacher=teacher,
                task=TASK,
                limits=DistillLimits(
                    concurrency=concurrency,
                    max_calls=10**6,
                    batch_size=batch_size,
                    scan_ahead=scan_ahead,
                ),
            )
        finally:
            await teacher.aclose()
            audit.close()
        wall = time.monotonic() - start
    o = outcome.overhead
    return {
        "records": records,
        "calls": sum(o.calls),
        "micro_batches": len(o.calls),
        "batch_size": batch_size,
        "wall_s": wall,
        "rate_per_s": sum(o.calls) / wall,
        "fraction_of_limit": sum(o.calls) / wall / (rpm / 60.0),
        "per_call_p50_ms": o.percentile_ms(50),
        "per_call_p99_ms": o.percentile_ms(99),
        "per_call_cpu_p50_ms": o.percentile_ms(50, cpu=True),
        "per_call_cpu_p99_ms": o.percentile_ms(99, cpu=True),
        "governance_share_of_wall": sum(o.wall_s) / wall,
    }


def _sequential(calls: int) -> dict[str, float]:
    times = governed_sequential(bench_texts(calls))
    return {
        "calls": calls,
        "p50_ms": nearest_rank(times.wall_ms, 50),
        "p99_ms": nearest_rank(times.wall_ms, 99),
        "cpu_p50_ms": nearest_rank(times.cpu_ms, 50),
        "cpu_p99_ms": nearest_rank(times.cpu_ms, 99),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200, help="calls in the throughput phase")
    parser.add_argument("--rpm", type=int, default=600)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--overhead-calls", type=int, default=200)
    parser.add_argument(
        "--governed-records", type=int, default=384, help="tickets in the governed-loop phase"
    )
    parser.add_argument("--batch-size", type=int, default=64, help="governed micro-batch size")
    parser.add_argument("--sequential-calls", type=int, default=100)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--quick", action="store_true", help="fewer calls in every phase (make bench)"
    )
    args = parser.parse_args()
    if args.quick:
        args.calls, args.overhead_calls, args.sequential_calls = 60, 60, 40
        args.governed_records = 2 * args.batch_size
    os.environ["GEMINI_API_KEY"] = "bench-key"
    server = GeminiServer().start()
    os.environ["GOOGLE_GEMINI_BASE_URL"] = server.base_url
    try:
        throughput = asyncio.run(_throughput(server, args.calls, args.rpm, args.concurrency))
        server.requests.clear()
        overhead = asyncio.run(_overhead(server, args.overhead_calls))
        server.requests.clear()
        governed = {}
        for mode, ahead in (("scan_ahead", True), ("inline", False)):
            server.requests.clear()
            governed[mode] = asyncio.run(
                _governed(
                    server,
                    args.governed_records,
                    args.rpm,
                    args.concurrency,
                    args.batch_size,
                    scan_ahead=ahead,
                )
            )
    finally:
        server.stop()
    sequential = _sequential(args.sequential_calls)
    result = {
        "throughput": throughput,
        "overhead": overhead,
        "governed": governed,
        "sequential": sequential,
        "cpus": os.cpu_count(),
    }
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
    q = sequential
    for mode, how in (
        ("scan_ahead", "next micro-batch's prompts scanned during this one's calls"),
        ("inline", "prompts scanned between the calls"),
    ):
        g = governed[mode]
        print(
            f"governed loop, {how}: {g['calls']} calls in {g['micro_batches']} micro-batches "
            f"of {g['batch_size']}, {g['rate_per_s']:.2f}/s ({g['fraction_of_limit']:.3f} of "
            f"the limit), governance on the critical path {g['governance_share_of_wall']:.1%} "
            "of the wall time"
        )
        print(
            "  gateway overhead per call in the pipeline (amortised per micro-batch: scans, "
            f"decisions, audit, 2 fsyncs per batch): p50 {g['per_call_p50_ms']:.2f} ms, "
            f"p99 {g['per_call_p99_ms']:.2f} ms wall on the critical path; CPU work "
            f"p50 {g['per_call_cpu_p50_ms']:.2f} ms, p99 {g['per_call_cpu_p99_ms']:.2f} ms "
            "(target p50 < 5 ms)"
        )
    print(
        "gateway overhead per call, sequential (one call at a time: 2 scans + 4 durable audit "
        f"entries, 2 fsyncs per call): p50 {q['p50_ms']:.2f} ms, p99 {q['p99_ms']:.2f} ms wall "
        f"(cpu p50 {q['cpu_p50_ms']:.2f} ms, p99 {q['cpu_p99_ms']:.2f} ms)"
    )


if __name__ == "__main__":
    main()
