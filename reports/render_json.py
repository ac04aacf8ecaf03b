"""Render a :class:`RunReport` as JSON (the machine-readable twin of the HTML page)."""

from __future__ import annotations

from reports.model import RunReport

__all__ = ["render_json"]


def render_json(report: RunReport) -> str:
    """Indented JSON of every section; non-finite numbers as ``"Infinity"`` strings."""
    return report.model_dump_json(indent=2, by_alias=True) + "\n"
