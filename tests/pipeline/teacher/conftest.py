"""Fixtures of the teacher tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# ``tests.support`` is imported as a package from the repository root.
_ROOT = str(Path(__file__).resolve().parents[3])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from tests.support.fixtures import gemini_server  # noqa: E402

__all__ = ["gemini_server"]


@pytest.fixture(autouse=True)
def _home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISTILLGATE_HOME", str(tmp_path_factory.mktemp("home")))
