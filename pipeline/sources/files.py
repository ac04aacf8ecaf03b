"""Loaders for JSONL, CSV and Parquet files: plain streaming readers, no copy on disk.

Errors name the source, the file and the line (JSONL, CSV) but never echo a record's content.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

from governance.errors import SourceError
from governance.policy.models import SourceSpec
from pipeline.sources.base import SourceLoader, SourceRow, source_path

__all__ = ["CsvLoader", "JsonlLoader", "ParquetLoader"]


class JsonlLoader(SourceLoader):
    """One JSON object per line (UTF-8); blank lines are skipped."""

    def rows(self, spec: SourceSpec, *, base_dir: Path) -> Iterator[SourceRow]:
        path = source_path(spec, base_dir=base_dir)
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                yield from _json_row(spec, path, number, raw)


def _json_row(spec: SourceSpec, path: Path, number: int, raw: bytes) -> Iterator[SourceRow]:
    where = f"source {spec.name!r}: {path} line {number}"
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{where} is not valid UTF-8 (byte {exc.start + 1})",
            hint="re-encode the file as UTF-8",
        ) from None
    if not line.strip():
        return
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise SourceError(f"{where} is not valid JSON: {exc.msg} (column {exc.colno})") from None
    if not isinstance(row, dict):
        raise SourceError(f"{where} is not a JSON object", hint="one JSON object per line")
    yield row


class CsvLoader(SourceLoader):
    """A CSV file with a header row (UTF-8); an empty cell reads as ``None``."""

    def rows(self, spec: SourceSpec, *, base_dir: Path) -> Iterator[SourceRow]:
        path = source_path(spec, base_dir=base_dir)
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            try:
                for row in reader:
                    yield {key: (value or None) for key, value in row.items() if key is not None}
            except UnicodeDecodeError as exc:
                raise SourceError(
                    f"source {spec.name!r}: {path} is not valid UTF-8 "
                    f"(after line {reader.line_num}, byte {exc.start + 1} of a read block)",
                    hint="re-encode the file as UTF-8",
                ) from None
            except csv.Error as exc:
                raise SourceError(
                    f"source {spec.name!r}: {path} line {reader.line_num}: {exc}"
                ) from None


class ParquetLoader(SourceLoader):
    """A Parquet file, read a row group batch at a time."""

    def rows(self, spec: SourceSpec, *, base_dir: Path) -> Iterator[SourceRow]:
        import pyarrow
        import pyarrow.parquet as pq

        path = source_path(spec, base_dir=base_dir)
        try:
            parquet = pq.ParquetFile(path)
            for batch in parquet.iter_batches(batch_size=1024):
                yield from batch.to_pylist()
        except (pyarrow.ArrowException, OSError) as exc:
            raise SourceError(f"source {spec.name!r}: cannot read {path}: {exc}") from None
