"""`distillgate gate`, `export` and `export verify` in sequence on one run directory."""

from __future__ import annotations

import sys
from pathlib import Path

import datasets
import pytest
import yaml
from export_fixtures import LABELS, Keys, build_run, make_policy

from governance.audit.events import EventKind
from governance.audit.keys import TrustStore, load_or_create_signer
from governance.audit.verify import read_entries
from governance.gates import GateResult


def _dataset(run_dir: Path) -> None:
    def rows(split: str, n: int) -> list[dict[str, object]]:
        return [
            {
                "example_id": f"{split}-{i}",
                "text": f"ticket {i} about my invoice in {split}",
                "label": LABELS[i % 3],
                "label_index": i % 3,
                "soft_label": None,
                "ground_truth": LABELS[i % 3] if split == "eval" else None,
                "split": split,
            }
            for i in range(n)
        ]

    datasets.DatasetDict(
        {
            "train": datasets.Dataset.from_list(rows("train", 6)),
            "eval": datasets.Dataset.from_list(rows("eval", 3)),
        }
    ).save_to_disk(str(run_dir / "dataset"))


def _cli(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    from pipeline.cli import main

    monkeypatch.setattr(sys, "argv", ["distillgate", *args])
    with pytest.raises(SystemExit) as done:
        main()
    return int(done.value.code or 0)


def test_gate_then_export_then_verify(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = Keys(load_or_create_signer(), TrustStore.load())
    run_dir = build_run(tmp_path, keys)
    _dataset(run_dir)
    policy = make_policy().model_dump(mode="json", by_alias=True)
    (run_dir / "policy.yaml").write_text(yaml.safe_dump(policy), encoding="utf-8")
    (run_dir / "job.yaml").write_text(
        yaml.safe_dump({"name": "demo", "policy": "policy.yaml", "task": {"labels": list(LABELS)}})
    )
    assert _cli(monkeypatch, "gate", str(run_dir)) == 0, capsys.readouterr().err
    gate = GateResult.read(run_dir / "gate.json")
    assert gate.passed
    logged = read_entries(run_dir / "audit", kind=EventKind.GATE_RESULT)[-1]
    assert logged.payload == gate.to_audit_payload()
    assert (run_dir / "validation" / "data_docs" / "index.html").is_file()

    out = tmp_path / "bundle"
    assert _cli(monkeypatch, "export", str(run_dir), "--out", str(out)) == 0
    assert "exported to" in capsys.readouterr().out
    assert _cli(monkeypatch, "export", "verify", str(out)) == 0
    assert "bundle verified" in capsys.readouterr().out
    assert _cli(monkeypatch, "export", str(run_dir), "--out", str(out)) == 2
    assert "already exists" in capsys.readouterr().err
