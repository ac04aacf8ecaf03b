"""Governance overhead per teacher call, excluding the teacher's own latency.

For each short ticket, one governed call does: PII scan and policy decision of the prompt,
two audit entries made durable (fsync), then (teacher call, not timed) PII scan and policy
decision of the response, two more durable audit entries. Reported as p50 / p99 per call,
sequentially (the conservative case: the pipeline batches scans and fsyncs per micro-batch).

Baseline in the same run: stock Presidio per call (``AnalyzerEngine().analyze`` +
``AnonymizerEngine().anonymize`` on prompt and response, same spaCy model), without audit.

    .venv/bin/python benchmarks/governed_overhead_bench.py [--quick]
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pii_bench import MODEL, _block_network

REPO = Path(__file__).resolve().parents[1]
RESPONSE = '{"label": "billing"}'


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered), p99


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="100 calls instead of 300")
    args = parser.parse_args()
    _block_network()
    logging.getLogger("tldextract").setLevel(logging.CRITICAL)
    os.environ.setdefault("DISTILLGATE_HOME", tempfile.mkdtemp(prefix="dg-bench-"))

    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_anonymizer import AnonymizerEngine

    from governance.audit.events import EventKind
    from governance.audit.keys import Signer
    from governance.audit.log import AuditLog
    from governance.pii.gateway import PiiGateway
    from governance.policy.loader import load_policy
    from pipeline.sources.support_tickets import generate_tickets

    n = 100 if args.quick else 300
    texts = [f"{t.subject}\n{t.body}" for t in generate_tickets(n, seed=5)]
    loaded = load_policy(REPO / "policies" / "support_tickets.yaml")
    gateway = PiiGateway.from_policy(loaded.policy, secret=b"b" * 32, spacy_model=MODEL)
    gateway.process_prompt("warm up: John Smith, john@example.com")

    ours: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        audit = AuditLog.create(
            Path(tmp) / "audit", signer=Signer.ephemeral(name="bench"), origin="bench/run"
        )
        for text in texts:
            start = time.perf_counter()
            decision = gateway.process_prompt(text)
            payload = decision.to_audit_payload()
            audit.append(EventKind.PROMPT_SCANNED, payload, policy_hash=loaded.sha256)
            audit.append(EventKind.PROMPT_DECISION, payload, policy_hash=loaded.sha256)
            audit.sync()
            response = gateway.process_response(RESPONSE)
            rpayload = response.to_audit_payload()
            audit.append(EventKind.RESPONSE_SCANNED, rpayload, policy_hash=loaded.sha256)
            audit.append(EventKind.RESPONSE_DECISION, rpayload, policy_hash=loaded.sha256)
            audit.sync()
            ours.append((time.perf_counter() - start) * 1000)
        audit.close()

    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": MODEL}],
        }
    )
    analyzer = AnalyzerEngine(nlp_engine=provider.create_engine())
    anonymizer = AnonymizerEngine()
    analyzer.analyze("warm up john@example.com", language="en")
    stock: list[float] = []
    for text in texts:
        start = time.perf_counter()
        for t in (text, RESPONSE):
            found = analyzer.analyze(t, language="en")
            anonymizer.anonymize(text=t, analyzer_results=found)  # type: ignore[arg-type]
        stock.append((time.perf_counter() - start) * 1000)

    o50, o99 = _percentiles(ours)
    s50, s99 = _percentiles(stock)
    print(f"calls={n} (sequential, short tickets; teacher latency excluded)")
    print(f"governed call (2 scans + 4 durable audit entries): p50 {o50:.2f} ms  p99 {o99:.2f} ms")
    print(f"stock Presidio (2 analyze + 2 anonymize, no audit): p50 {s50:.2f} ms  p99 {s99:.2f} ms")
    print(f"ratio stock/governed: p50 {s50 / o50:.2f}x  p99 {s99 / o99:.2f}x")
    print("target: governed p50 under 5 ms per short prompt")


if __name__ == "__main__":
    main()
