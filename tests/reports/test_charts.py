"""Inline SVG charts: pure, well-formed, escaped, and drawn from the data they are given."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from reports.charts import budget_bar, confusion_heatmap, line_chart, roc_chart

NS = "{http://www.w3.org/2000/svg}"


def _svg(text: str) -> ET.Element:
    root = ET.fromstring(text)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img" and root.get("aria-label")
    return root


def _polyline_points(root: ET.Element) -> list[list[tuple[float, float]]]:
    lines = []
    for el in root.iter(f"{NS}polyline"):
        pts = [tuple(float(v) for v in p.split(",")) for p in (el.get("points") or "").split()]
        lines.append(pts)
    return lines  # type: ignore[return-value]


def test_line_chart_plots_every_point_and_the_limit() -> None:
    points = [(float(s), s / 100) for s in range(10, 101, 10)]
    root = _svg(line_chart(points, title="ε", x_label="step", y_label="ε", limit=1.5))
    limit_line, data_line = _polyline_points(root)
    assert len(data_line) == 10
    assert len(limit_line) == 2 and limit_line[0][1] == limit_line[1][1]
    ys = [y for _, y in data_line]
    assert ys == sorted(ys, reverse=True)  # ε grows: SVG y shrinks
    assert min(ys) > limit_line[0][1]  # every point below the limit line


def test_line_chart_skips_non_finite_and_handles_empty() -> None:
    root = _svg(line_chart([(1.0, float("inf"))], title="t", x_label="x", y_label="y"))
    assert "no data recorded" in "".join(root.itertext())
    root = _svg(line_chart([(5.0, 1.0)], title="t", x_label="x", y_label="y"))
    assert len(_polyline_points(root)[0]) == 1


def test_roc_chart_shows_auc_and_chance_line() -> None:
    roc = [(0.1, 0.2), (0.5, 0.7)]
    root = _svg(roc_chart(roc, auc=0.6123, title="ROC"))
    chance, curve = _polyline_points(root)
    assert len(chance) == 2
    assert len(curve) == 4  # (0,0) + points + (1,1)
    assert "AUC = 0.612" in "".join(root.itertext())


def test_labels_are_escaped() -> None:
    evil = '<script>alert(1)</script>&"'
    for svg in (
        line_chart([(0.0, 1.0)], title=evil, x_label=evil, y_label=evil),
        roc_chart([], auc=0.5, title=evil),
        confusion_heatmap([evil], [[3]], title=evil),
        budget_bar(used=1.0, budget=None, this_run=1.0, title=evil),
    ):
        assert "<script" not in svg
        root = _svg(svg)
        assert evil in "".join(root.itertext())


def test_confusion_heatmap_has_one_cell_per_entry() -> None:
    matrix = [[5, 1, 0], [2, 7, 1], [0, 0, 9]]
    root = _svg(confusion_heatmap(["a", "b", "c"], matrix, title="cm"))
    rects = list(root.iter(f"{NS}rect"))
    assert len(rects) == 9
    peak = [r for r in rects if r.get("fill") == "rgb(29,78,216)"]
    assert len(peak) == 1  # only the largest count gets the darkest shade
    texts = "".join(root.itertext())
    for value in ("5", "7", "9"):
        assert value in texts
    assert "no confusion matrix" in confusion_heatmap([], [[1, 2]], title="bad")


@pytest.mark.parametrize(
    ("used", "budget", "run", "expected"),
    [(5.8, 10.0, 2.9, "58% used"), (12.0, 10.0, 3.0, "120% used")],
)
def test_budget_bar(used: float, budget: float, run: float, expected: str) -> None:
    svg = budget_bar(used=used, budget=budget, this_run=run, title="budget")
    root = _svg(svg)
    assert expected in "".join(root.itertext())
    widths = [float(r.get("width") or 0) for r in root.iter(f"{NS}rect")]
    total, before, this = widths
    assert before + this == pytest.approx(total * min(1.0, used / max(used, budget)), abs=0.2)
    assert ("#b91c1c" in svg) is (used > budget)


def test_charts_are_deterministic() -> None:
    args = ([(1.0, 0.5), (2.0, 0.9)],)
    kwargs = {"title": "t", "x_label": "x", "y_label": "y"}
    assert line_chart(*args, **kwargs) == line_chart(*args, **kwargs)
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", line_chart(*args, **kwargs))
