"""Test helper: the home's anchor log set aside for a block of a test."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from governance.audit.anchors import default_anchor_path

__all__ = ["anchors_aside"]


@contextlib.contextmanager
def anchors_aside(tmp_path: Path) -> Iterator[None]:
    """Move the home's anchor log away for the block and put it back after.

    For a second run that reuses a run id in one home (a forged copy, a fixture twin): its
    checkpoints go to a fresh anchor log, as in a home that never saw the first run.
    """
    anchors = default_anchor_path()
    aside = tmp_path / "anchors-aside.jsonl"
    anchors.rename(aside)
    try:
        yield
    finally:
        if anchors.exists():
            anchors.unlink()
        aside.rename(anchors)
