"""Loader for JSONL, CSV and Parquet files, through ``datasets`` packaged builders."""

from __future__ import annotations

from pathlib import Path

import datasets

from governance.errors import SourceError
from governance.policy.models import SourceSpec
from pipeline.sources.base import SourceLoader

__all__ = ["FileLoader"]


class FileLoader(SourceLoader):
    """Reads one file (or glob) with the ``datasets`` builder named ``builder``."""

    def __init__(self, builder: str) -> None:
        self._builder = builder

    def load(self, spec: SourceSpec, *, base_dir: Path, cache_dir: Path) -> datasets.Dataset:
        assert spec.location is not None
        path = Path(spec.location)
        if not path.is_absolute():
            path = base_dir / path
        if not path.exists():
            raise SourceError(
                f"source {spec.name!r}: {path} does not exist",
                hint="fix source.location in the policy (relative to the policy file)",
            )
        try:
            ds = datasets.load_dataset(  # nosec B615  # local files only, nothing is downloaded
                self._builder, data_files=str(path), split="train", cache_dir=str(cache_dir)
            )
        except (ValueError, OSError, datasets.exceptions.DatasetGenerationError) as exc:
            raise SourceError(f"source {spec.name!r}: cannot read {path}: {exc}") from exc
        assert isinstance(ds, datasets.Dataset)
        return ds
