"""How far probe recall is from true recall: the gap on the PII benchmark's HELD-OUT sources.

Run: ``python benchmarks/probe_gap_bench.py [--quick] [--policy FILE] [--countries ...]
[--count N] [--json OUT]``. Not a timed test.

For every HELD-OUT labelled source of ``benchmarks/pii_sources`` (never used to tune the
gateway), the gateway of the policy (default ``policies/support_tickets.yaml`` with the 30
countries of the sources, so probes use their formats too) measures:

- **probe recall**: what a run reports: :func:`governance.probes.measure_probes` plants
  synthetic values into the source's own texts and counts those caught;
- **true recall**: on the same texts, the share of gold spans whose characters are at least
  80% covered by findings the policy acts on (the benchmark's span recall).

Both are per canonical type (``US_SSN``, ``UK_NINO``... are NATIONAL_ID); the gap is probe
recall minus true recall, in points. The type of a probe counts only where the source has
gold spans of that canonical type.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.pii_scoring import MIN_COVER, canonical_type, covered, merge
from benchmarks.pii_sources.model import Example
from benchmarks.pii_sources.registry import SOURCES
from benchmarks.pii_systems import DEFAULT_POLICY, ISSUE_COUNTRIES, block_network
from governance.pii.gateway import PiiGateway
from governance.policy.loader import load_policy
from governance.policy.models import Policy
from governance.probes import measure_probes, proportion_bounds

_SECRET = b"probe-gap-bench-secret-not-a-deployment-key"


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sources")
    parser.add_argument("--policy", type=Path, default=DEFAULT_POLICY, help="policy file")
    parser.add_argument(
        "--countries",
        default="issue30",
        help="comma-separated ISO codes replacing the policy's prompt.countries; 'issue30' "
        "(default) for the 30 countries of the sources; '' for the policy's own",
    )
    parser.add_argument("--count", type=int, default=200, help="probes per entity type")
    parser.add_argument("--seed", type=int, default=0, help="probe seed")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    return parser.parse_args()


def _policy(args: argparse.Namespace, texts: int) -> Policy:
    data = load_policy(args.policy).policy.model_dump(mode="json", by_alias=True)
    if args.countries:
        countries = ISSUE_COUNTRIES if args.countries == "issue30" else args.countries.split(",")
        data["prompt"]["countries"] = list(countries)
    data["prompt"]["probes"] = {"count": args.count, "seed": args.seed, "sample_records": texts}
    return Policy.model_validate(data)


def _true_recall(gateway: PiiGateway, examples: Sequence[Example]) -> Counter[tuple[str, bool]]:
    """(canonical type, found) counts of the gold spans, against what the policy acts on."""
    scans = gateway.scan([e.text for e in examples])
    counts: Counter[tuple[str, bool]] = Counter()
    for example, findings in zip(examples, scans, strict=True):
        acted = merge((f.start, f.end) for f in gateway.acted_on(findings))
        for span in example.spans:
            cover = covered(span.start, span.end, acted)
            counts[(span.entity_type, cover >= MIN_COVER * (span.end - span.start))] += 1
    return counts


def _gap_rows(examples: Sequence[Example], policy: Policy) -> list[dict[str, Any]]:
    gateway = PiiGateway.from_policy(policy, secret=_SECRET)
    truth = _true_recall(gateway, examples)
    started = time.perf_counter()
    results = measure_probes(
        gateway,
        [e.text for e in examples],
        [str(i) for i in range(len(examples))],
        secret=_SECRET,
        policy_sha256="benchmark",
    )
    probe_seconds = time.perf_counter() - started
    probes: Counter[tuple[str, bool]] = Counter(
        (canonical_type(p.entity_type), p.caught) for p in results.probes
    )
    rows = []
    for kind in sorted({k for k, _ in truth}):
        gold, found = truth[(kind, True)] + truth[(kind, False)], truth[(kind, True)]
        planted, caught = probes[(kind, True)] + probes[(kind, False)], probes[(kind, True)]
        if not planted or not gold:
            continue
        bound = proportion_bounds(caught, planted)
        rows.append(
            {
                "type": kind,
                "probes": planted,
                "probe_recall": caught / planted,
                "probe_recall_lower": bound.lower,
                "gold_spans": gold,
                "true_recall": found / gold,
                "gap_points": 100 * (caught / planted - found / gold),
                "probe_seconds": probe_seconds,
            }
        )
    return rows


def main() -> None:
    args = _args()
    block_network()
    report: dict[str, Any] = {"policy": str(args.policy), "countries": args.countries}
    for source in SOURCES:
        if source.status != "HELD-OUT":
            continue
        examples = source.build(args.quick)
        rows = _gap_rows(examples, _policy(args, len(examples)))
        report[source.name] = rows
        print(f"\n{source.name} (HELD-OUT, {len(examples)} texts)")
        print("type            probes  probe recall (95% lower)  gold  true recall  gap (points)")
        for r in rows:
            probe = f"{r['probe_recall']:>7.3f} ({r['probe_recall_lower']:.3f})"
            truth = f"{r['gold_spans']:>5}  {r['true_recall']:>10.3f}"
            print(
                f"{r['type']:<15} {r['probes']:>6}  {probe}       {truth}  {r['gap_points']:>+8.1f}"
            )
    if args.json is not None:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
