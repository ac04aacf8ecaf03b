"""``distillgate keys init`` and the refusal of a run or scan whose home lost its PII key."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from pipeline.cli import main

REPO = Path(__file__).resolve().parents[2]


def _run(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["distillgate", *args])
    with pytest.raises(SystemExit) as info:
        main()
    out, err = capsys.readouterr()
    code = info.value.code
    return (code if isinstance(code, int) else 0), out, err


def test_keys_init_creates_once_then_keeps_the_key(
    distillgate_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = distillgate_home / "keys" / "pii_hmac.key"
    code, out, _ = _run(["keys", "init"], monkeypatch, capsys)
    assert code == 0
    assert out.splitlines()[0] == f"created PII HMAC key {path} (mode 0600)"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    secret = path.read_bytes()
    code, out, _ = _run(["keys", "init"], monkeypatch, capsys)
    assert code == 0 and out == f"PII HMAC key {path} exists; kept unchanged\n"
    assert path.read_bytes() == secret


def _home_without_pii_key(home: Path) -> Path:
    (home / "keys").mkdir(mode=0o700)
    (home / "keys" / "run-signer.key").write_text("not a real key")
    return home / "keys" / "pii_hmac.key"


def test_keys_init_refuses_a_used_home_without_the_unsafe_flag(
    distillgate_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _home_without_pii_key(distillgate_home)
    code, out, err = _run(["keys", "init"], monkeypatch, capsys)
    assert code == 2 and out == "" and not path.exists()
    assert err.splitlines()[0] == (
        f"error: PII HMAC key {path} is missing, but {distillgate_home} already holds "
        "keys/run-signer.key"
    )
    code, out, _ = _run(["keys", "init", "--unsafe-new-key"], monkeypatch, capsys)
    assert code == 0 and out.startswith("created PII HMAC key") and path.exists()


@pytest.mark.parametrize("command", ["run", "scan"])
def test_run_and_scan_refuse_a_used_home_that_lost_its_pii_key(
    command: str,
    distillgate_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The attack: deleting pii_hmac.key made the next run key its digests with a new one."""
    path = _home_without_pii_key(distillgate_home)
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "hello"}\n')
    args = {
        "run": ["run", "--max-records", "20", "--run-dir", str(tmp_path / "run"), "--no-progress"],
        "scan": ["scan", str(source), "--policy", str(REPO / "policies" / "support_tickets.yaml")],
    }[command]
    code, _, err = _run(args, monkeypatch, capsys)
    assert code == 2
    lines = err.splitlines()
    assert lines[0].startswith(f"error: PII HMAC key {path} is missing, but ")
    assert lines[1].startswith("hint: restore it from a backup") and len(lines) == 2
    assert not path.exists() and not (tmp_path / "run").exists()
