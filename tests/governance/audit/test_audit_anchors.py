"""Rollback to an earlier signed checkpoint is caught by the anchor log outside the run.

The attack: keep an early prefix of a finished log and only the checkpoints that sign it;
the log verifies on its own. Every checkpoint is also anchored under ``DISTILLGATE_HOME``,
and the anchors tell.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from audit_helpers import ORIGIN, POLICY_HASH, payload, trust_for

from governance.audit.anchor_check import AnchorKind, AnchorSource, home_anchor_sources
from governance.audit.anchors import AnchorLog, default_anchor_path, read_anchor_file
from governance.audit.events import EventKind
from governance.audit.keys import Signer, load_or_create_signer
from governance.audit.log import AuditLog
from governance.audit.verify import verify_audit
from governance.errors import AuditVerificationError
from pipeline.cli import main

SIGNER = Signer.ephemeral(name="anchor-tests")
TRUST = trust_for(SIGNER)


def _finished_log(
    audit_dir: Path, signer: Signer = SIGNER, n: int = 41, origin: str = ORIGIN
) -> None:
    """A log of ``n`` entries committed in batches of 10 (a checkpoint each) and closed."""
    with AuditLog.create(audit_dir, signer=signer, origin=origin) as log:
        for i in range(n):
            log.append(EventKind.PROMPT_DECISION, payload(i), policy_hash=POLICY_HASH)
            if i % 10 == 9:
                log.sync()


def _roll_back(audit_dir: Path, *, keep_lines: int, keep_checkpoints: int) -> None:
    log = audit_dir / "log.jsonl"
    log.write_bytes(b"".join(log.read_bytes().splitlines(keepends=True)[:keep_lines]))
    cps = audit_dir / "checkpoints.jsonl"
    cps.write_bytes(b"".join(cps.read_bytes().splitlines(keepends=True)[:keep_checkpoints]))


def test_every_checkpoint_is_anchored_in_a_hash_chain(tmp_path: Path) -> None:
    _finished_log(tmp_path / "a" / "audit")
    other = "distillgate/another-run"
    _finished_log(tmp_path / "b" / "audit", n=12, origin=other)  # shares the anchor log
    chain = read_anchor_file(default_anchor_path())
    assert chain is not None and chain.problem is None
    assert [a.tree_size for a in chain.anchors] == [10, 20, 30, 40, 41, 10, 12]
    checkpoints = (tmp_path / "a" / "audit" / "checkpoints.jsonl").read_bytes().splitlines()
    assert len(checkpoints) == 5
    result = verify_audit(tmp_path / "a" / "audit", trust=TRUST, anchors=home_anchor_sources())
    assert result.ok
    (use,) = result.anchors
    assert use.kind is AnchorKind.HOME and use.path == str(default_anchor_path())
    assert use.anchors == 5 and use.latest_tree_size == 41
    assert [a.tree_size for a in chain.of(other)] == [10, 12]
    # An origin names one log: a second log under the same origin contradicts the anchors.
    _finished_log(tmp_path / "c" / "audit", n=12)
    clash = verify_audit(tmp_path / "c" / "audit", trust=TRUST, anchors=home_anchor_sources())
    assert not clash.ok


def test_rollback_to_an_earlier_checkpoint_fails_because_of_the_anchor(tmp_path: Path) -> None:
    audit_dir = tmp_path / "run" / "audit"
    _finished_log(audit_dir)
    _roll_back(audit_dir, keep_lines=39, keep_checkpoints=1)  # N-2 lines, first checkpoint
    alone = verify_audit(audit_dir, trust=TRUST)
    assert not alone.ok  # 39 lines but the first checkpoint signs 10: uncovered entries
    _roll_back(audit_dir, keep_lines=10, keep_checkpoints=1)
    assert verify_audit(audit_dir, trust=TRUST).ok  # the attack: the log alone verifies

    result = verify_audit(audit_dir, trust=TRUST, anchors=home_anchor_sources())
    assert not result.ok and result.first_bad_index == 10
    assert result.reason is not None and result.reason.startswith(
        "log has 10 entries but anchor #2 of the home anchor log "
    )
    assert "records 20: entries were removed or damaged" in result.reason
    assert result.to_json()["anchors"] == [
        {
            "kind": "home anchor log",
            "path": str(default_anchor_path()),
            "anchors": 5,
            "latest_tree_size": 41,
            "note": None,
        }
    ]
    with pytest.raises(AuditVerificationError, match="was rolled back: the anchor log"):
        AuditLog.open(audit_dir, signer=SIGNER, origin=ORIGIN)


def test_a_different_root_at_an_anchored_size_fails(tmp_path: Path) -> None:
    audit_dir = tmp_path / "run" / "audit"
    _finished_log(audit_dir, n=20)
    kept = tmp_path / "kept-anchors.jsonl"
    kept.write_bytes(default_anchor_path().read_bytes())
    default_anchor_path().unlink()  # the home lost its anchors; the reviewer kept a copy
    # Rewrite the log with other entries and re-sign it (the operator holds the key).
    for name in ("log.jsonl", "checkpoints.jsonl"):
        (audit_dir / name).unlink()
    with AuditLog.create(audit_dir, signer=SIGNER, origin=ORIGIN) as log:
        for i in range(20):
            log.append(EventKind.PROMPT_DECISION, payload(i + 1), policy_hash=POLICY_HASH)
    source = AnchorSource(AnchorKind.FILE, kept)
    result = verify_audit(audit_dir, trust=TRUST, anchors=[source])
    assert not result.ok
    assert result.reason is not None and "anchors a different checkpoint of 20 entries" in (
        result.reason
    )


def test_edited_anchor_line_breaks_the_chain(tmp_path: Path) -> None:
    audit_dir = tmp_path / "run" / "audit"
    _finished_log(audit_dir)
    path = default_anchor_path()
    lines = path.read_bytes().splitlines(keepends=True)
    anchor = json.loads(lines[2])
    anchor["tree_size"] = 25
    lines[2] = json.dumps(anchor, sort_keys=True, separators=(",", ":")).encode() + b"\n"
    path.write_bytes(b"".join(lines))
    result = verify_audit(audit_dir, trust=TRUST, anchors=home_anchor_sources())
    assert not result.ok and result.reason is not None
    assert result.reason.startswith(
        f"home anchor log {path}: line 4 does not follow line 3 (its prev hash differs)"
    )
    del lines[2]  # removing a line breaks it too
    path.write_bytes(b"".join(lines))
    again = verify_audit(audit_dir, trust=TRUST, anchors=home_anchor_sources())
    assert not again.ok and "line 3 does not follow line 2" in (again.reason or "")


def test_torn_anchor_line_is_quarantined_by_the_next_append(tmp_path: Path) -> None:
    path = tmp_path / "anchors.jsonl"
    with AuditLog.create(
        tmp_path / "audit", signer=SIGNER, origin=ORIGIN, anchors=AnchorLog(path)
    ) as log:
        log.append_durable(EventKind.RUN_STARTED, {}, policy_hash=POLICY_HASH)
        with path.open("ab") as f:
            f.write(b'{"origin":"distillgate/te')  # a crash while appending
        log.append_durable(EventKind.RUN_ENDED, {}, policy_hash=POLICY_HASH)
    chain = read_anchor_file(path)
    assert chain is not None and chain.problem is None and chain.torn_bytes == 0
    assert [a.tree_size for a in chain.anchors] == [1, 2]
    assert [p.name.split("-")[0] for p in tmp_path.glob("anchors.jsonl.quarantine-*")] == [
        "anchors.jsonl.quarantine"
    ]


def test_cli_says_which_anchors_it_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run_dir = tmp_path / "run"
    _finished_log(run_dir / "audit", signer=load_or_create_signer())

    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["distillgate", "audit", "verify", *args])
        with pytest.raises(SystemExit) as info:
            main()
        out, err = capsys.readouterr()
        return (info.value.code if isinstance(info.value.code, int) else 0), out, err

    code, out, _ = run(str(run_dir))
    assert code == 0 and out.startswith("ok: 41 entries, 5 checkpoints")
    assert f"anchors: home anchor log {default_anchor_path()}: 5 anchor(s), latest 41" in out
    code, out, _ = run(str(run_dir), "--json")
    assert code == 0 and json.loads(out)["anchors"][0]["latest_tree_size"] == 41
    kept = tmp_path / "kept.jsonl"
    kept.write_bytes(default_anchor_path().read_bytes())
    _roll_back(run_dir / "audit", keep_lines=30, keep_checkpoints=3)
    default_anchor_path().unlink()
    code, out, _ = run(str(run_dir))
    assert code == 0 and "note: no anchor of this log was found" in out  # said plainly
    code, out, err = run(str(run_dir), "--anchors", str(kept))
    assert code == 1 and f"anchors: anchor log {kept}: 5 anchor(s), latest 41 entries" in out
    assert "log has 30 entries but anchor #4 of the anchor log" in err
