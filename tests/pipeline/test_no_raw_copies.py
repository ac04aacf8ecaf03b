"""No raw source data is left behind by a run, a killed run, or the start that follows it.

The attack: a run left full raw copies of its source (the demo tickets, full of realistic
PII) in ``$DISTILLGATE_HOME``, readable by every user and never cleaned up. Here a small run
with the local teacher is SIGKILLed in the middle of its teacher loop, then resumed to the
end; after each, the whole home, the run directory, the run's temp dir and its ``datasets``
cache are searched for every seeded PII value (>= 6 characters) of the records it read.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import yaml

from pipeline.run import RunOptions, run_job
from pipeline.sources.support_tickets import generate_tickets

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
N_RECORDS = 120  # two micro-batches of the governed loop: killed after the first


def _seeded_values(count: int) -> set[str]:
    return {
        value
        for ticket in generate_tickets(count)
        for found in ticket.pii.values()
        for value in found
        if len(value) >= 6
    }


def _files_containing(roots: list[Path], values: set[str]) -> dict[str, list[str]]:
    hits: dict[str, list[str]] = {}
    encoded = {value: value.encode("utf-8") for value in values}
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file() and not path.is_symlink():
                data = path.read_bytes()
                found = [value for value, raw in encoded.items() if raw in data]
                if found:
                    hits[str(path)] = found
    return hits


def _job(tmp_path: Path) -> Path:
    job = yaml.safe_load((REPO / "pipeline" / "default_job.yaml").read_text())
    job["policy"] = str(REPO / "policies" / "support_tickets.yaml")
    job["training"]["epochs"] = 1
    job["limits"] = {"max_records": N_RECORDS}
    job["privacy_eval"] = {"canaries": 4}
    path = tmp_path / "job.yaml"
    path.write_text(yaml.safe_dump(job))
    return path


def _kill_mid_teacher_loop(cmd: list[str], *, env: dict[str, str], log: Path, err: Path) -> str:
    """Start ``cmd``, SIGKILL it once the first teacher calls are durable; the log so far."""
    with err.open("wb") as stderr:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        deadline, text = time.monotonic() + 300, ""
        while '"teacher_call"' not in text and time.monotonic() < deadline:
            assert proc.poll() is None, err.read_text()
            time.sleep(0.02)
            text = log.read_text() if log.exists() else ""
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert '"teacher_call"' in text, "no teacher call within 300 s"
    return text


def test_no_raw_copy_after_a_killed_run_and_the_next_start(
    tmp_path: Path, distillgate_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datasets

    temp, hf_cache, run_dir = tmp_path / "tmp", tmp_path / "hf-datasets", tmp_path / "run"
    temp.mkdir()
    hf_cache.mkdir()
    env = dict(os.environ, TMPDIR=str(temp), HF_DATASETS_CACHE=str(hf_cache))
    cmd = [sys.executable, "-c", "from pipeline.cli import main; main()", "run"]
    cmd += [str(_job(tmp_path)), "--run-dir", str(run_dir), "--no-progress"]

    log = _kill_mid_teacher_loop(
        cmd, env=env, log=run_dir / "audit" / "log.jsonl", err=tmp_path / "stderr.txt"
    )

    assert '"training_summary"' not in log  # killed inside the teacher loop
    values = _seeded_values(N_RECORDS)
    assert len(values) > 300
    roots = [distillgate_home, run_dir, temp, hf_cache]
    assert _files_containing(roots, values) == {}
    # The first run on this empty home made the PII key, and said so.
    stderr = (tmp_path / "stderr.txt").read_text()
    assert f"created the PII HMAC key {distillgate_home / 'keys' / 'pii_hmac.key'}" in stderr
    assert not [value for value in values if value in stderr]

    # The next start (here: the resume, to the end) leaves no copy either.
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", hf_cache)
    outcome = run_job(RunOptions(resume=run_dir, progress=False))

    assert (run_dir / "report.html").exists() and outcome.run_dir == run_dir
    assert _files_containing(roots, values) == {}
