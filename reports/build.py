"""Write ``report.html``, ``report.md`` and ``report.json`` into a run directory."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from governance.errors import ConfigError
from governance.runfiles.layout import RunLayout
from reports.model import collect_report
from reports.render_html import render_html
from reports.render_json import render_json
from reports.render_md import render_md

__all__ = ["ReportPaths", "build_report", "write_text_atomic"]

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReportPaths:
    """The three renderings of one run report."""

    html: Path
    markdown: Path
    json: Path


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` to a temp file next to ``path``, then rename it into place."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc}") from exc


def build_report(run_dir: Path) -> ReportPaths:
    """Collect the run's evidence once and write it as HTML, Markdown and JSON."""
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise ConfigError(
            f"run directory {run_dir} does not exist", hint="pass a folder under runs/"
        )
    report = collect_report(run_dir)
    layout = RunLayout(run_dir)
    paths = ReportPaths(html=layout.report_html, markdown=layout.report_md, json=layout.report_json)
    write_text_atomic(paths.html, render_html(report))
    write_text_atomic(paths.markdown, render_md(report))
    write_text_atomic(paths.json, render_json(report))
    _log.info("report of %s written to %s", report.run_id, paths.html)
    return paths
