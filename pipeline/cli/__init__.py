"""The ``distillgate`` command line: a thin layer over the library.

Each command calls one library function. Errors derive from
:class:`governance.errors.DistillgateError` and are caught here, once, in :func:`main`.
"""

from __future__ import annotations

import logging
import sys

from rich.console import Console
from rich.markup import escape

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
        _err.print(f"[bold red]error:[/] {escape(exc.message)}", highlight=False, soft_wrap=True)
        for problem in getattr(exc, "problems", []):
            _err.print(f"  {problem}", highlight=False, markup=False, soft_wrap=True)
        if exc.hint:
            _err.print(f"[dim]hint:[/] {escape(exc.hint)}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)


if __name__ == "__main__":  # pragma: no cover
    main()
