"""Fixtures of the export tests; helpers live in export_fixtures.py."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from export_fixtures import Keys, build_run, make_policy

from governance.audit.keys import Signer, TrustStore


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    signer = Signer.ephemeral(name="run-signer")
    trust = TrustStore([], path=tmp_path_factory.mktemp("trust") / "trust.json")
    trust.add(signer.public_key_bytes, name="run-signer")
    return Keys(signer, trust)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, keys: Keys) -> Iterator[Path]:
    """One real export (ONNX included), shared read-only by the tests of a module."""
    from pipeline.export import export_run

    root = tmp_path_factory.mktemp("exported")
    run_dir = build_run(root, keys)
    bundle = export_run(
        run_dir, out=root / "bundle", policy=make_policy(), signer=keys.signer, trust=keys.trust
    )
    yield bundle.path
    shutil.rmtree(root, ignore_errors=True)
