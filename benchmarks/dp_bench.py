"""DP-SGD cost and utility of the student on the demo task (support tickets).

Runs, on the same student and data: DP with ghost clipping, DP with per-sample gradients and
non-private training (time per epoch, peak RSS), then a privacy-utility table at ε = 1, 3, 8
and without DP (held-out agreement with the labels). ``--quick`` shrinks everything.

    .venv/bin/python benchmarks/dp_bench.py --quick
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

# The code of this checkout, not whatever distillgate the interpreter has installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from governance.policy.jobs import DEFAULT_INTENTS, ClippingMode, StudentSettings, TrainingSettings
from governance.policy.models import Accountant
from pipeline.sources.support_tickets import generate_tickets
from pipeline.student.dp_plan import DpPlan
from pipeline.student.examples import TrainExample
from pipeline.student.train import train_student


def _examples(n: int) -> tuple[list[TrainExample], list[TrainExample]]:
    labels = list(DEFAULT_INTENTS)
    tickets = generate_tickets(n, seed=20261128)
    ex = [
        TrainExample(t.id, f"{t.subject}\n{t.body}", labels.index(t.intent), None) for t in tickets
    ]
    cut = int(0.8 * n)
    return ex[:cut], ex[cut:]


def _plan(clipping: ClippingMode | None, epsilon: float) -> DpPlan:
    if clipping is None:
        return DpPlan.disabled()
    return DpPlan(True, epsilon, 1e-5, 1.0, clipping, Accountant.PRV)


def _run(name: str, plan: DpPlan, args: argparse.Namespace, data: tuple) -> dict[str, float]:
    train, held_out = data
    training = TrainingSettings(epochs=args.epochs)  # the demo job's batch size and rate
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        result = train_student(
            train,
            held_out,
            labels=list(DEFAULT_INTENTS),
            settings=StudentSettings(num_layers=2, max_length=64),  # the demo's student
            training=training,
            dp=plan,
            out_dir=Path(tmp),
        )
        wall = time.perf_counter() - start
    row = {
        "epoch_s": result.train_seconds / args.epochs,
        "wall_s": wall,
        "agreement": result.metrics.agreement or 0.0,
        "epsilon": result.epsilon,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print(f"{name:<22} " + "  ".join(f"{k}={v:.3f}" for k, v in row.items()), flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="400 tickets, 1 epoch")
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--epochs", type=int, default=6)
    args = parser.parse_args()
    if args.quick:
        args.records, args.epochs = 400, 1
    data = _examples(args.records)
    print(f"records={args.records} epochs={args.epochs} (peak RSS is per process, cumulative)")
    rows = {
        "non-private": _run("non-private", _plan(None, 0), args, data),
        "dp ghost eps=8": _run("dp ghost eps=8", _plan(ClippingMode.GHOST, 8.0), args, data),
        "dp per-sample eps=8": _run(
            "dp per-sample eps=8", _plan(ClippingMode.PER_SAMPLE, 8.0), args, data
        ),
    }
    for eps in (1.0, 3.0):
        rows[f"dp ghost eps={eps:g}"] = _run(
            f"dp ghost eps={eps:g}", _plan(ClippingMode.GHOST, eps), args, data
        )
    base = rows["non-private"]
    print(f"ghost/non-private time: {rows['dp ghost eps=8']['epoch_s'] / base['epoch_s']:.2f}x")
    print(
        f"per-sample/non-private: {rows['dp per-sample eps=8']['epoch_s'] / base['epoch_s']:.2f}x"
    )
    for name in ("dp ghost eps=1", "dp ghost eps=3", "dp ghost eps=8", "non-private"):
        print(f"| {name} | agreement {rows[name]['agreement']:.3f} |")


if __name__ == "__main__":
    main()
