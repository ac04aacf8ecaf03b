"""``distillgate probe``: the run's measurement without a run, over a file the editor names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from pipeline.cli import main
from pipeline.sources.support_tickets import generate_tickets

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


def _policy(tmp_path: Path, *, default_min: float) -> Path:
    policy = yaml.safe_load((REPO / "policies" / "support_tickets.yaml").read_text())
    policy["prompt"]["entities"] = {
        "EMAIL_ADDRESS": {"action": "replace"},
        "PHONE_NUMBER": {"action": "mask"},
    }
    policy["prompt"]["probes"] = {"count": 20, "seed": 0, "sample_records": 30}
    policy["prompt"]["min_recall"] = {"default": default_min}
    path = tmp_path / "support_tickets.yaml"
    path.write_text(yaml.safe_dump(policy, sort_keys=False))
    return path


def _source(tmp_path: Path) -> Path:
    path = tmp_path / "tickets.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for t in generate_tickets(40):
            out.write(json.dumps(t.as_record()) + "\n")
    return path


def _run(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr("sys.argv", ["distillgate", "probe", *args])
    try:
        main()
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def test_probe_prints_the_table_and_writes_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "probes.json"
    code = _run(
        monkeypatch,
        str(_policy(tmp_path, default_min=0.5)),
        "--source",
        str(_source(tmp_path)),
        "--out",
        str(out),
    )
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "probe texts from 30 of 40 records" in printed
    assert "EMAIL_ADDRESS" in printed and "PHONE_NUMBER" in printed
    results = json.loads(out.read_text())
    assert [t["entity_type"] for t in results["types"]] == ["EMAIL_ADDRESS", "PHONE_NUMBER"]
    assert all(t["planted"] == 20 for t in results["types"])


def test_probe_exits_1_naming_bound_and_threshold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # 20 of 20 caught still leaves a 95% lower bound of 0.861: under 0.99.
    code = _run(
        monkeypatch, str(_policy(tmp_path, default_min=0.99)), "--source", str(_source(tmp_path))
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "EMAIL_ADDRESS: probe recall 20/20, 95% lower bound 0.861 < min_recall 0.99" in " ".join(
        err.split()
    )
