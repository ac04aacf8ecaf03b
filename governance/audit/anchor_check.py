"""Which anchors a verification holds a log to, and what it says about each.

An anchor source is a whole anchor log (the home's, or a copy a reviewer kept: its chain is
checked) or the anchor lines an export bundle carries (a selection: no chain). Each anchor
of the log's origin becomes a claim (tree size, root) the log must meet; a checkpoint of
the log at an anchored size must be the anchored one (same signature digest).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from governance.audit.anchors import Anchor, default_anchor_path, read_anchor_file
from governance.audit.checkpoint import SignedCheckpoint
from governance.errors import AuditVerificationError
from governance.jsontypes import JsonObject

__all__ = [
    "AnchorKind",
    "AnchorSource",
    "AnchorUse",
    "GatheredAnchors",
    "gather_anchors",
    "home_anchor_sources",
]


class AnchorKind(StrEnum):
    """Where anchors come from."""

    HOME = "home anchor log"
    FILE = "anchor log"
    BUNDLE = "export bundle"
    CHECKPOINT = "external checkpoint"


@dataclass(frozen=True, slots=True)
class AnchorSource:
    """An anchor file to verify against; ``required``: a missing file is an error."""

    kind: AnchorKind
    path: Path
    required: bool = True


def home_anchor_sources() -> tuple[AnchorSource, ...]:
    """The anchor log of this home (``DISTILLGATE_HOME``), used when it exists."""
    return (AnchorSource(AnchorKind.HOME, default_anchor_path(), required=False),)


@dataclass(frozen=True, slots=True)
class AnchorUse:
    """What one source contributed: how many anchors of the log, the largest size."""

    kind: AnchorKind
    path: str
    anchors: int
    latest_tree_size: int | None
    note: str | None = None

    def describe(self) -> str:
        """One line for ``audit verify``."""
        what = f"{self.kind.value} {self.path}: "
        if self.note is not None:
            return what + self.note
        if not self.anchors:
            return what + "no anchor of this log"
        return what + f"{self.anchors} anchor(s), latest {self.latest_tree_size} entries"

    def to_json(self) -> JsonObject:
        """JSON object for ``audit verify --json``."""
        return {
            "kind": self.kind.value,
            "path": self.path,
            "anchors": self.anchors,
            "latest_tree_size": self.latest_tree_size,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class GatheredAnchors:
    """Claims to check (label, anchor), what each source gave, and the first problem."""

    claims: tuple[tuple[str, Anchor], ...]
    uses: tuple[AnchorUse, ...]
    problem: str | None


def _label(source: AnchorSource, anchor_number: int) -> str:
    return f"anchor #{anchor_number} of the {source.kind.value} {source.path}"


def gather_anchors(
    sources: Sequence[AnchorSource],
    *,
    origin: str | None,
    checkpoints: Sequence[SignedCheckpoint],
) -> GatheredAnchors:
    """Read every source; anchors of ``origin`` become claims on the log."""
    claims: list[tuple[str, Anchor]] = []
    uses: list[AnchorUse] = []
    problem: str | None = None
    by_size = {cp.tree_size: cp for cp in checkpoints}
    for source in sources:
        chain = read_anchor_file(source.path, chained=source.kind is not AnchorKind.BUNDLE)
        if chain is None:
            if source.required:
                raise AuditVerificationError(f"no {source.kind.value} at {source.path}")
            uses.append(AnchorUse(source.kind, str(source.path), 0, None, "not found"))
            continue
        if chain.problem is not None and problem is None:
            problem = f"{source.kind.value} {source.path}: {chain.problem}"
        if origin is None:
            note = "not used: the log's origin is unknown (no checkpoint)"
            uses.append(AnchorUse(source.kind, str(source.path), 0, None, note))
            continue
        mine = chain.of(origin)
        for number, anchor in enumerate(mine, start=1):
            claims.append((_label(source, number), anchor))
            local = by_size.get(anchor.tree_size)
            if local is not None and not anchor.matches(local) and problem is None:
                problem = (
                    f"{_label(source, number)} anchors a different checkpoint of "
                    f"{anchor.tree_size} entries than the log's"
                )
        latest = max((a.tree_size for a in mine), default=None)
        uses.append(AnchorUse(source.kind, str(source.path), len(mine), latest))
    return GatheredAnchors(tuple(claims), tuple(uses), problem)
