"""``distillgate probe``: measure a policy's PII recall on probes, without a run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from governance.errors import CheckFailedError

__all__ = ["probe", "register"]


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def probe(
    policy: Annotated[Path, typer.Argument(help="Policy YAML of the source.")],
    source: Annotated[
        Path | None,
        typer.Option(help="Plant into this file or saved dataset instead of the policy's source."),
    ] = None,
    max_records: Annotated[
        int | None, typer.Option("--max-records", min=1, help="Read at most N records.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the results (probes.json format) here.")
    ] = None,
) -> None:
    """Plant synthetic PII into the source's own records and report the gateway's recall
    per entity type (exit 1 when a lower bound is under the policy's min_recall)."""
    from pipeline.probe import probe_policy

    results = probe_policy(policy, source=source, max_records=max_records, out=out)
    typer.echo(
        f"{results.probe_texts} probe texts from {results.sample_records} of "
        f"{results.source_records} records, scanned in {results.scan_seconds:.1f} s"
    )
    typer.echo("type                 caught/planted  recall  lower95  precision  lower95  min")
    for t in results.types:
        typer.echo(
            f"{t.entity_type:<20} {t.caught:>6}/{t.planted:<7} {_figure(t.recall):>7}  "
            f"{t.recall_lower:7.3f}  {_figure(t.precision):>9}  {t.precision_lower:7.3f}  "
            f"{_figure(t.min_recall)}"
        )
    if results.unmeasured:
        typer.echo(f"not measured (no probe values): {', '.join(results.unmeasured)}")
    failures = results.failures()
    if failures:
        raise CheckFailedError(
            "probe recall under min_recall: " + "; ".join(t.describe() for t in failures),
            hint="strengthen the gateway (recognizers, context, countries) or review min_recall",
        )


def register(app: typer.Typer) -> None:
    """Add ``probe`` to the root app."""
    app.command("probe")(probe)
