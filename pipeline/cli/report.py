"""``distillgate report``: regenerate a run's compliance report and the runs index."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from governance.runfiles.layout import RunLayout
from reports import build_index, build_report

__all__ = ["register"]


def report(
    path: Annotated[
        Path,
        typer.Argument(help="A run directory (runs/<run-id>) or the runs folder itself."),
    ],
    index: Annotated[
        bool,
        typer.Option("--index/--no-index", help="Also rebuild index.html of the runs folder."),
    ] = True,
) -> None:
    """Write report.html, report.md and report.json of a run, then the runs index."""
    runs_dir = path
    if RunLayout(path).manifest.is_file():
        paths = build_report(path)
        typer.echo(f"report: {paths.html}")
        runs_dir = path.parent
    if index or runs_dir == path:
        typer.echo(f"index:  {build_index(runs_dir)}")


def register(app: typer.Typer) -> None:
    """Add ``report`` to the root application."""
    app.command("report")(report)
