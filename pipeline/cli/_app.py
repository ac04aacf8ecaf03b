"""Root Typer application; sub-commands are registered explicitly below."""

from __future__ import annotations

import typer

__all__ = ["app"]

app = typer.Typer(
    name="distillgate",
    help="Privacy-audited data governance for model distillation.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# Explicit registry of sub-command modules (no discovery through import side effects).
# Each module exposes ``register(app)``; see pipeline/cli/<area>.py.
_MODULES: tuple[str, ...] = (
    "run",
    "scan",
    "probe",
    "policy",
    "audit",
    "keys",
    "report",
    "review",
    "gate",
)


def _register_all() -> None:
    import importlib

    for name in _MODULES:
        importlib.import_module(f"pipeline.cli.{name}").register(app)


_register_all()
