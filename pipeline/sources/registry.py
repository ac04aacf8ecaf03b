"""Explicit registry of source loaders and the one function the pipeline calls."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from governance.errors import SourceError
from governance.paths import distillgate_home
from governance.policy.models import SourceFormat, SourceSpec
from pipeline.sources.base import SourceLoader, SourceRecord
from pipeline.sources.builtin import BuiltinLoader
from pipeline.sources.files import FileLoader
from pipeline.sources.saved import SavedDatasetLoader

__all__ = ["LOADERS", "load_records"]

_log = logging.getLogger(__name__)

LOADERS: dict[SourceFormat, SourceLoader] = {
    SourceFormat.BUILTIN: BuiltinLoader(),
    SourceFormat.JSONL: FileLoader("json"),
    SourceFormat.CSV: FileLoader("csv"),
    SourceFormat.PARQUET: FileLoader("parquet"),
    SourceFormat.DATASETS: SavedDatasetLoader(),
}


def load_records(
    spec: SourceSpec, *, base_dir: Path, limit: int | None = None
) -> list[SourceRecord]:
    """Load ``spec`` with ``datasets`` and return its records (text fields joined).

    Raises :class:`SourceError` on missing fields or duplicate ids.
    """
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    cache_dir = distillgate_home() / "cache" / "datasets"
    ds = LOADERS[spec.format].load(spec, base_dir=base_dir, cache_dir=cache_dir)
    needed = [spec.id_field, *spec.text_fields]
    if spec.ground_truth_field:
        needed.append(spec.ground_truth_field)
    missing = [name for name in needed if name not in ds.column_names]
    if missing:
        raise SourceError(
            f"source {spec.name!r} lacks field(s) {', '.join(missing)}",
            hint=f"available fields: {', '.join(ds.column_names)}",
        )
    if limit is not None:
        ds = ds.select(range(min(limit, len(ds))))
    records: list[SourceRecord] = []
    seen: set[str] = set()
    for row in ds:
        assert isinstance(row, dict)
        record_id = str(row[spec.id_field])
        if record_id in seen:
            raise SourceError(f"source {spec.name!r}: duplicate id {record_id!r}")
        seen.add(record_id)
        text = "\n".join(str(row[f]) for f in spec.text_fields if row[f] is not None)
        truth = row[spec.ground_truth_field] if spec.ground_truth_field else None
        records.append(
            SourceRecord(
                record_id=record_id, text=text, ground_truth=None if truth is None else str(truth)
            )
        )
    _log.info("loaded %d records from source %s", len(records), spec.name)
    return records
