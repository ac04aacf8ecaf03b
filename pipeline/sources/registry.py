"""Explicit registry of source loaders and the one function the pipeline calls."""

from __future__ import annotations

import logging
from itertools import islice
from pathlib import Path

from governance.errors import SourceError
from governance.policy.models import SourceFormat, SourceSpec
from pipeline.sources.base import SourceLoader, SourceRecord, SourceRow
from pipeline.sources.builtin import BuiltinLoader
from pipeline.sources.files import CsvLoader, JsonlLoader, ParquetLoader
from pipeline.sources.saved import SavedDatasetLoader

__all__ = ["LOADERS", "load_records"]

_log = logging.getLogger(__name__)

LOADERS: dict[SourceFormat, SourceLoader] = {
    SourceFormat.BUILTIN: BuiltinLoader(),
    SourceFormat.JSONL: JsonlLoader(),
    SourceFormat.CSV: CsvLoader(),
    SourceFormat.PARQUET: ParquetLoader(),
    SourceFormat.DATASETS: SavedDatasetLoader(),
}


def load_records(
    spec: SourceSpec, *, base_dir: Path, limit: int | None = None
) -> list[SourceRecord]:
    """The first ``limit`` records of ``spec`` (all when ``None``), text fields joined.

    Rows are streamed from the source itself and kept in memory only: no copy of the source
    is written anywhere. Raises :class:`SourceError` when a record lacks a field the policy
    names (a null value is allowed) or an id repeats.
    """
    needed = [spec.id_field, *spec.text_fields]
    if spec.ground_truth_field:
        needed.append(spec.ground_truth_field)
    rows = LOADERS[spec.format].rows(spec, base_dir=base_dir)
    records: list[SourceRecord] = []
    seen: set[str] = set()
    for number, row in enumerate(islice(rows, limit), start=1):
        records.append(_record(spec, row, number=number, needed=needed))
        if records[-1].record_id in seen:
            raise SourceError(f"source {spec.name!r}: duplicate id {records[-1].record_id!r}")
        seen.add(records[-1].record_id)
    _log.info("loaded %d records from source %s", len(records), spec.name)
    return records


def _record(spec: SourceSpec, row: SourceRow, *, number: int, needed: list[str]) -> SourceRecord:
    missing = [name for name in needed if name not in row]
    if missing:
        raise SourceError(
            f"source {spec.name!r}: record {number} lacks field(s) {', '.join(missing)}",
            hint=f"available fields: {', '.join(map(str, row))}",
        )
    if row[spec.id_field] is None:
        raise SourceError(f"source {spec.name!r}: record {number} has no {spec.id_field!r}")
    text = "\n".join(str(row[f]) for f in spec.text_fields if row[f] is not None)
    truth = row[spec.ground_truth_field] if spec.ground_truth_field else None
    return SourceRecord(
        record_id=str(row[spec.id_field]),
        text=text,
        ground_truth=None if truth is None else str(truth),
    )
