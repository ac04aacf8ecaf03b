"""Runs suites with Great Expectations Core 1.x in a quiet, offline, ephemeral context.

Each suite gets its own pandas asset, ``ExpectationSuite``, ``ValidationDefinition`` and
``Checkpoint``; results are written as JSON to ``<run>/validation/<suite>.json`` and the Data
Docs site is built under ``<run>/validation/data_docs``.
"""

from __future__ import annotations

import json
import logging
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import great_expectations as gx
import pandas as pd
from great_expectations.checkpoint.actions import UpdateDataDocsAction
from great_expectations.data_context.types.base import (
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)

from governance.errors import GateError
from governance.gates.spec import ExpectationSpec
from governance.jsontypes import JsonValue

__all__ = ["GX_VERSION", "GxRun", "GxSuiteRun", "run_suites", "to_json_safe"]

logger = logging.getLogger(__name__)

# GX Core 1.x reads this when a context is created; no usage statistics, ever.
os.environ["GX_ANALYTICS_ENABLED"] = "false"

GX_VERSION: str = gx.__version__
_SITE = "distillgate_local_site"
_CHECK_KEY = "distillgate_check"


@dataclass(frozen=True)
class GxSuiteRun:
    """GX's verdict on one suite: the raw result per expectation name."""

    name: str
    results: dict[str, dict[str, Any]]
    results_path: Path


@dataclass(frozen=True)
class GxRun:
    """All suites of one gate run."""

    suites: tuple[GxSuiteRun, ...]
    data_docs_index: Path | None


def to_json_safe(value: Any) -> JsonValue:
    """Plain JSON: numpy scalars to Python, non-finite floats to ``"inf"``/``"nan"`` strings."""
    if isinstance(value, dict):
        return {str(k): to_json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_json_safe(v) for v in value]
    if hasattr(value, "item") and callable(value.item):
        value = value.item()
    if isinstance(value, bool) or value is None or isinstance(value, str | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return str(value)


def _context(validation_dir: Path) -> Any:
    """An in-memory context whose only Data Docs site is ``validation_dir/data_docs``."""
    site: Any = {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": str(validation_dir / "data_docs"),
        },
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        data_docs_sites={_SITE: site},
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def run_suites(
    frames: Sequence[tuple[str, pd.DataFrame, Sequence[ExpectationSpec]]],
    *,
    validation_dir: Path,
    index_column: str | None = None,
) -> GxRun:
    """Validate each ``(name, frame, specs)``; write results and Data Docs to ``validation_dir``."""
    validation_dir.mkdir(parents=True, exist_ok=True)
    try:
        context = _context(validation_dir)
        source = context.data_sources.add_pandas("distillgate")
        runs = [
            _run_one(context, source, name, frame, specs, validation_dir, index_column)
            for name, frame, specs in frames
        ]
    except GateError:
        raise
    except Exception as exc:  # GX raises many unrelated types; none may escape
        raise GateError(f"Great Expectations failed to validate: {exc}") from exc
    index = validation_dir / "data_docs" / "index.html"
    return GxRun(suites=tuple(runs), data_docs_index=index if index.exists() else None)


def _run_one(
    context: Any,
    source: Any,
    name: str,
    frame: pd.DataFrame,
    specs: Sequence[ExpectationSpec],
    validation_dir: Path,
    index_column: str | None,
) -> GxSuiteRun:
    batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("whole")
    suite = context.suites.add(gx.ExpectationSuite(name=name))
    for spec in specs:
        expectation = spec.expectation
        expectation.meta = {**(expectation.meta or {}), _CHECK_KEY: spec.name}
        # The description makes otherwise equal expectations distinct (GX de-duplicates).
        expectation.description = f"{spec.name}: {spec.meaning}"
        suite.add_expectation(expectation)
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=f"{name}_definition", data=batch, suite=suite)
    )
    result_format: dict[str, Any] = {"result_format": "COMPLETE"}
    if index_column is not None and index_column in frame.columns:
        result_format["unexpected_index_column_names"] = [index_column]
    checkpoint = context.checkpoints.add(
        gx.Checkpoint(
            name=f"{name}_checkpoint",
            validation_definitions=[definition],
            actions=[UpdateDataDocsAction(name="data_docs", site_names=[_SITE])],
            result_format=result_format,
        )
    )
    outcome = checkpoint.run(batch_parameters={"dataframe": frame})
    (validation,) = outcome.run_results.values()
    as_json = to_json_safe(validation.to_json_dict())
    path = validation_dir / f"{name}.json"
    path.write_text(json.dumps(as_json, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    results: dict[str, dict[str, Any]] = {}
    raw: Any = as_json
    for item in raw["results"]:
        key = (item["expectation_config"].get("meta") or {}).get(_CHECK_KEY)
        if isinstance(key, str):
            results[key] = item
    logger.info("suite %s: success=%s", name, validation.success)
    return GxSuiteRun(name=name, results=results, results_path=path)
