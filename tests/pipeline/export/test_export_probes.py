"""The export bundle carries the run's probe results, covered by the signed manifest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from export_fixtures import Keys, build_run, make_policy

from governance.runfiles.layout import RunLayout
from pipeline.export import export_run, verify_bundle
from pipeline.export.layout import PROBES_FILE

pytestmark = pytest.mark.slow


def test_bundle_carries_probes_json(keys: Keys, tmp_path: Path) -> None:
    run_dir = build_run(tmp_path, keys)
    probes = {"schema": "distillgate/probes/v1", "probe_set_digest": "ab" * 32}
    RunLayout(run_dir).probes.write_text(json.dumps(probes) + "\n", encoding="utf-8")
    bundle = export_run(
        run_dir, out=tmp_path / "bundle", policy=make_policy(), signer=keys.signer, trust=keys.trust
    )
    assert (bundle.path / PROBES_FILE).read_bytes() == RunLayout(run_dir).probes.read_bytes()
    assert PROBES_FILE in bundle.manifest.files
    verify_bundle(bundle.path, trust=keys.trust)
