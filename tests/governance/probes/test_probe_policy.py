"""Policy settings of the probes: lint names the key and line, and the plan follows the policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.policy.lint import lint_paths
from governance.policy.loader import load_policy
from governance.probes import probe_plan

REPO = Path(__file__).resolve().parents[3]
DEMO = (REPO / "policies" / "support_tickets.yaml").read_text(encoding="utf-8")


def _lint(tmp_path: Path, text: str) -> tuple[str, ...]:
    path = tmp_path / "support_tickets.yaml"
    path.write_text(text, encoding="utf-8")
    return lint_paths([path]).problems


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    US_SSN: 0.45\n",
            "    US_SSN: 0.45\n    DATE_TIME: 0.5\n",
            "min_recall names type(s) the policy allows: DATE_TIME",
        ),
        ("    default: 0.8\n", "    default: 1.5\n", "prompt.min_recall.default"),
        ("    default: 0.8\n", "    default: 0.8\n    phone: 0.8\n", "prompt.min_recall.phone"),
        ("    count: 200\n", "    count: 5\n", "prompt.probes.count"),
        ("    seed: 0\n", "    seed: 0\n    planted: 3\n", "prompt.probes.planted"),
    ],
)
def test_lint_reports_bad_probe_settings(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in DEMO
    problems = _lint(tmp_path, DEMO.replace(old, new, 1))
    assert problems and any(expected in p for p in problems), problems


def test_demo_policy_lints_clean_and_probes_every_acted_on_type() -> None:
    loaded = load_policy(REPO / "policies" / "support_tickets.yaml")
    plan = probe_plan(loaded.policy)
    acted = {t for t, r in loaded.policy.prompt.entities.items() if r.action.value != "allow"}
    assert set(plan.measured) == acted and "DATE_TIME" not in plan.measured
    assert plan.unmeasured == () and plan.countries == ("US",)
    assert loaded.policy.prompt.min_recall_for("PERSON") == 0.8
    assert loaded.policy.prompt.min_recall_for("US_SSN") == 0.45


def test_country_and_custom_types_join_the_plan(tmp_path: Path) -> None:
    text = DEMO.replace("  countries: []\n", "  countries: [UK, IT]\n").replace(
        "  custom_recognizers: []\n",
        "  custom_recognizers:\n    - name: customer_id\n      entity_type: CUSTOMER_ID\n"
        "      patterns: [{name: cid, regex: 'CID-\\\\d{6}'}]\n",
    )
    path = tmp_path / "support_tickets.yaml"
    path.write_text(text, encoding="utf-8")
    plan = probe_plan(load_policy(path).policy)
    assert {"UK_NHS", "UK_NINO", "IT_FISCAL_CODE"} <= set(plan.measured)
    assert "ES_NIF" not in plan.measured and "US_ITIN" not in plan.measured
    assert plan.unmeasured == ("CUSTOMER_ID",)
    assert plan.countries == ("IT", "UK")


def test_default_threshold_gates_measured_types_only(tmp_path: Path) -> None:
    from governance.gates.probe_expectations import gated_probe_types

    custom = (
        "  custom_recognizers:\n    - name: customer_id\n      entity_type: CUSTOMER_ID\n"
        "      patterns: [{name: cid, regex: 'CID-\\\\d{6}'}]\n"
    )
    text = DEMO.replace("  custom_recognizers: []\n", custom)
    path = tmp_path / "support_tickets.yaml"
    path.write_text(text, encoding="utf-8")
    assert "CUSTOMER_ID" not in dict(gated_probe_types(load_policy(path).policy))
    path.write_text(text.replace("    US_SSN: 0.45\n", "    US_SSN: 0.45\n    CUSTOMER_ID: 0.9\n"))
    assert dict(gated_probe_types(load_policy(path).policy))["CUSTOMER_ID"] == 0.9
