"""``TrainingResult``: what a student training run did, read by the privacy report and gate;
``StudentMetrics``: its held-out figures (the same fields for every student kind)."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from governance.privacy.report import DpAccounting

__all__ = ["StudentMetrics", "TrainingResult"]


@dataclass(frozen=True)
class StudentMetrics:
    """Metrics on examples the student never trained on."""

    eval_size: int
    agreement: float | None
    accuracy: float | None
    ece: float | None
    model_size_bytes: int
    latency_ms_per_example: float | None


@dataclass(frozen=True)
class TrainingResult:
    """Outcome of a student training run (:func:`pipeline.student.fit.fit_student`; also
    ``training.json``)."""

    epsilon: float
    delta: float
    target_epsilon: float | None
    noise_multiplier: float
    max_grad_norm: float | None
    sample_rate: float
    steps: int
    epochs: int
    dataset_size: int
    accountant: str
    clipping: str
    secure_rng: bool
    epsilon_history: list[tuple[int, float]]
    model_dir: Path
    seed: int
    metrics: StudentMetrics
    train_seconds: float
    batch_size: int = 0
    unsafe_noise_scale: float = 1.0
    checkpoints: list[str] = field(default_factory=list)
    task_kind: str = "classification"
    #: The checkpointed epoch training resumed after (None: trained from the first epoch).
    resumed_from_epoch: int | None = None

    @property
    def dp_enabled(self) -> bool:
        return math.isfinite(self.epsilon)

    def to_dp_accounting(self) -> DpAccounting:
        """The ``dp`` section of ``privacy_report.json``."""
        return DpAccounting(
            enabled=self.dp_enabled,
            epsilon=self.epsilon,
            delta=self.delta,
            target_epsilon=self.target_epsilon,
            noise_multiplier=self.noise_multiplier,
            max_grad_norm=self.max_grad_norm,
            sample_rate=self.sample_rate,
            steps=self.steps,
            epochs=self.epochs,
            dataset_size=self.dataset_size,
            accountant=self.accountant,
            clipping=self.clipping,
            secure_rng=self.secure_rng,
            epsilon_history=list(self.epsilon_history),
        )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["model_dir"] = str(self.model_dir)
        data["epsilon_history"] = [list(p) for p in self.epsilon_history]
        return data

    def write(self, path: Path) -> None:
        """Write as JSON (ε = inf is written as ``Infinity``, which :meth:`read` accepts)."""
        path.write_text(json.dumps(self.to_json(), indent=2) + "\n", encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> TrainingResult:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["model_dir"] = Path(data["model_dir"])
        data["metrics"] = StudentMetrics(**data["metrics"])
        data["epsilon_history"] = [(int(s), float(e)) for s, e in data["epsilon_history"]]
        return cls(**data)
