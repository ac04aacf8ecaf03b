"""Loader for embedded generators (format ``builtin``), materialized on first use."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import datasets

from governance.errors import SourceError
from governance.paths import distillgate_home
from governance.policy.models import SourceSpec
from pipeline.sources.base import SourceLoader
from pipeline.sources.support_tickets import generate_tickets

__all__ = ["BUILTIN_GENERATORS", "BuiltinLoader", "materialize_builtin"]


def _support_tickets(path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for ticket in generate_tickets(2000):
            fh.write(json.dumps(ticket.as_record(), ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


#: Embedded generators by name; each writes a JSONL file deterministically.
BUILTIN_GENERATORS: dict[str, Callable[[Path], None]] = {
    "support_tickets": _support_tickets,
}


def materialize_builtin(name: str) -> Path:
    """Generate the builtin source ``name`` once under the distillgate home; return its path."""
    try:
        generator = BUILTIN_GENERATORS[name]
    except KeyError:
        raise SourceError(
            f"unknown builtin source {name!r}",
            hint="builtin sources: " + ", ".join(sorted(BUILTIN_GENERATORS)),
        ) from None
    folder = distillgate_home() / "sources" / name
    path = folder / "v1.jsonl"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        generator(tmp)
        tmp.replace(path)
    return path


class BuiltinLoader(SourceLoader):
    def load(self, spec: SourceSpec, *, base_dir: Path, cache_dir: Path) -> datasets.Dataset:
        path = materialize_builtin(spec.location or spec.name)
        ds = datasets.load_dataset(  # nosec B615  # local files only, nothing is downloaded
            "json", data_files=str(path), split="train", cache_dir=str(cache_dir)
        )
        assert isinstance(ds, datasets.Dataset)
        return ds
