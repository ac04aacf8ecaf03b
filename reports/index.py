"""``runs/index.html``: every run with its verdict and ε, and each source's budget over time."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from markupsafe import Markup

from governance.errors import ConfigError
from governance.runfiles.layout import RunLayout
from reports import charts
from reports.build import write_text_atomic
from reports.model import RunReport, collect_report
from reports.render_html import template_env

__all__ = ["IndexRow", "build_index", "index_rows"]

_log = logging.getLogger(__name__)
_VERDICTS = {"ship": "may ship", "do_not_ship": "may NOT ship", "unknown": "not decided"}


@dataclass(frozen=True)
class IndexRow:
    """One run in the index."""

    run_id: str
    link: str
    source: str
    started_at: str
    status: str
    epsilon: float | None
    lifetime_spent: float | None
    lifetime_budget: float | None
    signoff: str


def _row(run_dir: Path, report: RunReport) -> IndexRow:
    page = RunLayout(run_dir).report_html
    link = f"{run_dir.name}/{page.name}" if page.is_file() else ""
    return IndexRow(
        run_id=report.run_id,
        link=link or f"{run_dir.name}/",
        source=report.source.source or "-",
        started_at=report.source.started_at or "-",
        status=report.verdict.status,
        epsilon=report.dp.epsilon,
        lifetime_spent=report.dp.lifetime_epsilon_spent,
        lifetime_budget=report.dp.lifetime_epsilon_budget,
        signoff=report.signoff.decision,
    )


def index_rows(runs_dir: Path) -> list[IndexRow]:
    """Every run directory (one holding ``run.json``) under ``runs_dir``, oldest first."""
    rows = [
        _row(child, collect_report(child))
        for child in sorted(Path(runs_dir).iterdir())
        if child.is_dir() and RunLayout(child).manifest.is_file()
    ]
    return sorted(rows, key=lambda r: (r.started_at, r.run_id))


def _when(stamp: str) -> datetime | None:
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _budget_charts(rows: list[IndexRow]) -> dict[str, Markup]:
    out: dict[str, Markup] = {}
    for source in sorted({r.source for r in rows}):
        mine = [r for r in rows if r.source == source and r.lifetime_spent is not None]
        if not mine:
            continue
        budgets = [r.lifetime_budget for r in mine if r.lifetime_budget is not None]
        times = [_when(r.started_at) for r in mine]
        first = times[0]
        if first is not None and all(t is not None for t in times):
            xs = [(t - first).total_seconds() / 86400 for t in times if t is not None]
            x_label = f"days since the first run ({first.date().isoformat()})"
        else:
            xs = [float(i + 1) for i in range(len(mine))]
            x_label = "run number"
        points = [(x, r.lifetime_spent or 0.0) for x, r in zip(xs, mine, strict=True)]
        out[source] = Markup(  # nosec B704  # SVG from charts.py, every label XML-escaped
            charts.line_chart(
                points,
                title=f"Lifetime ε used by {source} over time",
                x_label=x_label,
                y_label="lifetime ε used",
                limit=budgets[-1] if budgets else None,
                limit_label="budget",
            )
        )
    return out


def build_index(runs_dir: Path) -> Path:
    """Write ``<runs_dir>/index.html`` and return its path."""
    runs_dir = Path(runs_dir)
    if not runs_dir.is_dir():
        raise ConfigError(f"runs folder {runs_dir} does not exist")
    rows = index_rows(runs_dir)
    html = (
        template_env()
        .get_template("index.html.j2")
        .render(
            rows=rows,
            charts=_budget_charts(rows),
            verdicts=_VERDICTS,
            generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
    )
    path = runs_dir / "index.html"
    write_text_atomic(path, html)
    _log.info("index of %d runs written to %s", len(rows), path)
    return path
