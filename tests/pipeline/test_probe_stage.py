"""The probe stage of a run, against the real google-genai SDK and a loopback Gemini server.

- With ``probe_before_teacher`` and a weakened gateway (its e-mail recognizers removed by a
  test hook on the analyzer's recognizer table), the run stops before its first teacher call:
  the server receives zero requests.
- With the full gateway the run goes on, and no probe value reaches a teacher request, the
  dataset or the student, and no probe text is stored anywhere (run dir, DISTILLGATE_HOME).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from governance.errors import PolicyViolationError
from governance.paths import distillgate_home
from governance.pii import analyzer
from governance.pii.recognizers import RecognizerSpec, build_registry_recognizers
from governance.policy.models import TeacherProvider
from governance.probes import measure
from governance.probes.plant import ProbeText
from governance.runfiles.layout import RunLayout
from pipeline.run import RunOptions, run_job
from pipeline.sources.support_tickets import generate_tickets
from tests.support.gemini_server import GeminiServer

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


def _write_job(tmp_path: Path, *, records: int, stop: bool) -> Path:
    policy = yaml.safe_load((REPO / "policies" / "support_tickets.yaml").read_text())
    policy["prompt"]["probes"] = {"count": 40, "seed": 3, "sample_records": records}
    policy["prompt"]["probe_before_teacher"] = stop
    (tmp_path / "policies").mkdir()
    policy_path = tmp_path / "policies" / "support_tickets.yaml"
    policy_path.write_text(yaml.safe_dump(policy, sort_keys=False))
    job = yaml.safe_load((REPO / "pipeline" / "default_job.yaml").read_text())
    job["policy"] = str(policy_path)
    job["teacher"] = {"provider": "gemini", "model": "gemini-2.5-flash", "concurrency": 4}
    job["training"]["epochs"] = 1
    job["limits"] = {"max_records": records}
    job["privacy_eval"] = {"canaries": 4}
    job["runs_dir"] = str(tmp_path / "runs")
    path = tmp_path / "job.yaml"
    path.write_text(yaml.safe_dump(job))
    return path


def _run_dir(tmp_path: Path) -> Path:
    (run_dir,) = (tmp_path / "runs").iterdir()
    return run_dir


def _kinds(run_dir: Path) -> list[str]:
    lines = RunLayout(run_dir).audit_log.read_text().splitlines()
    return [json.loads(line)["kind"] for line in lines]


def test_probe_before_teacher_stops_a_weakened_gateway_before_any_teacher_request(
    tmp_path: Path, gemini_server: GeminiServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def without_email(countries: Sequence[str]) -> list[RecognizerSpec]:
        return [
            spec
            for spec in build_registry_recognizers(countries)
            if "EMAIL_ADDRESS" not in spec.recognizer.supported_entities
        ]

    monkeypatch.setattr(analyzer, "build_registry_recognizers", without_email)
    job = _write_job(tmp_path, records=60, stop=True)
    with pytest.raises(
        PolicyViolationError,
        match=r"stopped before any teacher call: EMAIL_ADDRESS: probe recall 0/40, 95% lower "
        r"bound 0\.000 < min_recall 0\.8\b",
    ):
        run_job(RunOptions(job_path=job, teacher=TeacherProvider.GEMINI, progress=False))

    assert gemini_server.request_count == 0
    run_dir = _run_dir(tmp_path)
    kinds = _kinds(run_dir)
    assert "pii_probe" in kinds and "teacher_call" not in kinds
    assert "prompt_decision" not in kinds
    assert json.loads((run_dir / "run.json").read_text())["status"] == "failed"
    probes = json.loads((run_dir / "probes.json").read_text())
    email = next(t for t in probes["types"] if t["entity_type"] == "EMAIL_ADDRESS")
    assert (email["planted"], email["caught"]) == (40, 0)


def _files_containing(root: Path, needles: set[str]) -> dict[str, set[str]]:
    hits: dict[str, set[str]] = {}
    encoded = {n: n.encode("utf-8") for n in needles}
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found = {n for n, b in encoded.items() if b in data}
            if found:
                hits[path.relative_to(root).as_posix()] = found
    return hits


def test_probes_never_reach_the_teacher_the_dataset_or_the_student(
    tmp_path: Path, gemini_server: GeminiServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = 80
    frames: list[str] = []
    real_build = measure.build_probe_texts

    def spy(*args: Any, **kwargs: Any) -> Sequence[ProbeText]:
        built = real_build(*args, **kwargs)
        frames.extend(p.text for p in built)
        return built

    monkeypatch.setattr(measure, "build_probe_texts", spy)
    # 40 probes per type give loose bounds: this test is about where probes go, not the gate.
    job = _write_job(tmp_path, records=records, stop=False)
    outcome = run_job(RunOptions(job_path=job, teacher=TeacherProvider.GEMINI, progress=False))
    run_dir = outcome.run_dir

    assert frames and gemini_server.request_count > 0
    kinds = _kinds(run_dir)
    assert kinds.index("pii_probe") < kinds.index("teacher_call")
    probes = json.loads((run_dir / "probes.json").read_text())
    # The whole builtin source (DISTILLGATE_HOME caches all of it, not only the records read).
    source_text = "\n".join(f"{t.subject}\n{t.body}" for t in generate_tickets(2000))
    # Synthetic values that the source itself does not contain (a Faker name may).
    values = {p["value"] for p in probes["probes"] + probes["lookalikes"]}
    values = {v for v in values if len(v) >= 6 and v not in source_text}
    assert len(values) > 200

    sent = gemini_server.bodies_text()
    assert [v for v in values if v in sent] == []
    assert [f for f in frames if f in sent] == []
    hits = _files_containing(run_dir, values)
    assert set(hits) <= {"probes.json", "export/probes.json"}, hits
    assert _files_containing(distillgate_home(), values) == {}
    # No probe text (a real record with values planted into it) is stored anywhere.
    distinct_frames = {f for f in frames if f not in source_text}
    assert distinct_frames
    assert _files_containing(run_dir, distinct_frames) == {}
    assert _files_containing(distillgate_home(), distinct_frames) == {}
