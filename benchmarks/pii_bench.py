"""PII gateway vs stock Presidio on independent labelled sources, and throughput.

Run: ``python benchmarks/pii_bench.py [--quick] [--policy FILE] [--countries US,GB|issue30]
[--sources a,b] [--json OUT]``. Not a timed test.

For every source of ``benchmarks/pii_sources`` (each labelled TUNED-ON or HELD-OUT) both the
gateway (``PiiGateway.from_policy``, default policy ``policies/support_tickets.yaml``) and
stock Presidio (``AnalyzerEngine().analyze`` in a loop, same spaCy model) scan the same texts
in the same run; figures per source and entity type are character precision, span recall
(80% of a gold span's characters covered by any finding), typed recall and F2
(``benchmarks/pii_scoring.py``), plus the share of look-alikes flagged, next to the targets
of issue 17. Throughput is measured on the short sentences of the original corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import pii_throughput
from benchmarks.pii_report import source_json, source_table
from benchmarks.pii_scoring import score_source
from benchmarks.pii_sources.corpus_adapter import corpus
from benchmarks.pii_sources.registry import SOURCES, Source
from benchmarks.pii_systems import (
    DEFAULT_POLICY,
    ISSUE_COUNTRIES,
    MODEL,
    STOCK_MODEL,
    Detectors,
    block_network,
    build_detectors,
)
from benchmarks.pii_targets import Check, held_out_checks, regression_checks, speed_check


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sources, 2 timing rounds")
    parser.add_argument("--policy", type=Path, default=DEFAULT_POLICY, help="policy file")
    parser.add_argument(
        "--countries",
        default=None,
        help="comma-separated ISO codes replacing the policy's prompt.countries; "
        "'issue30' for the 30 countries of issue 17; '' for none",
    )
    parser.add_argument(
        "--sources", default=None, help="comma-separated source names (default: all)"
    )
    parser.add_argument("--no-throughput", action="store_true", help="skip the timing runs")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    return parser.parse_args()


def _countries(value: str | None) -> list[str] | None:
    if value is None:
        return None
    if value == "issue30":
        return list(ISSUE_COUNTRIES)
    return [c.strip().upper() for c in value.split(",") if c.strip()]


def _run_source(
    source: Source, detectors: Detectors, quick: bool
) -> tuple[list[str], dict[str, Any], tuple[Check, ...]]:
    examples = source.build(quick)
    texts = [e.text for e in examples]
    start = time.perf_counter()
    ours = score_source(examples, detectors.gateway(texts))
    ours_s = time.perf_counter() - start
    start = time.perf_counter()
    stock = score_source(examples, detectors.stock(texts))
    stock_s = time.perf_counter() - start
    checks = regression_checks(ours) if source.regression_only else held_out_checks(ours, stock)
    description = source.description
    if source.status == "TUNED-ON" and not source.regression_only:
        description += " (targets shown for information: tuned on)"
    lines = source_table(source.name, source.status, description, ours, stock, checks)
    lines.append(f"scan time: gateway {ours_s:.1f}s, stock {stock_s:.1f}s")
    return lines, source_json(source.status, ours, stock, checks), checks


def main() -> None:
    args = _args()
    block_network()
    wanted = set(args.sources.split(",")) if args.sources else {s.name for s in SOURCES}
    unknown = wanted - {s.name for s in SOURCES}
    if unknown:
        raise SystemExit(f"unknown source(s): {', '.join(sorted(unknown))}")
    detectors = build_detectors(
        model=MODEL,
        stock_model=STOCK_MODEL,
        policy_path=args.policy,
        countries=_countries(args.countries),
    )
    print(
        f"spaCy model: gateway {MODEL}, stock {STOCK_MODEL}; "
        f"policy {detectors.policy_label}; CPU cores {os.cpu_count()}"
    )
    print(
        "prediction = a finding the policy acts on (score >= its min_score, action not allow), "
        "for both detectors; precision is per character, recall per span (>= 80% covered)\n"
    )
    figures: dict[str, Any] = {
        "model": MODEL,
        "stock_model": STOCK_MODEL,
        "policy": detectors.policy_label,
        "sources": {},
    }
    summary: list[str] = []
    for source in SOURCES:
        if source.name not in wanted:
            continue
        lines, data, checks = _run_source(source, detectors, args.quick)
        print("\n".join(lines) + "\n", flush=True)
        figures["sources"][source.name] = data
        met = sum(c.met for c in checks)
        summary.append(f"{source.name} [{source.status}]: {met}/{len(checks)} targets met")
    if not args.no_throughput:
        sample = [e.text for e in corpus(300 if args.quick else 1000)]
        result = pii_throughput.measure(detectors, MODEL, sample, 2 if args.quick else 3)
        print("\n".join(pii_throughput.report(result)))
        speed = speed_check(result.best_s["stock"], result.best_s["ours1"])
        summary.append(f"throughput: {speed}")
        figures["throughput"] = {
            "best_s": result.best_s,
            "cpu_s": result.cpu_s,
            "texts": result.texts,
        }
    detectors.analyzer.close()
    print("\nsummary (held-out figures are the ones that count):\n  " + "\n  ".join(summary))
    load = os.getloadavg()[0]
    print(f"load average {load:.2f} on {os.cpu_count()} cores when done")
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
