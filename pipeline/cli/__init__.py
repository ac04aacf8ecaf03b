"""The ``distillgate`` command line: a thin layer over the library.

Each command calls one library function. Errors derive from
:class:`governance.errors.DistillgateError` and are caught here, once, in :func:`main`.
"""

from __future__ import annotations

import logging
import sys

import typer
from rich.console import Console

from governance.errors import DistillgateError
from pipeline.cli._app import app

__all__ = ["app", "main"]

_err = Console(stderr=True)


def main() -> None:
    """Console-script entry point."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app(standalone_mode=True)
    except DistillgateError as exc:
        _err.print(f"[bold red]error:[/] {exc.message}", highlight=False, markup=True)
        problems = getattr(exc, "problems", [])
        for problem in problems:
            _err.print(f"  {problem}", highlight=False, markup=False)
        if exc.hint:
            _err.print(f"[dim]hint:[/] {exc.hint}", highlight=False)
        sys.exit(exc.exit_code)


if __name__ == "__main__":  # pragma: no cover
    main()
