"""Compliance reports of runs: one self-contained HTML page, Markdown and JSON per run."""

from reports.build import ReportPaths, build_report
from reports.index import build_index
from reports.model import RunReport, collect_report

__all__ = ["ReportPaths", "RunReport", "build_index", "build_report", "collect_report"]
