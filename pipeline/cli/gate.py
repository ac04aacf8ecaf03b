"""``distillgate gate`` and ``distillgate export``: the go/no-go and the signed bundle."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from governance.gates.standalone import gate_run_dir
from pipeline.export.standalone import export_run_dir, verify_bundle_or_raise

__all__ = ["register"]

Trust = Annotated[
    Path | None,
    typer.Option("--trust", help="Trust file of public keys (default: <home>/keys/trust.json)."),
]


def gate(
    run_dir: Annotated[Path, typer.Argument(help="The run directory (runs/<run-id>).")],
) -> None:
    """Validate a run's dataset, privacy and utility evidence (GX) and log the decision."""
    result = gate_run_dir(run_dir)
    checks = sum(len(s.expectations) for s in result.suites)
    typer.echo(f"gate passed: {len(result.suites)} suites, {checks} expectations")


def export(
    target: Annotated[
        str, typer.Argument(help="RUN_DIR to export, or the word 'verify' followed by BUNDLE.")
    ],
    bundle: Annotated[
        Path | None, typer.Argument(help="With 'verify': the bundle folder to check.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder that receives the bundle.")
    ] = None,
    trust: Trust = None,
) -> None:
    """Export a gated run (`export RUN_DIR --out DIR`) or check a bundle (`export verify B`).

    Export refuses unless every suite passed and the policy's `export.required_reviewers`
    enrolled reviewers approved that gate decision. Verify checks every digest, the manifest
    signature, the audit inclusion proofs and the gate verdict, offline; it exits 1 on any
    failure.
    """
    if target == "verify":
        if bundle is None:
            raise typer.BadParameter("usage: distillgate export verify BUNDLE")
        result = verify_bundle_or_raise(bundle, trust_path=trust)
        typer.echo(f"bundle verified: {result.files_checked} files, key {result.key_id}")
        return
    if out is None or bundle is not None:
        raise typer.BadParameter("usage: distillgate export RUN_DIR --out DIR")
    exported = export_run_dir(Path(target), out=out, trust_path=trust)
    typer.echo(f"exported to {exported.path} (manifest signed by {exported.manifest.key_id})")


def register(app: typer.Typer) -> None:
    """Add ``gate`` and ``export`` to the root application."""
    app.command("gate")(gate)
    app.command("export")(export)
