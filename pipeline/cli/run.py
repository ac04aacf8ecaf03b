"""``distillgate run``: the gated distillation run."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from governance.policy.models import TeacherProvider
from pipeline.run import RunOptions, run_job

__all__ = ["register"]

_out = Console()


def run(
    job: Annotated[
        Path | None,
        typer.Argument(help="Job file (YAML). Default: the embedded support-tickets demo job."),
    ] = None,
    teacher: Annotated[
        TeacherProvider | None,
        typer.Option(help="Override the job's teacher provider (local, gemini, transformers)."),
    ] = None,
    run_dir: Annotated[
        Path | None, typer.Option("--run-dir", help="Directory of this run (must be new or empty).")
    ] = None,
    resume: Annotated[
        Path | None,
        typer.Option(help="Resume an interrupted run; cached teacher answers are not paid twice."),
    ] = None,
    max_records: Annotated[
        int | None, typer.Option(help="Use at most this many source records.")
    ] = None,
    progress: Annotated[bool, typer.Option(help="Show progress bars.")] = True,
) -> None:
    """Run a job: govern every teacher call, distil, train, evaluate, gate, export, report."""
    outcome = run_job(
        RunOptions(
            job_path=job,
            teacher=teacher,
            run_dir=run_dir,
            resume=resume,
            progress=progress,
            max_records=max_records,
        )
    )
    eps = "inf (no DP)" if math.isinf(outcome.epsilon) else f"{outcome.epsilon:.3f}"
    verdict = "[bold green]PASSED[/]" if outcome.gate_passed else "[bold red]FAILED[/]"
    _out.print(f"run directory: {outcome.run_dir}", soft_wrap=True, highlight=False)
    _out.print(f"gate verdict:  {verdict}  (ε = {eps})", soft_wrap=True)
    if outcome.export_dir is not None:
        _out.print(f"export:        {outcome.export_dir}", soft_wrap=True, highlight=False)
    if outcome.report_path is not None:
        _out.print(f"report:        {outcome.report_path}", soft_wrap=True, highlight=False)
    if not outcome.gate_passed:
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    app.command("run")(run)
