"""``distillgate policy lint|schema|show`` through the real entry point."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from governance.policy.ledger import PrivacyLedger
from governance.policy.loader import load_policy
from governance.policy.schema import render_policy_schema
from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[3]


def _run(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["distillgate", *args])
    with pytest.raises(SystemExit) as info:
        main()
    code = info.value.code
    return code if isinstance(code, int) else 1


def test_lint_clean_exits_zero(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    code = _run(monkeypatch, "policy", "lint", "jobs/support_tickets_gemini.yaml")
    out = capsys.readouterr().out
    assert code == 0
    assert "ok    jobs/support_tickets_gemini.yaml (job)" in out
    assert "ok    policies/support_tickets.yaml (policy)" in out


def test_lint_prints_every_problem_and_exits_two(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    base_policy: str,
    write_file: Callable[[str, str], Path],
    tmp_path: Path,
) -> None:
    write_file(
        "tickets.yaml",
        base_policy.replace("action: replace", "action: scramble").replace(
            "  max_mia_auc: 0.6", "  max_mia_auc: 1.5"
        ),
    )
    write_file("other.yaml", "schema: distillgate/policy/v1\nbogus: [\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "300")

    code = _run(monkeypatch, "policy", "lint", "tickets.yaml", "other.yaml")

    err = capsys.readouterr().err
    assert code == 2
    assert "3 problem(s) in 2 file(s)" in err
    assert "tickets.yaml:25:15: prompt.entities.EMAIL_ADDRESS.action:" in err
    assert "tickets.yaml:53:16: export.max_mia_auc:" in err
    assert "other.yaml:3:1: <yaml>:" in err


def test_schema_out_writes_the_committed_schema(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "schema.json"
    assert _run(monkeypatch, "policy", "schema", "--out", str(out)) == 0
    assert out.read_text(encoding="utf-8") == render_policy_schema()
    assert _run(monkeypatch, "policy", "schema") == 0
    assert capsys.readouterr().out.endswith(render_policy_schema())


def test_show_prints_hash_and_spent_budget(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = ROOT / "policies" / "support_tickets.yaml"
    loaded = load_policy(path)
    PrivacyLedger().record(
        "support_tickets", run_id="r1", epsilon=6.5, delta=1e-5, policy_sha256=loaded.sha256
    )

    assert _run(monkeypatch, "policy", "show", str(path)) == 0

    out = capsys.readouterr().out
    assert f"sha256:       {loaded.sha256}" in out
    assert "budget:       lifetime ε=40, spent 6.50, 33.50 left" in out
    assert "teachers:     local/*, transformers/*, gemini/gemini-2.5-flash*" in out
