"""Read the files of a run directory defensively: a missing or malformed file is ``None``.

Each reader returns a validated model or ``None``; the reason for ``None`` is kept so the
report can say "not available: <why>" instead of failing.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from governance.jsontypes import JsonObject
from governance.policy.models import Policy

__all__ = ["Loaded", "as_float", "as_int", "load_json_object", "load_model", "load_policy_copy"]

_log = logging.getLogger(__name__)

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """A value read from a run file, or ``None`` with the reason it is missing."""

    value: T | None
    note: str | None = None


def _missing(path: Path) -> str:
    return f"not available: {path.name} was not written for this run"


def load_model(cls: type[M], path: Path) -> Loaded[M]:
    """Validate ``path`` (JSON) as the pydantic model ``cls``."""
    if not path.is_file():
        return Loaded(None, _missing(path))
    try:
        value = cls.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValidationError, ValueError) as exc:
        _log.warning("cannot read %s: %s", path, type(exc).__name__)
        return Loaded(None, f"not available: {path.name} is unreadable ({type(exc).__name__})")
    return Loaded(value)


def load_json_object(path: Path) -> Loaded[JsonObject]:
    """Read a JSON object of unknown shape (gate, training metrics)."""
    if not path.is_file():
        return Loaded(None, _missing(path))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        _log.warning("cannot read %s: %s", path, type(exc).__name__)
        return Loaded(None, f"not available: {path.name} is unreadable ({type(exc).__name__})")
    if not isinstance(data, dict):
        return Loaded(None, f"not available: {path.name} is not a JSON object")
    return Loaded(data)


def load_policy_copy(path: Path) -> Loaded[Policy]:
    """Validate the run's ``policy.yaml`` copy."""
    if not path.is_file():
        return Loaded(None, _missing(path))
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        policy = Policy.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        _log.warning("cannot read %s: %s", path, type(exc).__name__)
        return Loaded(None, f"not available: {path.name} is invalid ({type(exc).__name__})")
    return Loaded(policy)


def as_float(value: object) -> float | None:
    """A JSON number (or numeric string such as ``"Infinity"``) as float, else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def as_int(value: object) -> int | None:
    """A JSON integer as int, else ``None``."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value
