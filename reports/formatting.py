"""Display formatting shared by the HTML and Markdown renderers (so both read the same)."""

from __future__ import annotations

import math

from reports.verdict import format_epsilon

__all__ = ["format_epsilon", "num", "pct", "yesno"]


def num(value: float | int | None) -> str:
    """A number with 4 significant digits; ``-`` when unknown, ``∞`` for infinity.

    >>> num(0.000123456), num(None), num(float("inf")), num(3)
    ('0.0001235', '-', '∞', '3')
    """
    if value is None:
        return "-"
    if isinstance(value, float) and not math.isfinite(value):
        return "∞" if value > 0 else "-∞" if value < 0 else "NaN"
    return f"{value:.4g}"


def pct(value: float | None) -> str:
    """A fraction as a percentage: ``pct(0.9123) == '91.2%'``; ``-`` when unknown."""
    if value is None or not math.isfinite(value):
        return "-"
    return f"{100 * value:.1f}%"


def yesno(value: bool | None) -> str:
    """``yes``, ``no`` or ``-``."""
    if value is None:
        return "-"
    return "yes" if value else "no"
