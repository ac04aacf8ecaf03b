"""SIGKILL a writer at random moments (>= 500 times): acknowledged entries always survive.

Each iteration forks (milliseconds, no interpreter start-up). The child resumes the log,
appends small random batches, makes each durable (``sync``, or a background ``commit`` while
it appends more, then ``wait``) and reports the last acknowledged index through a pipe;
every commit signs a checkpoint, so kills also land inside checkpoint and anchor writes. The
parent kills it after a random delay, resumes the log itself, checks every acknowledged
entry and that only unacknowledged bytes (unsigned entries, a torn line) were quarantined,
and recorded, appends, closes and verifies. A SIGKILL
rarely tears a small write on Linux, so some rounds also drop a random number of
unacknowledged bytes, as a power cut may, to exercise the quarantine.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import struct
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from audit_helpers import ORIGIN, POLICY_HASH, trust_for

from governance.audit._scan import split_lines
from governance.audit.anchors import AnchorLog
from governance.audit.events import EventKind
from governance.audit.keys import Signer
from governance.audit.log import AuditLog
from governance.audit.verify import verify_audit

KILLS = 520
PER_DIR = 5  # a fresh log every few kills keeps each resume cheap
_READY = -2


def _origin(audit_dir: Path) -> str:
    """One origin per log (anchors are kept per origin in the one home anchor log)."""
    return f"{ORIGIN}/{audit_dir.parent.name}"


def _anchors(audit_dir: Path) -> AnchorLog:
    """The anchor log, in the same (RAM-backed) folder as the logs."""
    return AnchorLog(audit_dir.parent.parent / "anchors.jsonl")


def _child(audit_dir: Path, signer: Signer, ack_fd: int, seed: int) -> None:
    rng = random.Random(seed)
    log = AuditLog.open(
        audit_dir, signer=signer, origin=_origin(audit_dir), anchors=_anchors(audit_dir)
    )
    os.write(ack_fd, struct.pack("<q", _READY))
    while True:
        for _ in range(rng.randint(1, 12)):
            log.append(EventKind.PROMPT_DECISION, {"seq": log.size}, policy_hash=POLICY_HASH)
        if rng.random() < 0.5:
            log.sync()
            acknowledged = log.durable_size
        else:  # a background commit while more entries are appended; only it is acknowledged
            acknowledged = log.commit()
            for _ in range(rng.randint(0, 3)):
                log.append(EventKind.PROMPT_DECISION, {"seq": log.size}, policy_hash=POLICY_HASH)
            log.wait()
        os.write(ack_fd, struct.pack("<q", acknowledged - 1))


def _kill_once(audit_dir: Path, signer: Signer, rng: random.Random) -> int:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, which is always killed
        try:
            os.close(read_fd)
            _child(audit_dir, signer, write_fd, rng.randrange(1 << 30))
        finally:
            os._exit(3)
    os.close(write_fd)
    acks = b""
    if rng.random() < 0.8:  # most kills land while appending; the others during the resume
        acks = os.read(read_fd, 8)
    time.sleep(rng.uniform(0.0, 0.008))
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status), f"writer exited by itself (status {status})"
    while chunk := os.read(read_fd, 1 << 16):
        acks += chunk
    os.close(read_fd)
    last = struct.unpack_from("<q", acks, len(acks) - 8)[0] if acks else -1
    return max(last, -1)


def _lose_unacknowledged_bytes(path: Path, acknowledged: int, rng: random.Random) -> None:
    """What a power cut may do on top of the kill: drop bytes after the acknowledged ones."""
    checkpoints = split_lines((path.parent / "checkpoints.jsonl").read_bytes())[0]
    if checkpoints:  # a checkpoint is written only after the entries it covers were fsynced
        acknowledged = max(acknowledged, json.loads(checkpoints[-1])["tree_size"])
    data = path.read_bytes()
    keep = sum(len(line) + 1 for line in split_lines(data)[0][:acknowledged])
    if keep < len(data):
        os.truncate(path, rng.randint(keep, len(data) - 1))


@pytest.fixture
def crash_dir(tmp_path: Path) -> Iterator[Path]:
    """A RAM-backed folder when there is one: a process kill leaves the page cache intact,
    so this tests the same thing while fsync stops dominating the run time."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="dg-audit-crash-", dir=shm))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_sigkill_at_random_moments_loses_no_acknowledged_entry(crash_dir: Path) -> None:
    tmp_path = crash_dir
    signer = Signer.ephemeral(name="crash-signer")
    trust = trust_for(signer)
    rng = random.Random(1234)
    quarantines = 0
    rounds_with_acks = 0
    audit_dir = tmp_path
    durable_floor = 0
    for kill in range(KILLS):
        if kill % PER_DIR == 0:
            audit_dir = tmp_path / f"run-{kill // PER_DIR}" / "audit"
            AuditLog.create(
                audit_dir, signer=signer, origin=_origin(audit_dir), anchors=_anchors(audit_dir)
            ).close()
            durable_floor = 0
        before = set(audit_dir.glob("*.quarantine-*"))
        last_ack = _kill_once(audit_dir, signer, rng)
        rounds_with_acks += last_ack >= 0

        if rng.random() < 0.3:
            _lose_unacknowledged_bytes(
                audit_dir / "log.jsonl", max(last_ack + 1, durable_floor), rng
            )
        log = AuditLog.open(
            audit_dir, signer=signer, origin=_origin(audit_dir), anchors=_anchors(audit_dir)
        )
        # Every acknowledged entry (and everything acknowledged in earlier rounds) is there,
        # followed by one signed audit_quarantine entry per quarantined file.
        kept = log.size - len(log.recovery)
        assert kept >= max(last_ack + 1, durable_floor), (kill, log.size, last_ack)
        # Only unacknowledged bytes were quarantined: unsigned entries and torn lines.
        new_sides = set(audit_dir.glob("*.quarantine-*")) - before
        assert len(log.recovery) == len(new_sides) <= 2
        for notice in log.recovery:
            quarantines += 1
            moved = notice.quarantine_path.read_bytes()
            assert len(moved) == notice.byte_length > 0
            if notice.file == "log.jsonl":
                assert notice.entries_kept == kept
                for line in moved.split(b"\n")[: notice.entries]:
                    assert json.loads(line)["index"] >= max(last_ack + 1, durable_floor)
        lines, torn_tail = split_lines((audit_dir / "log.jsonl").read_bytes())
        assert torn_tail == b"" and len(lines) == log.size
        # Spot-check content (verify_audit below checks every entry): the acknowledged ones.
        for i in {max(last_ack, 0), durable_floor, rng.randrange(len(lines) + 1)} & set(
            range(len(lines))
        ):
            entry = json.loads(lines[i])
            assert entry["index"] == i
            assert entry["kind"] in ("run_started", "audit_quarantine") or entry["payload"] == {
                "seq": i
            }
        # Appends resume after the crash.
        index = log.append_durable(
            EventKind.RUN_STARTED, {"resumed": kill}, policy_hash=POLICY_HASH
        )
        assert index == len(lines)
        log.close()
        durable_floor = index + 1
        result = verify_audit(audit_dir, trust=trust)
        assert result.ok, (kill, result.reason)
        assert result.entry_count == durable_floor
    # The kills landed at random moments: most after some acknowledged batches.
    assert rounds_with_acks > KILLS // 4
    assert quarantines > 0
