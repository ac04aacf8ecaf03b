"""Loader for a folder written by ``datasets.Dataset.save_to_disk`` (format ``datasets``)."""

from __future__ import annotations

from pathlib import Path

import datasets

from governance.errors import SourceError
from governance.policy.models import SourceSpec
from pipeline.sources.base import SourceLoader

__all__ = ["SavedDatasetLoader"]


class SavedDatasetLoader(SourceLoader):
    def load(self, spec: SourceSpec, *, base_dir: Path, cache_dir: Path) -> datasets.Dataset:
        assert spec.location is not None
        path = Path(spec.location)
        if not path.is_absolute():
            path = base_dir / path
        try:
            loaded = datasets.load_from_disk(str(path))
        except FileNotFoundError as exc:
            raise SourceError(f"source {spec.name!r}: no saved dataset at {path}") from exc
        if isinstance(loaded, datasets.DatasetDict):
            if "train" not in loaded:
                raise SourceError(f"source {spec.name!r}: {path} has no 'train' split")
            return loaded["train"]
        return loaded
