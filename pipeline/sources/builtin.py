"""Loader for embedded generators (format ``builtin``), generated in memory on every load.

The demo source is synthetic but full of realistic PII, so it is treated as raw data: it is
never written to disk (earlier versions kept a copy under ``<home>/sources/``; see
:mod:`pipeline.sources.leftovers`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from governance.errors import SourceError
from governance.policy.models import SourceSpec
from pipeline.sources.base import SourceLoader, SourceRow
from pipeline.sources.support_tickets import generate_tickets

__all__ = ["BUILTIN_GENERATORS", "BuiltinLoader"]


def _support_tickets() -> Iterator[SourceRow]:
    for ticket in generate_tickets(2000):
        yield ticket.as_record()


#: Embedded generators by name; each yields the same rows, deterministically, every time.
BUILTIN_GENERATORS: dict[str, Callable[[], Iterator[SourceRow]]] = {
    "support_tickets": _support_tickets,
}


class BuiltinLoader(SourceLoader):
    def rows(self, spec: SourceSpec, *, base_dir: Path) -> Iterator[SourceRow]:
        name = spec.location or spec.name
        try:
            generator = BUILTIN_GENERATORS[name]
        except KeyError:
            raise SourceError(
                f"unknown builtin source {name!r}",
                hint="builtin sources: " + ", ".join(sorted(BUILTIN_GENERATORS)),
            ) from None
        return generator()
