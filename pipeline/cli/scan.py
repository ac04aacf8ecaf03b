"""``distillgate scan``: PII scan of a JSONL file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

__all__ = ["register", "scan"]


def scan(
    input_path: Annotated[Path, typer.Argument(help="JSONL file, one record per line.")],
    policy: Annotated[Path, typer.Option("--policy", help="Policy YAML of the source.")],
    text_field: Annotated[str, typer.Option(help="Field holding the text.")] = "text",
    out: Annotated[
        Path | None, typer.Option("--out", help="Output JSONL (default: stdout).")
    ] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on stderr.")] = False,
    processes: Annotated[
        int,
        typer.Option(
            "--processes", min=1, help="Worker processes scanning in parallel (1: in-process)."
        ),
    ] = 1,
) -> None:
    """Find PII in INPUT_PATH and write entities and anonymized text per record."""
    from governance.pii.scan_jsonl import scan_jsonl
    from governance.pii.secret import load_or_create_pii_secret
    from governance.policy.loader import load_policy

    stats = scan_jsonl(
        input_path,
        out,
        policy=load_policy(policy).policy,
        text_field=text_field,
        secret=load_or_create_pii_secret(),
        progress=progress,
        processes=processes,
    )
    entities = ", ".join(f"{k}={v}" for k, v in stats.entities.items()) or "none"
    typer.echo(
        f"scanned {stats.records} records, {stats.records_with_pii} with PII, "
        f"{stats.blocked} blocked; entities: {entities}",
        err=True,
    )


def register(app: typer.Typer) -> None:
    """Add ``scan`` to the root app."""
    app.command("scan")(scan)
