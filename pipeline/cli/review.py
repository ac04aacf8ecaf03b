"""``distillgate review``: a reviewer approves or rejects a run with their own enrolled key."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from governance.review import ReviewerSignoff, approve_run, reject_run
from reports import build_report

__all__ = ["register"]

review_app = typer.Typer(
    name="review",
    help="Record a signed reviewer decision on a run (kept in its audit log).",
    no_args_is_help=True,
)

RunDir = Annotated[Path, typer.Argument(help="The run directory (runs/<run-id>).")]
Reviewer = Annotated[str, typer.Option("--reviewer", help="Your name, as it will be shown.")]
Note = Annotated[str | None, typer.Option("--note", help="Why you decided so.")]
KeyFile = Annotated[
    Path | None,
    typer.Option(
        "--key",
        help="Your Ed25519 private key (PEM, mode 0600), enrolled as a reviewer. Default: "
        "reviewer-<name>.key in $DISTILLGATE_REVIEWER_KEYS (else <home>/reviewer-keys), "
        "made by `keys generate --role reviewer`. Never created here.",
    ),
]
Change = Annotated[
    bool,
    typer.Option(
        "--change",
        help="Replace your current, different decision on this run (both stay in the log).",
    ),
]


def _done(run_dir: Path, signoff: ReviewerSignoff) -> None:
    paths = build_report(run_dir)
    typer.echo(f"{signoff.decision} by {signoff.reviewer} (key {signoff.key_id})")
    typer.echo(f"report: {paths.html}")


@review_app.command("approve")
def approve(
    run_dir: RunDir,
    reviewer: Reviewer,
    note: Note = None,
    key: KeyFile = None,
    change: Change = False,
) -> None:
    """Sign an approval of the run's passed gate decision (refused for a failed gate)."""
    signoff = approve_run(run_dir, reviewer=reviewer, note=note, key_file=key, change=change)
    _done(run_dir, signoff)


@review_app.command("reject")
def reject(
    run_dir: RunDir,
    reviewer: Reviewer,
    note: Note = None,
    key: KeyFile = None,
    change: Change = False,
) -> None:
    """Sign a rejection of the run; the report then says it may not ship."""
    signoff = reject_run(run_dir, reviewer=reviewer, note=note, key_file=key, change=change)
    _done(run_dir, signoff)


def register(app: typer.Typer) -> None:
    """Add the ``review`` group to the root application."""
    app.add_typer(review_app)
