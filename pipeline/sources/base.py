"""What every data source loader provides: the raw rows of a source, read where they lie.

A loader streams the rows of its source from the source itself: it never writes a copy of
them anywhere (no ``datasets`` cache, no materialized file). Raw rows live only in memory.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from governance.errors import SourceError
from governance.policy.models import SourceSpec

__all__ = ["SourceLoader", "SourceRecord", "SourceRow", "source_path"]

#: One raw row of a source: field name -> value (``None`` for a null or empty value).
SourceRow = Mapping[str, object]


@dataclass(frozen=True)
class SourceRecord:
    """One record of a data source, as the pipeline sees it before any PII handling."""

    record_id: str
    text: str
    ground_truth: str | None


class SourceLoader(ABC):
    """Streams the rows of a source (one implementation per format), writing nothing."""

    @abstractmethod
    def rows(self, spec: SourceSpec, *, base_dir: Path) -> Iterator[SourceRow]:
        """The rows of the source in order; ``base_dir`` resolves relative locations."""


def source_path(spec: SourceSpec, *, base_dir: Path) -> Path:
    """The file or folder of ``spec`` (relative locations from ``base_dir``), which must exist."""
    assert spec.location is not None
    path = Path(spec.location)
    if not path.is_absolute():
        path = base_dir / path
    if not path.exists():
        raise SourceError(
            f"source {spec.name!r}: {path} does not exist",
            hint="fix source.location in the policy (relative to the policy file)",
        )
    return path
