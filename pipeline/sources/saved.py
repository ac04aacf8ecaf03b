"""Loader for a folder written by ``datasets.Dataset.save_to_disk`` (format ``datasets``).

The folder is memory-mapped where it lies; nothing is copied.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from governance.errors import SourceError
from governance.policy.models import SourceSpec
from pipeline.sources.base import SourceLoader, SourceRow, source_path

__all__ = ["SavedDatasetLoader"]


class SavedDatasetLoader(SourceLoader):
    def rows(self, spec: SourceSpec, *, base_dir: Path) -> Iterator[SourceRow]:
        import datasets

        path = source_path(spec, base_dir=base_dir)
        try:
            loaded = datasets.load_from_disk(str(path))
        except FileNotFoundError as exc:
            raise SourceError(f"source {spec.name!r}: no saved dataset at {path}") from exc
        if isinstance(loaded, datasets.DatasetDict):
            if "train" not in loaded:
                raise SourceError(f"source {spec.name!r}: {path} has no 'train' split")
            loaded = loaded["train"]
        for row in loaded:
            assert isinstance(row, dict)
            yield row
