"""``distillgate audit``: verify a run's audit log, prove an entry, show entries."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from governance.audit.anchor_check import AnchorKind, AnchorSource, home_anchor_sources
from governance.audit.events import AI_ACT_ART12_CATEGORY, EventKind
from governance.audit.keys import TrustStore
from governance.audit.verify import (
    AuditVerification,
    prove_inclusion,
    read_entries,
    verify_audit,
)
from governance.errors import AuditVerificationError, DistillgateError
from governance.runfiles.artifacts import RunManifest, read_artifact
from governance.runfiles.layout import LOG_FILE, RunLayout
from pipeline.export import layout
from pipeline.run_dir import run_origin

__all__ = ["register", "resolve_audit_dir"]

audit_app = typer.Typer(
    name="audit",
    help="Verify, prove and show a run's signed audit log.",
    no_args_is_help=True,
)

_RunDir = Annotated[Path, typer.Argument(help="Run directory (the log is in RUN_DIR/audit).")]
_Trust = Annotated[
    Path | None,
    typer.Option("--trust", help="Trust file of public keys (default: the home trust file)."),
]


def resolve_audit_dir(run_dir: Path) -> Path:
    """``RUN_DIR/audit``, or RUN_DIR itself when it already is an audit folder."""
    layout = RunLayout(run_dir)
    if layout.audit_log.exists() or not (run_dir / LOG_FILE).exists():
        return layout.audit_dir
    return run_dir


def _anchor_sources(
    run_dir: Path, anchor_logs: list[Path], bundles: list[Path]
) -> list[AnchorSource]:
    """Every anchor the command can find: the home's, kept copies, bundles (the run's own
    export bundle too, when there is one)."""
    sources = list(home_anchor_sources())
    sources += [AnchorSource(AnchorKind.FILE, path) for path in anchor_logs]
    sources += [AnchorSource(AnchorKind.BUNDLE, b / layout.ANCHORS_FILE) for b in bundles]
    own = RunLayout(run_dir).export_dir / layout.ANCHORS_FILE
    if own.is_file() and all(b.resolve() != own.parent.parent.resolve() for b in bundles):
        sources.append(AnchorSource(AnchorKind.BUNDLE, own, required=False))
    return sources


def _run_origin(run_dir: Path) -> str | None:
    """The origin the run's log must have, from its manifest (None when there is none)."""
    try:
        return run_origin(read_artifact(RunManifest, RunLayout(run_dir).manifest).run_id)
    except (DistillgateError, OSError):
        return None


def _anchor_lines(result: AuditVerification) -> list[str]:
    lines = [f"anchors: {use.describe()}" for use in result.anchors]
    if not any(use.anchors for use in result.anchors):
        lines.append(
            "note: no anchor of this log was found; a rollback to an earlier checkpoint "
            "cannot be detected (keep the home anchor log, a bundle or a checkpoint)"
        )
    return lines


@audit_app.command("verify")
def verify(
    run_dir: _RunDir,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    checkpoint: Annotated[
        Path | None,
        typer.Option("--checkpoint", help="An externally kept checkpoint (detects truncation)."),
    ] = None,
    anchor_logs: Annotated[
        list[Path] | None,
        typer.Option("--anchors", help="A kept copy of an anchor log (repeatable)."),
    ] = None,
    bundles: Annotated[
        list[Path] | None,
        typer.Option("--bundle", help="An export bundle of the run (repeatable)."),
    ] = None,
    trust: _Trust = None,
) -> None:
    """Check every entry, the checkpoint chain, all signatures and every anchor found.

    Anchors (detect a rollback to an earlier checkpoint): the home anchor log, each
    --anchors copy, each --bundle and the run's own export bundle, and --checkpoint.
    Exit 1 on any problem.
    """
    audit_dir = resolve_audit_dir(run_dir)
    run_root = audit_dir.parent
    result = verify_audit(
        audit_dir,
        trust=TrustStore.load(trust),
        external_checkpoint=checkpoint,
        anchors=_anchor_sources(run_root, anchor_logs or [], bundles or []),
        origin=_run_origin(run_root),
    )
    if as_json:
        typer.echo(json.dumps(result.to_json(), indent=2, sort_keys=True))
        if not result.ok:
            raise typer.Exit(code=1)
        return
    if not result.ok:
        for line in _anchor_lines(result):
            typer.echo(line)
        where = (
            "a checkpoint or an anchor"
            if result.first_bad_index is None
            else f"first bad index {result.first_bad_index}"
        )
        raise AuditVerificationError(
            f"audit log does not verify ({where}): {result.reason}",
            hint="the log, its checkpoints, an anchor log or the trust file were altered "
            "or are incomplete",
        )
    latest = result.latest_checkpoint
    head = (
        "no checkpoint"
        if latest is None
        else (f"root {latest.root_hash.hex()} signed by {latest.key_id} at {latest.timestamp}")
    )
    typer.echo(
        f"ok: {result.entry_count} entries, {result.checkpoints_verified} checkpoints; {head}"
    )
    for line in _anchor_lines(result):
        typer.echo(line)
    for name in result.quarantined:
        typer.echo(f"note: quarantined after a crash (kept for forensics): {name}")


@audit_app.command("prove")
def prove(
    run_dir: _RunDir,
    index: Annotated[int, typer.Option("--index", help="Entry index to prove.")],
    trust: _Trust = None,
) -> None:
    """Print an inclusion proof of one entry against the latest checkpoint (JSON)."""
    proof = prove_inclusion(resolve_audit_dir(run_dir), index, trust=TrustStore.load(trust))
    typer.echo(proof.to_json_text())


@audit_app.command("show")
def show(
    run_dir: _RunDir,
    kind: Annotated[
        EventKind | None, typer.Option("--kind", help="Only entries of this kind.")
    ] = None,
) -> None:
    """Print entries as a table for reviewers (no raw PII is ever stored in the log)."""
    entries = read_entries(resolve_audit_dir(run_dir), kind=kind)
    table = Table(title=f"audit log of {run_dir}")
    for column in ("#", "time (UTC)", "kind", "AI Act Art. 12", "policy", "payload"):
        table.add_column(column, overflow="fold")
    for entry in entries:
        category = AI_ACT_ART12_CATEGORY.get(entry.kind)
        table.add_row(
            str(entry.index),
            entry.timestamp.replace("+00:00", "Z"),
            entry.kind.value,
            category.value if category is not None else "",
            entry.policy_hash[:12],
            json.dumps(entry.payload, sort_keys=True, ensure_ascii=False),
        )
    Console(width=200).print(table)
    typer.echo(f"{len(entries)} entries")


def register(app: typer.Typer) -> None:
    """Add the ``audit`` command group to the root app."""
    app.add_typer(audit_app)
