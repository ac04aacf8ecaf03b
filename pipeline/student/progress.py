"""Rich progress bar for student training: loss, ε so far, examples per second."""

from __future__ import annotations

import math
import time
from types import TracebackType

from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

__all__ = ["TrainingProgress"]


class TrainingProgress:
    """Counts examples seen; renders a live bar when ``enabled`` (a no-op otherwise)."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.epsilon = math.nan
        self.examples = 0
        self.loss = math.nan
        self._start = time.perf_counter()
        self._progress: Progress | None = None
        self._task = TaskID(0)

    def __enter__(self) -> TrainingProgress:
        if self.enabled:
            self._progress = Progress(
                TextColumn("[bold]student"),
                BarColumn(),
                TextColumn(
                    "loss {task.fields[loss]:.4f}  ε {task.fields[eps]}  "
                    "{task.fields[rate]:.1f} ex/s"
                ),
                TimeElapsedColumn(),
                transient=True,
            )
            self._progress.__enter__()
            self._task = self._progress.add_task(
                "train", total=None, loss=math.nan, eps="-", rate=0.0
            )
        self._start = time.perf_counter()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.__exit__(exc_type, exc, tb)

    def advance(self, examples: int, loss: float) -> None:
        """Record a (physical) batch of ``examples`` with mean ``loss``."""
        self.examples += examples
        if not math.isnan(loss):
            self.loss = loss
        if self._progress is not None:
            rate = self.examples / max(time.perf_counter() - self._start, 1e-9)
            eps = "-" if math.isnan(self.epsilon) else f"{self.epsilon:.3f}"
            self._progress.update(self._task, advance=examples, loss=self.loss, eps=eps, rate=rate)
