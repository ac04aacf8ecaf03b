"""The anchor lines an export bundle carries: its run's lines of the home anchor log.

They let a reviewer holding only the bundle detect a later rollback of the run's audit log
(``distillgate audit verify RUN_DIR --bundle BUNDLE``); the last one anchors the bundle's own
checkpoint.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from governance.audit.anchors import Anchor, read_anchor_chain, read_anchor_file
from governance.audit.checkpoint import SignedCheckpoint
from governance.errors import ExportError
from pipeline.export import layout

__all__ = ["anchor_lines_for", "bundle_anchor_problems"]


def anchor_lines_for(checkpoint: SignedCheckpoint, anchor_log: Path) -> str:
    """The anchors of ``checkpoint``'s log up to it, one line each; refused when the anchor
    log does not hold the checkpoint."""
    chain = read_anchor_file(anchor_log, chained=False)
    found = chain.of(checkpoint.origin) if chain is not None else ()
    mine = [a for a in found if a.tree_size <= checkpoint.tree_size]
    if not mine or not mine[-1].matches(checkpoint):
        raise ExportError(
            f"export refused: the anchor log {anchor_log} does not hold the bundle's checkpoint",
            hint="the run's audit log anchors every checkpoint in DISTILLGATE_HOME; "
            "export from the home the run was made in",
        )
    return "".join(a.to_line().decode("ascii") + "\n" for a in mine)


def bundle_anchor_problems(path: Path, checkpoint: SignedCheckpoint | None) -> list[str]:
    """What is wrong with the bundle's anchor lines (empty: they anchor its checkpoint)."""
    name = layout.ANCHORS_FILE
    try:
        chain = read_anchor_chain((path / name).read_bytes(), chained=False)
    except OSError as exc:
        return [f"{name}: unreadable: {exc}"]
    if chain.problem is not None or chain.torn_bytes:
        return [f"{name}: {chain.problem or 'ends with a torn line'}"]
    anchors: tuple[Anchor, ...] = chain.anchors
    if not anchors:
        return [f"{name}: holds no anchor"]
    problems = []
    if len({a.origin for a in anchors}) != 1:
        problems.append(f"{name}: anchors of more than one log")
    if any(b.tree_size < a.tree_size for a, b in itertools.pairwise(anchors)):
        problems.append(f"{name}: anchored sizes go back")
    if checkpoint is not None and not anchors[-1].matches(checkpoint):
        problems.append(f"{name}: the last anchor is not the bundle's checkpoint")
    return problems
