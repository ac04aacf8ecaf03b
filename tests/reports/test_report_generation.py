"""The report of a generation run: task kind, ROUGE-L agreement and the PII replay (counts)."""

from __future__ import annotations

import json
from pathlib import Path

from governance.privacy.report import PiiReplayResult, PrivacyReport
from reports.build import build_report
from reports.model import collect_report
from tests.reports.conftest import RAW_PII, training_json


def _as_generation(run_dir: Path) -> None:
    data = training_json(with_confusion=False)
    data["task_kind"] = "generation"
    data["metrics"].update({"agreement": 0.734, "accuracy": 0.25, "ece": None})  # type: ignore[union-attr]
    (run_dir / "student" / "training.json").write_text(json.dumps(data), encoding="utf-8")
    path = run_dir / "privacy_report.json"
    report = PrivacyReport.read(path).model_copy(
        update={
            "pii_replay_hits": 3,
            "pii_replay": PiiReplayResult(
                outputs=8,
                outputs_with_hits=2,
                pii_findings=2,
                entity_counts={"EMAIL_ADDRESS": 1, "PHONE_NUMBER": 1},
                canaries_found=1,
                canary_digests_found=["ab" * 32],
            ),
        }
    )
    report.write(path)


def test_generation_report_shows_task_kind_rouge_and_replay(run_dir: Path) -> None:
    _as_generation(run_dir)
    report = collect_report(run_dir)
    assert report.quality.task_kind == "generation"
    assert report.quality.agreement == 0.734
    replay = report.attacks.pii_replay
    assert replay is not None and (replay.outputs, replay.canaries_found) == (8, 1)

    paths = build_report(run_dir)
    md = paths.markdown.read_text(encoding="utf-8")
    html = paths.html.read_text(encoding="utf-8")
    for text in (md, html):
        assert "Task kind" in text and "generation" in text
        assert "mean ROUGE-L F1" in text and "0.734" in text
        assert "Exact match with the teacher" in text
        assert "8 outputs scanned, 2 with a hit" in text
        assert "EMAIL_ADDRESS: 1, PHONE_NUMBER: 1" in text.replace("\\_", "_")
        assert "1 canary secrets found" in text
    produced = "".join(p.read_text(encoding="utf-8") for p in (paths.html, paths.markdown))
    produced += paths.json.read_text(encoding="utf-8")
    assert not [v for v in RAW_PII if v in produced]
    assert "ab" * 32 not in produced  # canary digests stay in privacy_report.json


def test_classification_report_keeps_its_quality_labels(run_dir: Path) -> None:
    report = collect_report(run_dir)
    assert report.quality.task_kind == "classification" and report.attacks.pii_replay is None
    md = build_report(run_dir).markdown.read_text(encoding="utf-8")
    assert "**Agreement with the teacher:**" in md and "ROUGE-L" not in md
    assert "PII replay (" not in md
