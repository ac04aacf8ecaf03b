"""Render a :class:`RunReport` as one self-contained HTML page (inline CSS and SVG, no JS).

Jinja2 autoescaping is on for every template; only the SVG charts from :mod:`reports.charts`
(which escape their own labels) are marked safe.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from reports import charts
from reports.collect_probes import probe_cells
from reports.formatting import format_epsilon, num, pct, yesno
from reports.model import SECTION_TITLES, RunReport

__all__ = ["render_html", "report_charts", "template_env"]

_TEMPLATES = Path(__file__).parent / "templates"


def template_env() -> Environment:
    """The Jinja2 environment of the report templates (autoescape always on)."""
    env = Environment(
        loader=FileSystemLoader(_TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(eps=format_epsilon, num=num, pct=pct, yesno=yesno)
    env.globals.update(probe_cells=probe_cells)
    return env


def report_charts(report: RunReport) -> dict[str, Markup | list[Markup]]:
    """Every SVG chart of the report, keyed by the template slot it fills."""
    dp = report.dp
    limit = dp.policy_max_epsilon if dp.policy_max_epsilon is not None else dp.target_epsilon
    epsilon = charts.line_chart(
        [(float(s), e) for s, e in dp.epsilon_history],
        title="ε spent over training steps",
        x_label="optimizer step",
        y_label="ε",
        limit=limit,
        limit_label="policy max ε" if dp.policy_max_epsilon is not None else "target ε",
    )
    budget = charts.budget_bar(
        used=dp.lifetime_epsilon_spent or 0.0,
        budget=dp.lifetime_epsilon_budget,
        this_run=dp.epsilon,
        title="Source lifetime ε budget used",
    )
    roc_svgs = [
        charts.roc_chart(m.roc, auc=m.auc, title=f"ROC of the {m.attack} attack")
        for m in report.attacks.membership_inference
    ]
    roc = [Markup(svg) for svg in roc_svgs]  # nosec B704  # SVG from charts.py, every label XML-escaped
    q = report.quality
    confusion = charts.confusion_heatmap(
        q.labels, q.confusion_matrix, title="Confusion matrix (evaluation split)"
    )
    return {
        "epsilon": Markup(epsilon),  # nosec B704  # SVG from charts.py, every label XML-escaped
        "budget": Markup(budget),  # nosec B704  # SVG from charts.py, every label XML-escaped
        "roc": roc,
        "confusion": Markup(confusion),  # nosec B704  # SVG from charts.py, every label XML-escaped
    }


def render_html(report: RunReport) -> str:
    """The report page as HTML text."""
    template = template_env().get_template("report.html.j2")
    return template.render(r=report, titles=SECTION_TITLES, charts=report_charts(report))
