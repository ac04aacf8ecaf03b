"""What every data source loader provides: records with an id, text fields and hidden truth."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

import datasets

from governance.policy.models import SourceSpec

__all__ = ["SourceLoader", "SourceRecord"]


@dataclass(frozen=True)
class SourceRecord:
    """One record of a data source, as the pipeline sees it before any PII handling."""

    record_id: str
    text: str
    ground_truth: str | None


class SourceLoader(ABC):
    """Loads a source into a :class:`datasets.Dataset` (one implementation per format)."""

    @abstractmethod
    def load(self, spec: SourceSpec, *, base_dir: Path, cache_dir: Path) -> datasets.Dataset:
        """Return the whole source; ``base_dir`` resolves relative locations."""
