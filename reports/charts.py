"""Inline SVG charts as pure functions: data in, SVG text out.

No JavaScript, no external fonts or images; every label is XML-escaped. Each chart has a
``<title>`` and ``role="img"`` with an ``aria-label`` so it reads without the picture.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

__all__ = ["budget_bar", "confusion_heatmap", "line_chart", "roc_chart"]

_W, _H = 560, 260
_PAD_L, _PAD_R, _PAD_T, _PAD_B = 56, 16, 28, 40
_FONT = 'font-family="Helvetica, Arial, sans-serif" font-size="11"'
_INK, _GRID, _ACCENT, _WARN = "#1f2937", "#d1d5db", "#1d4ed8", "#b91c1c"


def _num(x: float) -> str:
    return f"{x:.4g}"


def _open(title: str, width: int = _W, height: int = _H) -> list[str]:
    t = escape(title)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{t}" class="chart">',
        f"<title>{t}</title>",
        f'<text x="{width / 2:.0f}" y="16" text-anchor="middle" {_FONT} font-weight="bold" '
        f'fill="{_INK}">{t}</text>',
    ]


def _axes(
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    x_label: str,
    y_label: str,
) -> list[str]:
    x0, x1 = _PAD_L, _W - _PAD_R
    y0, y1 = _H - _PAD_B, _PAD_T
    out = [
        f'<line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y0}" stroke="{_INK}"/>',
        f'<line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y1}" stroke="{_INK}"/>',
    ]
    for i in range(5):
        frac = i / 4
        yv = y_range[0] + frac * (y_range[1] - y_range[0])
        xv = x_range[0] + frac * (x_range[1] - x_range[0])
        py = y0 - frac * (y0 - y1)
        px = x0 + frac * (x1 - x0)
        out.append(f'<line x1="{x0}" y1="{py:.1f}" x2="{x1}" y2="{py:.1f}" stroke="{_GRID}"/>')
        out.append(
            f'<text x="{x0 - 4}" y="{py + 4:.1f}" text-anchor="end" {_FONT} '
            f'fill="{_INK}">{_num(yv)}</text>'
        )
        out.append(
            f'<text x="{px:.1f}" y="{y0 + 14}" text-anchor="middle" {_FONT} '
            f'fill="{_INK}">{_num(xv)}</text>'
        )
    out.append(
        f'<text x="{(x0 + x1) / 2:.0f}" y="{_H - 6}" text-anchor="middle" {_FONT} '
        f'fill="{_INK}">{escape(x_label)}</text>'
    )
    out.append(
        f'<text x="12" y="{(y0 + y1) / 2:.0f}" text-anchor="middle" {_FONT} fill="{_INK}" '
        f'transform="rotate(-90 12 {(y0 + y1) / 2:.0f})">{escape(y_label)}</text>'
    )
    return out


def _project(
    points: Sequence[tuple[float, float]],
    x_range: tuple[float, float],
    y_range: tuple[float, float],
) -> str:
    x0, x1 = _PAD_L, _W - _PAD_R
    y0, y1 = _H - _PAD_B, _PAD_T
    dx = (x_range[1] - x_range[0]) or 1.0
    dy = (y_range[1] - y_range[0]) or 1.0
    return " ".join(
        f"{x0 + (x - x_range[0]) / dx * (x1 - x0):.1f},{y0 - (y - y_range[0]) / dy * (y0 - y1):.1f}"
        for x, y in points
    )


def _empty(title: str, message: str) -> str:
    parts = _open(title, height=60)
    parts.append(
        f'<text x="{_W / 2:.0f}" y="42" text-anchor="middle" {_FONT} fill="{_INK}">'
        f"{escape(message)}</text></svg>"
    )
    return "".join(parts)


def line_chart(
    points: Sequence[tuple[float, float]],
    *,
    title: str,
    x_label: str,
    y_label: str,
    limit: float | None = None,
    limit_label: str = "limit",
) -> str:
    """A line over ``(x, y)`` points, with an optional dashed horizontal limit line."""
    finite = [(x, y) for x, y in points if math.isfinite(x) and math.isfinite(y)]
    if not finite:
        return _empty(title, "no data recorded")
    xs = [x for x, _ in finite]
    top = max([y for _, y in finite] + ([limit] if limit is not None else []))
    x_range = (min(xs), max(xs) if max(xs) > min(xs) else min(xs) + 1)
    y_range = (0.0, top * 1.1 if top > 0 else 1.0)
    parts = _open(title) + _axes(x_range, y_range, x_label, y_label)
    if limit is not None and math.isfinite(limit):
        line = _project([(x_range[0], limit), (x_range[1], limit)], x_range, y_range)
        parts.append(
            f'<polyline points="{line}" fill="none" stroke="{_WARN}" stroke-dasharray="6 4"/>'
        )
        ly = line.split(" ")[0].split(",")[1]
        parts.append(
            f'<text x="{_W - _PAD_R - 4}" y="{float(ly) - 4:.1f}" text-anchor="end" {_FONT} '
            f'fill="{_WARN}">{escape(limit_label)} {_num(limit)}</text>'
        )
    parts.append(
        f'<polyline points="{_project(finite, x_range, y_range)}" fill="none" '
        f'stroke="{_ACCENT}" stroke-width="2"/>'
    )
    for pt in _project(finite[-1:], x_range, y_range).split(" "):
        cx, cy = pt.split(",")
        parts.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="{_ACCENT}"/>')
    parts.append("</svg>")
    return "".join(parts)


def roc_chart(roc: Sequence[tuple[float, float]], *, auc: float, title: str) -> str:
    """Membership-inference ROC curve (FPR, TPR) against the chance diagonal, with AUC."""
    pts = sorted((f, t) for f, t in roc if math.isfinite(f) and math.isfinite(t))
    if not pts:
        return _empty(title, f"no ROC points recorded (AUC {_num(auc)})")
    pts = [(0.0, 0.0), *pts, (1.0, 1.0)]
    unit = (0.0, 1.0)
    parts = _open(title) + _axes(unit, unit, "false positive rate", "true positive rate")
    parts.append(
        f'<polyline points="{_project([(0, 0), (1, 1)], unit, unit)}" fill="none" '
        f'stroke="{_GRID}" stroke-dasharray="4 4" stroke-width="1.5"/>'
    )
    parts.append(
        f'<polyline points="{_project(pts, unit, unit)}" fill="none" stroke="{_ACCENT}" '
        f'stroke-width="2"/>'
    )
    parts.append(
        f'<text x="{_W - _PAD_R - 8}" y="{_H - _PAD_B - 10}" text-anchor="end" {_FONT} '
        f'font-weight="bold" fill="{_INK}">AUC = {auc:.3f} (0.5 = chance)</text></svg>'
    )
    return "".join(parts)


def confusion_heatmap(labels: Sequence[str], matrix: Sequence[Sequence[int]], *, title: str) -> str:
    """Confusion matrix heat map: rows are the reference label, columns the prediction."""
    n = len(matrix)
    if n == 0 or any(len(row) != n for row in matrix):
        return _empty(title, "no confusion matrix recorded")
    names = [str(x) for x in labels] if len(labels) == n else [str(i) for i in range(n)]
    cell = max(24, min(56, 360 // n))
    left, top = 110, 48
    width = max(left + cell * n + 16, 400)
    height = top + cell * n + 36
    peak = max(max(row) for row in matrix) or 1
    parts = _open(title, width, height)
    for i, row in enumerate(matrix):
        y = top + i * cell
        parts.append(
            f'<text x="{left - 6}" y="{y + cell / 2 + 4:.1f}" text-anchor="end" {_FONT} '
            f'fill="{_INK}">{escape(names[i][:16])}</text>'
        )
        for j, value in enumerate(row):
            x = left + j * cell
            shade = value / peak
            fill = f"rgb({int(255 - 226 * shade)},{int(255 - 177 * shade)},{int(255 - 39 * shade)})"
            ink = "#ffffff" if shade > 0.55 else _INK
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{fill}" '
                f'stroke="#ffffff"/>'
                f'<text x="{x + cell / 2:.1f}" y="{y + cell / 2 + 4:.1f}" text-anchor="middle" '
                f'{_FONT} fill="{ink}">{value}</text>'
            )
    for j, name in enumerate(names):
        parts.append(
            f'<text x="{left + j * cell + cell / 2:.1f}" y="{top - 6}" text-anchor="middle" '
            f'{_FONT} fill="{_INK}">{escape(name[:8])}</text>'
        )
    parts.append(
        f'<text x="{width / 2:.0f}" y="{height - 10}" text-anchor="middle" {_FONT} '
        f'fill="{_INK}">columns: student prediction; rows: reference label</text></svg>'
    )
    return "".join(parts)


def budget_bar(*, used: float, budget: float | None, this_run: float | None, title: str) -> str:
    """Horizontal bar: lifetime ε used before this run, by this run, and what is left."""
    if budget is None or not math.isfinite(budget) or budget <= 0:
        return _empty(title, f"ε used so far: {_num(used)} (no lifetime budget set)")
    width, height, x0, bar_w = _W, 84, 16, _W - 32
    run = this_run if this_run is not None and math.isfinite(this_run) else 0.0
    before = max(used - run, 0.0)
    scale = bar_w / max(budget, used)
    parts = _open(title, width, height)
    parts.append(
        f'<rect x="{x0}" y="28" width="{bar_w}" height="22" fill="#f3f4f6" stroke="{_GRID}"/>'
    )
    parts.append(f'<rect x="{x0}" y="28" width="{before * scale:.1f}" height="22" fill="#93c5fd"/>')
    colour = _WARN if used > budget else _ACCENT
    parts.append(
        f'<rect x="{x0 + before * scale:.1f}" y="28" width="{run * scale:.1f}" height="22" '
        f'fill="{colour}"/>'
    )
    parts.append(
        f'<text x="{x0}" y="68" {_FONT} fill="{_INK}">earlier runs {_num(before)} + this run '
        f"{_num(run)} = {_num(used)} of budget {_num(budget)} "
        f"({100 * used / budget:.0f}% used)</text></svg>"
    )
    return "".join(parts)
