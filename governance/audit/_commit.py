"""A group commit running in a background thread, so appending goes on while it fsyncs."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Batch", "InFlight"]


@dataclass(frozen=True, slots=True)
class Batch:
    """Entry lines to make durable; afterwards the log holds ``size`` entries.

    ``checkpoint_root`` is the tree root to sign for ``size`` once the lines are durable, or
    None when no checkpoint is due.
    """

    data: bytes
    size: int
    checkpoint_root: bytes | None


class InFlight:
    """One commit's work on its own thread; :meth:`wait` joins it and re-raises its error."""

    def __init__(self, work: Callable[[], object]) -> None:
        self._error: Exception | None = None
        self._work = work
        self._thread = threading.Thread(target=self._run, name="audit-commit", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._work()
        except Exception as exc:  # handed to the waiting thread, which raises it
            self._error = exc

    def wait(self) -> None:
        """Block until the commit is done; raise what it raised."""
        self._thread.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise error
