"""Text and JSON renderings of the PII benchmark's figures (pure: figures in, text out)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from benchmarks.pii_scoring import SourceScore, TypeScore
from benchmarks.pii_sources.model import HEADLINE_TYPES, SIDE_TYPES
from benchmarks.pii_targets import Check

__all__ = ["source_json", "source_table"]

_HEAD = (
    f"{'':<22}{'gold':>6} | {'gateway P':>9}{'R':>7}{'typedR':>7}{'F2':>7} | "
    f"{'stock P':>9}{'R':>7}{'typedR':>7}{'F2':>7}"
)


def _cells(score: TypeScore) -> str:
    return (
        f"{score.char_precision:>9.3f}{score.span_recall:>7.3f}{score.typed_recall:>7.3f}"
        f"{score.f2:>7.3f}"
    )


def _row(label: str, ours: TypeScore, stock: TypeScore) -> str:
    return f"{label:<22}{ours.gold:>6} | {_cells(ours)} | {_cells(stock)}"


def source_table(
    name: str,
    status: str,
    description: str,
    ours: SourceScore,
    stock: SourceScore,
    checks: Sequence[Check],
) -> list[str]:
    """The lines of one source's block: per-type rows, headline, side types, look-alikes and
    the targets with MET / NOT MET."""
    lines = [
        f"== {name} [{status}] {ours.texts} texts, {ours.headline.gold} headline gold spans: "
        f"{description}",
        _HEAD,
    ]
    for entity in HEADLINE_TYPES:
        if entity in ours.by_type and ours.by_type[entity].gold:
            lines.append(_row(entity, ours.by_type[entity], stock.by_type.get(entity, TypeScore())))
    lines.append(_row("HEADLINE (all above)", ours.headline, stock.headline))
    for entity in SIDE_TYPES:
        if entity in ours.by_type and ours.by_type[entity].gold:
            o, s = ours.by_type[entity], stock.by_type.get(entity, TypeScore())
            lines.append(_row(f"{entity} (apart)", o, s))
    other_o = ours.by_type.get("OTHER", TypeScore()).predicted_chars
    other_s = stock.by_type.get("OTHER", TypeScore()).predicted_chars
    lines.append(
        f"predicted characters of other types (NRP...): gateway {other_o}, stock {other_s}"
    )
    if ours.negatives:
        kinds = ", ".join(f"{k} {f}/{n}" for k, (n, f) in sorted(ours.flagged_by_kind.items()) if f)
        lines.append(
            f"look-alikes flagged: gateway {ours.negatives_flagged_share:.3f} "
            f"({ours.negatives_flagged}/{ours.negatives}), stock "
            f"{stock.negatives_flagged_share:.3f} ({stock.negatives_flagged}/{stock.negatives})"
            + (f"; gateway by kind: {kinds}" if kinds else "")
        )
    lines += [f"  target: {c}" for c in checks]
    return lines


def _type_json(score: TypeScore) -> dict[str, Any]:
    return {
        **asdict(score),
        "char_precision": score.char_precision,
        "span_recall": score.span_recall,
        "typed_recall": score.typed_recall,
        "f2": score.f2,
    }


def _score_json(score: SourceScore) -> dict[str, Any]:
    return {
        "texts": score.texts,
        "headline": _type_json(score.headline),
        "by_type": {k: _type_json(v) for k, v in sorted(score.by_type.items())},
        "lookalikes": score.negatives,
        "lookalikes_flagged": score.negatives_flagged,
        "lookalikes_flagged_by_kind": score.flagged_by_kind,
    }


def source_json(
    status: str, ours: SourceScore, stock: SourceScore, checks: Sequence[Check]
) -> dict[str, Any]:
    """One source's figures as JSON-ready data."""
    return {
        "status": status,
        "gateway": _score_json(ours),
        "stock": _score_json(stock),
        "targets": [
            {"name": c.name, "value": c.value, "target": c.target, "met": c.met} for c in checks
        ],
    }
