"""Governance overhead per teacher call, excluding the teacher's own latency.

For each short ticket, one governed call does: PII scan and policy decision of the prompt,
two audit entries made durable (fsync), then (teacher call, not timed) PII scan and policy
decision of the response, two more durable audit entries. Reported as p50 / p99 per call,
sequentially, one call at a time (the conservative case: the pipeline batches scans and
fsyncs per micro-batch, see ``teacher_bench.py``), wall and CPU time.

Two response cases: the classification answer ``{"label": "billing"}`` repeats, so after the
first call its scan is an exact-text cache hit (what the pipeline sees); "uncached" turns the
gateway's scan cache off, so every response runs the full analyzer.

Baseline in the same run: stock Presidio per call (``AnalyzerEngine().analyze`` +
``AnonymizerEngine().anonymize`` on prompt and response, same spaCy model), without audit.

    .venv/bin/python benchmarks/governed_overhead_bench.py [--quick]
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.pii_systems import MODEL, STOCK_MODEL, block_network
from pipeline.distillation.overhead import nearest_rank

REPO = Path(__file__).resolve().parents[1]
RESPONSE = '{"label": "billing"}'

__all__ = ["CallTimes", "bench_texts", "governed_sequential", "stock_sequential"]


@dataclass(frozen=True)
class CallTimes:
    """Milliseconds per call: wall clock and process CPU time."""

    wall_ms: list[float]
    cpu_ms: list[float]

    def line(self, label: str) -> str:
        w50, w99 = nearest_rank(self.wall_ms, 50), nearest_rank(self.wall_ms, 99)
        c50, c99 = nearest_rank(self.cpu_ms, 50), nearest_rank(self.cpu_ms, 99)
        return (
            f"{label}: p50 {w50:.2f} ms  p99 {w99:.2f} ms wall "
            f"(cpu p50 {c50:.2f} ms  p99 {c99:.2f} ms)"
        )


def bench_texts(n: int) -> list[str]:
    """``n`` short support tickets (subject and body, about 200 characters, most with PII)."""
    from pipeline.sources.support_tickets import generate_tickets

    return [f"{t.subject}\n{t.body}" for t in generate_tickets(n, seed=5)]


def governed_sequential(texts: list[str], *, cache: bool = True) -> CallTimes:
    """One governed call at a time: 2 scans + decisions + 4 audit entries + 2 group commits
    (each: the entries, a signed checkpoint and its anchor line, 3 fsyncs)."""
    from governance.audit.anchors import AnchorLog
    from governance.audit.events import EventKind
    from governance.audit.keys import Signer
    from governance.audit.log import AuditLog
    from governance.pii.gateway import PiiGateway
    from governance.pii.scan_cache import ScanCache
    from governance.policy.loader import load_policy

    loaded = load_policy(REPO / "policies" / "support_tickets.yaml")
    gateway = PiiGateway.from_policy(loaded.policy, secret=b"b" * 32, spacy_model=MODEL)
    if not cache:
        gateway.scan_cache = ScanCache(max_entries=0)
    gateway.decide_prompts(["warm up: John Smith, john@example.com"])
    gateway.decide_responses([RESPONSE])
    wall: list[float] = []
    cpu: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        audit = AuditLog.create(
            Path(tmp) / "audit",
            signer=Signer.ephemeral(name="bench"),
            origin="bench/run",
            anchors=AnchorLog(Path(tmp) / "anchors.jsonl"),
        )
        for text in texts:
            start, cpu_start = time.perf_counter(), time.process_time()
            decision = gateway.decide_prompts([text])[0]
            payload = decision.to_audit_payload()
            audit.append(EventKind.PROMPT_SCANNED, payload, policy_hash=loaded.sha256)
            audit.append(EventKind.PROMPT_DECISION, payload, policy_hash=loaded.sha256)
            audit.sync()
            response = gateway.decide_responses([RESPONSE])[0]
            rpayload = response.to_audit_payload()
            audit.append(EventKind.RESPONSE_SCANNED, rpayload, policy_hash=loaded.sha256)
            audit.append(EventKind.RESPONSE_DECISION, rpayload, policy_hash=loaded.sha256)
            audit.sync()
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - cpu_start) * 1000)
        audit.close()
    return CallTimes(wall, cpu)


def stock_sequential(texts: list[str]) -> CallTimes:
    """Stock Presidio: analyze + anonymize of prompt and response, no audit."""
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_anonymizer import AnonymizerEngine

    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": STOCK_MODEL}],
        }
    )
    analyzer = AnalyzerEngine(nlp_engine=provider.create_engine())
    anonymizer = AnonymizerEngine()
    analyzer.analyze("warm up john@example.com", language="en")
    wall: list[float] = []
    cpu: list[float] = []
    for text in texts:
        start, cpu_start = time.perf_counter(), time.process_time()
        for t in (text, RESPONSE):
            found = analyzer.analyze(t, language="en")
            anonymizer.anonymize(text=t, analyzer_results=found)  # type: ignore[arg-type]
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - cpu_start) * 1000)
    return CallTimes(wall, cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="100 calls instead of 300")
    args = parser.parse_args()
    block_network()
    logging.getLogger("tldextract").setLevel(logging.CRITICAL)
    os.environ.setdefault("DISTILLGATE_HOME", tempfile.mkdtemp(prefix="dg-bench-"))

    n = 100 if args.quick else 300
    texts = bench_texts(n)
    ours = governed_sequential(texts)
    uncached = governed_sequential(texts, cache=False)
    stock = stock_sequential(texts)
    print(f"calls={n} (sequential, one at a time, short tickets; teacher latency excluded)")
    print(ours.line("governed call (2 scans + 4 durable audit entries)"))
    print(uncached.line("governed call, response scan uncached"))
    print(stock.line("stock Presidio (2 analyze + 2 anonymize, no audit)"))
    s50, o50 = nearest_rank(stock.wall_ms, 50), nearest_rank(ours.wall_ms, 50)
    print(f"ratio stock/governed: p50 {s50 / o50:.2f}x (wall)")
    print("target: governed p50 under 5 ms per short prompt")


if __name__ == "__main__":
    main()
