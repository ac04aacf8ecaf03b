"""A run killed after entries were written but before they were signed, forged while down.

The attack (issue 16): SIGKILL a 200-record run once ``audit/log.jsonl`` passes 150 lines,
change the ``outcome`` of an early ``prompt_decision`` entry that no signed checkpoint covers,
``distillgate run --resume``. The forged bytes must never be signed: they end up in a
quarantine file (recorded in the log), the log verifies, and the resumed run redoes the
records they covered, with exactly one decision per record and reports that count records.

The kill is injected at the worst moment (a batch of prompt decisions written, its fsync and
checkpoint not yet done) by a wrapper that sends SIGKILL to its own process from the log's
fsync.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import pytest
import yaml

from governance.audit.events import EventKind
from governance.audit.verify import read_entries
from pipeline.cli import main
from pipeline.run import RunOptions, run_job

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
N_RECORDS = 200
KILL_AT_LINES = 150
FORGED = "forged-by-an-insider"

_KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from governance.audit import _durable

    real_fsync = _durable.fsync
    limit = int(sys.argv[1])

    def fsync(fd):
        path = os.readlink(f"/proc/self/fd/{fd}")
        if path.endswith("audit/log.jsonl"):
            with open(path, "rb") as f:
                lines = f.read().splitlines()
            # Past the limit, in a batch of prompt decisions: written, not yet fsynced or signed.
            if len(lines) >= limit and b'"kind":"prompt_decision"' in lines[-1]:
                os.kill(os.getpid(), signal.SIGKILL)
        real_fsync(fd)

    _durable.fsync = fsync
    from pipeline.cli import main
    sys.argv = ["distillgate", *sys.argv[2:]]
    main()
    """
)


def _job(tmp_path: Path) -> Path:
    job = yaml.safe_load((REPO / "pipeline" / "default_job.yaml").read_text())
    job["policy"] = str(REPO / "policies" / "support_tickets.yaml")
    job["training"]["epochs"] = 1
    job["limits"] = {"max_records": N_RECORDS}
    job["privacy_eval"] = {"canaries": 4}
    job["runs_dir"] = str(tmp_path / "runs")
    path = tmp_path / "job.yaml"
    path.write_text(yaml.safe_dump(job))
    return path


def _forge_first_unsigned_decision(audit_dir: Path) -> int:
    """Change the outcome of the first prompt_decision no checkpoint signs; its index."""
    checkpoints = (audit_dir / "checkpoints.jsonl").read_bytes().splitlines()
    signed = json.loads(checkpoints[-1])["tree_size"] if checkpoints else 0
    path = audit_dir / "log.jsonl"
    lines = path.read_bytes().splitlines(keepends=True)
    assert len(lines) >= KILL_AT_LINES and len(lines) > signed
    for i in range(signed, len(lines)):
        entry = json.loads(lines[i])
        if entry["kind"] == "prompt_decision":
            entry["payload"]["outcome"] = FORGED
            lines[i] = json.dumps(entry, sort_keys=True, separators=(",", ":")).encode() + b"\n"
            path.write_bytes(b"".join(lines))
            return i
    raise AssertionError("no prompt_decision past the last checkpoint")


def _verify_cli(run_dir: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(sys, "argv", ["distillgate", "audit", "verify", str(run_dir)])
    with pytest.raises(SystemExit) as info:
        main()
    return info.value.code if isinstance(info.value.code, int) else 0


def test_forged_unsigned_entry_is_quarantined_and_redone_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run_dir = tmp_path / "run"
    args = ["run", str(_job(tmp_path)), "--run-dir", str(run_dir), "--no-progress"]
    proc = subprocess.run(
        [sys.executable, "-c", _KILLER, str(KILL_AT_LINES), *args],
        cwd=REPO,
        capture_output=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == -9, proc.stderr.decode()[-2000:]
    audit_dir = run_dir / "audit"
    _forge_first_unsigned_decision(audit_dir)

    run_job(RunOptions(resume=run_dir, progress=False))

    # The forged bytes were never signed: they are in quarantine, recorded in the log.
    assert FORGED.encode() not in (audit_dir / "log.jsonl").read_bytes()
    (side,) = audit_dir.glob("log.jsonl.quarantine-*")
    moved = side.read_bytes()
    assert FORGED.encode() in moved
    (record,) = read_entries(audit_dir, kind=EventKind.AUDIT_QUARANTINE)
    assert record.payload["quarantine_file"] == side.name
    assert record.payload["sha256"] == hashlib.sha256(moved).hexdigest()
    assert record.payload["byte_length"] == len(moved)
    assert record.payload["entries"] == moved.count(b"\n") > 0
    capsys.readouterr()
    assert _verify_cli(run_dir, monkeypatch) == 0
    out = capsys.readouterr().out
    assert (
        out.startswith("ok: ")
        and f"quarantined after a crash (kept for forensics): {side.name}" in out
    )

    # One decision per record, and the reports count records.
    decisions = read_entries(audit_dir, kind=EventKind.PROMPT_DECISION)
    per_record = Counter(str(e.payload["record_id"]) for e in decisions)
    assert len(per_record) == N_RECORDS and set(per_record.values()) == {1}
    assert all("supersedes" not in e.payload for e in decisions)
    answers = Counter(
        str(e.payload["record_id"])
        for e in read_entries(audit_dir, kind=EventKind.RESPONSE_DECISION)
    )
    assert set(answers.values()) == {1}
    pii = json.loads((run_dir / "pii_summary.json").read_text())
    assert pii["records_scanned"] == N_RECORDS
    blocked = sum(1 for e in decisions if e.payload["outcome"] == "block")
    assert pii["records_blocked"] == blocked
    report = json.loads((run_dir / "report.json").read_text())
    assert report["pii"]["records_scanned"] == N_RECORDS
    assert report["audit"]["kind_counts"]["prompt_decision"] == N_RECORDS
    assert report["audit"]["verified"] is True
