"""Throughput of the gateway against the stock Presidio loop on short texts.

Best of several rounds, configurations interleaved (the machine is shared); the 2-process
pool is started once and its start-up reported apart. CPU time counts the parent and the
workers, so it does not depend on other jobs on the machine.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from benchmarks.pii_systems import Detectors

__all__ = ["Throughput", "measure", "report"]


@dataclass(frozen=True)
class Throughput:
    """Best wall and CPU seconds per configuration over ``texts`` texts of ``chars`` chars."""

    texts: int
    chars: int
    best_s: dict[str, float]
    cpu_s: dict[str, float]
    pool_startup_s: float


def measure(detectors: Detectors, model: str, sample: Sequence[str], rounds: int) -> Throughput:
    """Times stock, gateway (1 and 2 processes) and NER-only references on ``sample``."""
    from governance.pii.ner_decoder import GreedyNerDecoder
    from governance.pii.spacy_loader import load_ner_pipeline

    nlp = load_ner_pipeline(model)
    decoder = GreedyNerDecoder.for_pipeline(nlp)

    def ner_numpy() -> None:
        docs = [nlp.make_doc(t) for t in sample]
        if decoder is not None:
            for i in range(0, len(docs), 256):
                decoder.annotate(docs[i : i + 256])

    pool = detectors.analyzer.worker_pool(2)
    one = detectors.gateway_batch(sample, 1)
    if detectors.gateway_batch(sample, 2) != one:
        raise AssertionError("two processes differ from one")
    runs: dict[str, Callable[[], object]] = {
        "stock": lambda: detectors.stock(sample),
        "ours1": lambda: detectors.gateway_batch(sample, 1),
        "ours2": lambda: detectors.gateway_batch(sample, 2),
        "ner": lambda: list(nlp.pipe(sample, batch_size=256)),
        "ner_numpy": ner_numpy,
    }
    best = dict.fromkeys(runs, float("inf"))
    cpu = dict.fromkeys(runs, float("inf"))
    for _ in range(rounds):
        for key, fn in runs.items():
            before = pool.stats.worker_cpu_s
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            best[key] = min(best[key], time.perf_counter() - start)
            spent = time.process_time() - start_cpu + pool.stats.worker_cpu_s - before
            cpu[key] = min(cpu[key], spent)
    return Throughput(len(sample), sum(map(len, sample)), best, cpu, pool.stats.startup_s)


def report(t: Throughput) -> list[str]:
    """The throughput table and the CPU per document line."""
    stock = t.best_s["stock"]
    lines = [
        f"throughput on {t.texts} short texts ({t.chars / t.texts:.0f} chars on average), "
        "best of rounds",
        f"{'':<34}{'docs/s':>9}{'chars/s':>11}{'x stock':>9}",
    ]
    for name, key in [
        ("stock Presidio loop", "stock"),
        ("gateway, 1 process", "ours1"),
        ("gateway, 2 processes", "ours2"),
        ("spaCy NER-only nlp.pipe", "ner"),
        ("NER-only, our numpy decoder", "ner_numpy"),
    ]:
        secs = t.best_s[key]
        lines.append(f"{name:<34}{t.texts / secs:>9.1f}{t.chars / secs:>11.0f}{stock / secs:>9.2f}")
    lines.append(
        "CPU ms per document (parent + workers): "
        + ", ".join(f"{k} {1000 * v / t.texts:.2f}" for k, v in t.cpu_s.items())
    )
    lines.append(
        f"2-process pool start-up {t.pool_startup_s:.2f}s (one-off, not in the 2-process figures)"
    )
    return lines
