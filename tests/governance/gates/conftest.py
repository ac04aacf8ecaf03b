"""Fixtures of the gate tests; helpers live in gate_fixtures.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from gate_fixtures import build_run, count_pii, make_policy

from governance.policy.models import Policy


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    return build_run(tmp_path / "run-1")


@pytest.fixture
def policy() -> Policy:
    return make_policy()


@pytest.fixture
def scan() -> Callable[[str], int]:
    return count_pii
