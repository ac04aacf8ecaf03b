"""The run report as a reviewer reads it: sections, verdict, evidence, escaping, no raw PII."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from reports import RunReport, build_index, build_report, collect_report
from reports.model import SECTION_TITLES
from tests.reports.conftest import RAW_PII, bundle_digest

SECTION_IDS = list(SECTION_TITLES)


def _all_report_text(run_dir: Path) -> dict[str, str]:
    paths = build_report(run_dir)
    return {
        "html": paths.html.read_text(encoding="utf-8"),
        "md": paths.markdown.read_text(encoding="utf-8"),
        "json": paths.json.read_text(encoding="utf-8"),
    }


def test_every_section_in_order_in_html_and_markdown(run_dir: Path) -> None:
    text = _all_report_text(run_dir)
    html_positions = [text["html"].index(f'<section id="{key}"') for key in SECTION_IDS]
    assert html_positions == sorted(html_positions)
    md_headings = re.findall(r"^## \d+\. (.+)$", text["md"], flags=re.MULTILINE)
    assert md_headings == list(SECTION_TITLES.values())


def test_json_is_the_same_report_as_html_and_markdown(run_dir: Path) -> None:
    text = _all_report_text(run_dir)
    report = RunReport.model_validate_json(text["json"])
    assert report.run_id == run_dir.name
    assert report.verdict.status == "ship"
    figures = [
        report.source.policy_sha256 or "",
        report.audit.root_hash or "",
        report.audit.key_id or "",
        "0.523",  # MIA AUC
        "2.9",  # ε
        "51234",  # input tokens
        bundle_digest(run_dir),
        "EU SCCs 2021/914",  # Art. 30 transfer safeguard
    ]
    for figure in figures:
        assert figure, "fixture figure missing"
        for kind in ("html", "md", "json"):
            assert figure in text[kind], f"{figure!r} missing from report.{kind}"


def test_verdict_ship_answers_the_reviewer_questions(run_dir: Path) -> None:
    report = collect_report(run_dir)
    assert report.verdict.status == "ship"
    assert report.verdict.headline.startswith("Yes")
    assert report.audit.verified is True
    assert report.audit.entry_count == 11
    assert report.audit.verify_command == f"distillgate audit verify {run_dir}"
    assert report.dp.epsilon == pytest.approx(2.9)
    assert report.source.processing is not None
    assert report.source.processing.lawful_basis == "Art. 6(1)(f) legitimate interests"
    assert report.quality.export_status == "exported (signed manifest)"
    assert report.quality.bundle_digest == bundle_digest(run_dir)
    assert report.validation.data_docs == "validation/data_docs/index.html"


def test_failed_gate_lists_every_reason_in_plain_words(make_run: Callable[..., Path]) -> None:
    run_dir = make_run(failing=("epsilon_within_run_target", "agreement_above_minimum"))
    html = build_report(run_dir).html.read_text(encoding="utf-8")
    report = collect_report(run_dir)
    assert report.verdict.status == "do_not_ship"
    assert report.verdict.headline == "No: this model may not ship."
    failed = [r for r in report.verdict.reasons if " failed: " in r]
    assert len(failed) == 2
    assert any(r.startswith("privacy: epsilon_within_run_target failed") for r in failed)
    assert any(r.startswith("utility: agreement_above_minimum failed") for r in failed)
    verdict_html = html[html.index('id="verdict"') : html.index('id="source"')]
    assert (
        "privacy: epsilon_within_run_target failed: ε spent by this run is within the "
        "policy&#39;s per-run target: NOT met (observed 2.9; threshold &lt;= 3.0)." in verdict_html
    )
    assert html.count('<tr class="bad">') == 2


def test_art12_categories_count_every_entry(run_dir: Path) -> None:
    audit = collect_report(run_dir).audit
    counts = {c.article: c.count for c in audit.categories}
    assert sum(counts.values()) == audit.entry_count == 11
    assert counts["Art. 12(3)(a)"] == 2  # run_started, run_ended
    assert counts["Art. 12(2)(a)"] == 3  # prompt_scanned x3
    assert counts["Art. 12(3)(d), Art. 14"] == 0


def test_tampered_audit_log_is_reported_unverified(run_dir: Path) -> None:
    log = run_dir / "audit" / "log.jsonl"
    log.write_text(log.read_text(encoding="utf-8").replace('"ex1"', '"ex9"'), encoding="utf-8")
    report = collect_report(run_dir)
    assert report.audit.verified is False
    assert report.verdict.status == "do_not_ship"
    assert any(r.startswith("The audit log could not be verified") for r in report.verdict.reasons)


def test_missing_files_show_not_available(tmp_path: Path, run_dir: Path) -> None:
    bare = tmp_path / "bare"
    bare.mkdir()
    (bare / "run.json").write_bytes((run_dir / "run.json").read_bytes())
    text = _all_report_text(bare)
    report = RunReport.model_validate_json(text["json"])
    for section in (report.pii, report.teacher, report.dp, report.attacks, report.validation):
        assert section.available is False
        assert section.note is not None and section.note.startswith("not available")
    assert report.verdict.status == "do_not_ship"
    assert "The export gate has not run" in report.verdict.reasons[0]
    assert text["html"].count('class="na"') >= 6
    for key in SECTION_IDS:
        assert f'<section id="{key}"' in text["html"]


def test_only_missing_gate_is_undecided(run_dir: Path) -> None:
    (run_dir / "gate.json").unlink()
    verdict = collect_report(run_dir).verdict
    assert verdict.status == "unknown"
    assert verdict.gate_passed is None


def test_no_raw_pii_in_any_report_file(make_run: Callable[..., Path]) -> None:
    first = make_run("run-a")
    make_run("run-b", failing=("no_residual_pii_scanner",))
    raw_in_inputs = "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in first.rglob("*") if p.is_file()
    )
    for value in RAW_PII:
        assert value in raw_in_inputs, "fixture must plant the raw value"
    outputs = [*build_report(first).__dict__.values(), build_index(first.parent)]
    for path in outputs:
        content = path.read_text(encoding="utf-8")
        for value in RAW_PII:
            assert value not in content, f"raw PII {value!r} leaked into {path.name}"
    html = build_report(first).html.read_text(encoding="utf-8")
    assert "Hi, I am &lt;PERSON_1&gt;, mail me at &lt;EMAIL_ADDRESS_1&gt;" in html


def test_values_are_escaped_everywhere(make_run: Callable[..., Path]) -> None:
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    run_dir = make_run(
        redacted_examples=(f"ticket {evil}",),
        policy_overrides={"source": {"owner": f"Ops {evil}"}},
    )
    text = _all_report_text(run_dir)
    assert "<script" not in text["html"].lower()
    assert "<img" not in text["html"].lower()
    assert "&lt;script&gt;" in text["html"]
    assert "<script" not in text["md"].lower()
    assert "&lt;script&gt;" in text["md"]
    assert json.loads(text["json"])["source"]["owner"] == f"Ops {evil}"


def test_html_is_self_contained(run_dir: Path) -> None:
    html = _all_report_text(run_dir)["html"]
    assert "<script" not in html
    refs = re.findall(r'(?:src|href)="([^"]*)"', html)
    external = [r for r in refs if re.match(r"^[a-z]+:", r) and not r.startswith("data:")]
    assert external == []
    assert "validation/data_docs/index.html" in refs
    assert "@page" in html and "size: A4" in html
    assert html.count("<svg") == 4  # ε over steps, budget, ROC, confusion matrix


def test_infinite_epsilon_without_dp(make_run: Callable[..., Path]) -> None:
    run_dir = make_run(epsilon=float("inf"))
    text = _all_report_text(run_dir)
    assert "∞ (no differential privacy)" in text["html"]
    assert json.loads(text["json"])["dp"]["epsilon"] == "Infinity"


def test_index_lists_every_run_with_verdict_and_budget_chart(
    make_run: Callable[..., Path],
) -> None:
    a = make_run("run-a", lifetime=2.9, started_at="2026-11-01T10:00:00+00:00")
    make_run(
        "run-b",
        lifetime=5.8,
        started_at="2026-11-02T10:00:00+00:00",
        failing=("label_in_allowed_set",),
    )
    build_report(a)
    html = build_index(a.parent).read_text(encoding="utf-8")
    assert html.index("run-a") < html.index("run-b")
    assert '<a href="run-a/report.html">run-a</a>' in html
    assert "may ship" in html and "may NOT ship" in html
    assert "Lifetime ε used by support_tickets over time" in html
    assert "days since the first run (2026-11-01)" in html
    assert "budget 10" in html
    assert html.count("<svg") == 1


def test_student_quality_from_training_result(run_dir: Path) -> None:
    from tests.reports.conftest import training_json

    quality = collect_report(run_dir).quality
    assert (quality.agreement, quality.accuracy) == (0.91, 0.87)
    assert quality.labels == ["billing", "shipping", "returns"]
    assert quality.confusion_matrix[1] == [4, 40, 1]
    assert quality.other_metrics["Calibration error (ECE, vs teacher)"] == 0.043
    assert not any("UNSAFE" in k for k in quality.other_metrics)

    data = training_json(with_confusion=False)
    data["unsafe_noise_scale"] = 0.5
    (run_dir / "student" / "training.json").write_text(json.dumps(data), encoding="utf-8")
    html = build_report(run_dir).html.read_text(encoding="utf-8")
    quality = collect_report(run_dir).quality
    assert quality.confusion_matrix == []
    assert quality.other_metrics["UNSAFE noise scale (1 = as accounted)"] == 0.5
    assert "no confusion matrix recorded" in html


def test_verdict_box_answers_policy_guarantee_and_how_to_check(run_dir: Path) -> None:
    text = _all_report_text(run_dir)
    report = RunReport.model_validate_json(text["json"])
    sha = report.source.policy_sha256 or "missing"
    assert report.verdict.policy.endswith(f"version 2026.11.1, SHA-256 {sha}")
    assert report.verdict.guarantee.startswith("(ε = 2.9, δ = 1e-05)-differential privacy")
    assert "lifetime budget 10" in report.verdict.guarantee
    verdict_html = text["html"][: text["html"].index('<section id="source"')]
    verdict_md = text["md"][: text["md"].index("## 2.")]
    for chunk in (verdict_html, verdict_md):
        assert sha in chunk
        assert "differential privacy" in chunk
        assert f"distillgate audit verify {run_dir}" in chunk


def test_unredacted_looking_examples_are_withheld(make_run: Callable[..., Path]) -> None:
    from reports.collect_basic import WITHHELD_EXAMPLE

    run_dir = make_run(
        redacted_examples=(
            f"gateway missed {RAW_PII[0]}",
            f"and {RAW_PII[1]}",
            "Order 1234 for <PERSON_2> arrived late",
        )
    )
    text = _all_report_text(run_dir)
    report = RunReport.model_validate_json(text["json"])
    assert report.pii.redacted_examples == [
        WITHHELD_EXAMPLE,
        WITHHELD_EXAMPLE,
        "Order 1234 for <PERSON_2> arrived late",
    ]
    for content in text.values():
        assert RAW_PII[0] not in content and RAW_PII[1] not in content


@pytest.mark.parametrize("name", ["privacy_report.json", "gate.json", "pii_summary.json"])
def test_malformed_inputs_become_notes(run_dir: Path, name: str) -> None:
    (run_dir / name).write_text("{not json", encoding="utf-8")
    report = collect_report(run_dir)
    notes = [
        s.note
        for s in (report.dp, report.attacks, report.validation, report.pii)
        if not s.available
    ]
    assert notes and all(n is not None and name in n for n in notes)
    assert report.verdict.status != "ship"


def test_fixture_gate_uses_the_names_the_real_suites_write() -> None:
    """The fixture gate is built from real models with names the suites really produce."""
    from tests.reports.conftest import GATE_FIXTURE_NAMES

    golden = Path(__file__).parents[1] / "assets" / "reduced_demo_shape.json"
    real = set(json.loads(golden.read_text(encoding="utf-8"))["expectations"])
    assert set(GATE_FIXTURE_NAMES) <= real
