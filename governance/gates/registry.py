"""The explicit registry of validation suites per task kind (no discovery)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from governance.errors import ConfigError
from governance.gates.dataset_suite import DatasetSuite
from governance.gates.generation_dataset_suite import GenerationDatasetSuite
from governance.gates.privacy_suite import PrivacySuite
from governance.gates.spec import GateTaskKind, ValidationSuite
from governance.gates.utility_suite import UtilitySuite

__all__ = ["GENERATION_SUITES", "SUITES", "SUITES_BY_TASK", "create_suite"]

#: Suites of a classification run, in gate order.
SUITES: dict[str, Callable[[], ValidationSuite]] = {
    DatasetSuite.name: DatasetSuite,
    PrivacySuite.name: PrivacySuite,
    UtilitySuite.name: UtilitySuite,
}

#: Suites of a generation run: the dataset suite checks prompts and targets, not labels.
GENERATION_SUITES: dict[str, Callable[[], ValidationSuite]] = {
    GenerationDatasetSuite.name: GenerationDatasetSuite,
    PrivacySuite.name: PrivacySuite,
    UtilitySuite.name: UtilitySuite,
}

SUITES_BY_TASK: Mapping[GateTaskKind, dict[str, Callable[[], ValidationSuite]]] = {
    "classification": SUITES,
    "generation": GENERATION_SUITES,
}


def create_suite(name: str, *, task_kind: GateTaskKind = "classification") -> ValidationSuite:
    """The suite registered as ``name`` for ``task_kind``."""
    suites = SUITES_BY_TASK[task_kind]
    try:
        return suites[name]()
    except KeyError as exc:
        known = ", ".join(sorted(suites))
        raise ConfigError(f"unknown validation suite {name!r}; known: {known}") from exc
