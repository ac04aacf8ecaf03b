"""A run killed with SIGKILL mid-way resumes without paying twice for an answer it had."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml

from governance.audit.keys import TrustStore
from governance.audit.verify import verify_audit
from governance.policy.models import TeacherProvider
from pipeline.run import RunOptions, run_job
from tests.support.gemini_server import GeminiServer

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
N_RECORDS = 80
CONCURRENCY = 4


def _job(tmp_path: Path) -> Path:
    job = yaml.safe_load((REPO / "pipeline" / "default_job.yaml").read_text())
    job["policy"] = str(REPO / "policies" / "support_tickets.yaml")
    job["teacher"] = {
        "provider": "gemini",
        "model": "gemini-2.5-flash",
        "concurrency": CONCURRENCY,
        "max_retries": 0,
    }
    job["training"]["epochs"] = 1
    job["limits"] = {"max_records": N_RECORDS}
    job["privacy_eval"] = {"canaries": 4}
    path = tmp_path / "job.yaml"
    path.write_text(yaml.safe_dump(job))
    return path


def test_sigkill_then_resume_makes_no_duplicate_paid_call(
    tmp_path: Path, gemini_server: GeminiServer
) -> None:
    gemini_server.latency_s = 0.05
    run_dir = tmp_path / "run"
    cmd = [
        sys.executable,
        "-c",
        "from pipeline.cli import main; main()",
        "run",
        str(_job(tmp_path)),
        "--run-dir",
        str(run_dir),
        "--no-progress",
    ]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    while gemini_server.request_count < 30 and time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    before = gemini_server.request_count
    assert 30 <= before < N_RECORDS

    outcome = run_job(RunOptions(resume=run_dir, teacher=TeacherProvider.GEMINI, progress=False))

    prompts = Counter(r.prompt for r in gemini_server.requests)
    usage = json.loads((run_dir / "teacher_usage.json").read_text())
    assert usage["cached"] >= before - CONCURRENCY  # answers received before the kill were kept
    # Only calls in flight at the moment of the kill can be repeated; nothing answered is.
    assert sum(n - 1 for n in prompts.values()) <= CONCURRENCY
    assert len(prompts) + usage["blocked_prompts"] == N_RECORDS
    assert verify_audit(outcome.run_dir / "audit", trust=TrustStore.load()).ok
