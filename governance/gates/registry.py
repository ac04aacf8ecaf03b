"""The explicit registry of validation suites (no discovery)."""

from __future__ import annotations

from collections.abc import Callable

from governance.errors import ConfigError
from governance.gates.dataset_suite import DatasetSuite
from governance.gates.privacy_suite import PrivacySuite
from governance.gates.spec import ValidationSuite
from governance.gates.utility_suite import UtilitySuite

__all__ = ["SUITES", "create_suite"]

SUITES: dict[str, Callable[[], ValidationSuite]] = {
    DatasetSuite.name: DatasetSuite,
    PrivacySuite.name: PrivacySuite,
    UtilitySuite.name: UtilitySuite,
}


def create_suite(name: str) -> ValidationSuite:
    """The suite registered as ``name``."""
    try:
        return SUITES[name]()
    except KeyError as exc:
        known = ", ".join(sorted(SUITES))
        raise ConfigError(f"unknown validation suite {name!r}; known: {known}") from exc
