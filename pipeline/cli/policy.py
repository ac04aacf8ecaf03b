"""``distillgate policy``: lint, show and the JSON Schema of policy and job files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from governance.errors import PolicyError
from governance.policy.ledger import PrivacyLedger
from governance.policy.lint import lint_paths
from governance.policy.loader import load_policy
from governance.policy.schema import render_policy_schema, write_policy_schema
from governance.policy.summary import describe_policy

__all__ = ["register"]

policy_app = typer.Typer(
    name="policy",
    help="Check and inspect data source policies and job files.",
    no_args_is_help=True,
)


@policy_app.command("lint")
def lint(
    files: Annotated[
        list[Path], typer.Argument(help="Policy and job files; a job's policy is linted too.")
    ],
) -> None:
    """Report every problem of every file at once (exit 2 when there is any)."""
    report = lint_paths(files)
    for result in report.files:
        if result.ok:
            typer.echo(f"ok    {result.path} ({result.kind.value})")
    if not report.ok:
        bad = sum(1 for f in report.files if not f.ok)
        raise PolicyError(
            f"{len(report.problems)} problem(s) in {bad} file(s)",
            problems=list(report.problems),
        )


@policy_app.command("schema")
def schema(
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the schema here instead of stdout.")
    ] = None,
) -> None:
    """Print (or write) the JSON Schema of policy files."""
    if out is None:
        typer.echo(render_policy_schema(), nl=False)
    else:
        typer.echo(f"wrote {write_policy_schema(out)}")


@policy_app.command("show")
def show(file: Annotated[Path, typer.Argument(help="Policy file.")]) -> None:
    """Print a policy's content hash, its rules and its source's spent privacy budget."""
    loaded = load_policy(file)
    spent = PrivacyLedger().spent(loaded.policy.source.name)
    for line in describe_policy(loaded, spent=spent):
        typer.echo(line)


def register(app: typer.Typer) -> None:
    """Add the ``policy`` command group to the root app."""
    app.add_typer(policy_app)
