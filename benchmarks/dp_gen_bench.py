"""DP-SGD cost and utility of the generation student on a support-ticket summary task.

The records are synthetic support tickets (``generate_tickets``); the "teacher answer" is a
deterministic one-line summary templated from the ticket's hidden intent (benchmark only:
it stands in for a real teacher). For each student candidate the benchmark trains without
DP and with DP (ghost clipping; per-sample gradients where tied weights train) at ε = 8,
and reports time per epoch and held-out ROUGE-L F1 / exact match against the template.

    .venv/bin/python benchmarks/dp_gen_bench.py --quick
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

# The code of this checkout, not whatever distillgate the interpreter has installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from governance.policy.jobs import ClippingMode, StudentSettings, TrainingSettings
from governance.policy.models import Accountant
from pipeline.sources.support_tickets import generate_tickets
from pipeline.student.dp_plan import DpPlan
from pipeline.student.generation import GenExample, train_generator

_SUMMARIES = {
    "billing": "billing issue: the customer disputes a charge on the invoice",
    "refund": "refund request: the customer wants the money back",
    "login": "login problem: the customer cannot access the account",
    "shipping": "shipping question: the customer asks where the parcel is",
    "cancellation": "cancellation: the customer wants to end the subscription",
    "technical_issue": "technical issue: the app crashes or shows an error",
    "account_update": "account update: the customer wants to change personal details",
    "product_question": "product question: the customer asks about a feature",
}


@dataclass(frozen=True)
class Candidate:
    """One student configuration and the learning rate it trains with."""

    name: str
    settings: StudentSettings
    learning_rate: float


_CANDIDATES = {
    "minilm-head": Candidate(
        "minilm-head",
        StudentSettings(init="minilm", num_layers=2, max_length=64, train_encoder_layers=0),
        1e-2,
    ),
    "minilm-top1": Candidate(
        "minilm-top1",
        StudentSettings(init="minilm", num_layers=2, max_length=64, train_encoder_layers=1),
        2e-3,
    ),
    "scratch": Candidate(
        "scratch",
        StudentSettings(
            init="scratch",
            num_layers=2,
            max_length=64,
            train_encoder_layers=None,
            freeze_embeddings=False,
        ),
        2e-3,
    ),
}


def _examples(n: int) -> tuple[list[GenExample], list[GenExample]]:
    tickets = generate_tickets(n, seed=20261128)
    ex = [GenExample(t.id, f"{t.subject}\n{t.body}", _SUMMARIES[t.intent]) for t in tickets]
    cut = int(0.8 * n)
    return ex[:cut], ex[cut:]


def _run(
    candidate: Candidate,
    epsilon: float | None,
    args: argparse.Namespace,
    data: tuple[list[GenExample], list[GenExample]],
) -> dict[str, float]:
    train, held_out = data
    plan = (
        DpPlan.disabled()
        if epsilon is None
        else DpPlan(True, epsilon, 1e-5, 1.0, ClippingMode.GHOST, Accountant.PRV)
    )
    training = TrainingSettings(
        epochs=args.epochs,
        batch_size=args.batch_size,
        physical_batch_size=args.batch_size,
        learning_rate=candidate.learning_rate,
        seed=1234,
    )
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        result = train_generator(
            train,
            held_out,
            settings=candidate.settings,
            training=training,
            dp=plan,
            out_dir=Path(tmp),
        )
        wall = time.perf_counter() - start
    row = {
        "epoch_s": result.train_seconds / args.epochs,
        "wall_s": wall,
        "rouge_l": result.metrics.agreement or 0.0,
        "exact": result.metrics.accuracy or 0.0,
        "epsilon": result.epsilon,
        "latency_ms": result.metrics.latency_ms_per_example or 0.0,
    }
    label = f"{candidate.name} {'non-private' if epsilon is None else f'dp eps={epsilon:g}'}"
    print(
        f"{label:<26} clip={result.clipping:<10} "
        + "  ".join(f"{k}={v:.3f}" for k, v in row.items()),
        flush=True,
    )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="400 tickets, 2 epochs, the minilm-top1 student"
    )
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument(
        "--learning-rate", type=float, default=None, help="override every student's rate"
    )
    parser.add_argument(
        "--students", nargs="+", choices=list(_CANDIDATES), default=list(_CANDIDATES)
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    if args.quick:
        args.records, args.epochs, args.batch_size = 400, 2, 32
        args.students = ["minilm-top1"]
    data = _examples(args.records)
    print(f"records={args.records} epochs={args.epochs} batch={args.batch_size} (shared CPU box)")
    for name in args.students:
        candidate = _CANDIDATES[name]
        if args.learning_rate is not None:
            candidate = replace(candidate, learning_rate=args.learning_rate)
        plain = _run(candidate, None, args, data)
        private = _run(candidate, 8.0, args, data)
        print(
            f"  {name}: DP/non-private epoch time {private['epoch_s'] / plain['epoch_s']:.2f}x; "
            f"ROUGE-L {private['rouge_l']:.3f} at eps=8 vs {plain['rouge_l']:.3f} non-private "
            f"({100 * (private['rouge_l'] - plain['rouge_l']):+.1f} points)",
            flush=True,
        )


if __name__ == "__main__":
    main()
