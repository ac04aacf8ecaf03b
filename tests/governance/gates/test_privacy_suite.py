"""The privacy suite's expectations, pinned: names, order, checks, thresholds and meanings.

``tests/assets/privacy_suite_expectations.json`` is what the suite declares for three
policies and reports (the gate fixtures' policy; with a PII replay section; a policy that
requires no DP and sets no ε limits). A change to the suite must show up as a deliberate
update of that file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from gate_fixtures import good_report, make_policy

from governance.gates.privacy_suite import AUDIT_EXPECTATION, PRIVACY_EXPECTATIONS, PrivacySuite
from governance.gates.spec import ExpectationSpec, GateInputs
from governance.policy.models import Policy
from governance.privacy.report import PiiReplayResult

GOLDEN = Path(__file__).resolve().parents[2] / "assets" / "privacy_suite_expectations.json"
_KWARGS = ("column", "min_value", "max_value", "strict_min", "strict_max", "value_set")


def _no_dp_policy() -> Policy:
    policy = make_policy(max_epsilon=None)
    privacy = policy.privacy.model_copy(
        update={"dp_required": False, "target_epsilon": None, "lifetime_epsilon_budget": None}
    )
    return policy.model_copy(update={"privacy": privacy})


def _row(spec: ExpectationSpec) -> dict[str, Any]:
    expectation = spec.expectation
    return {
        "name": spec.name,
        "expectation": type(expectation).__name__,
        "kwargs": {k: getattr(expectation, k) for k in _KWARGS if hasattr(expectation, k)},
        "threshold": spec.threshold,
        "meaning": spec.meaning,
        "observed_column": spec.observed_column,
    }


def _declared(run_dir: Path, policy: Policy, *, replay: bool) -> list[dict[str, Any]]:
    run_dir.mkdir()
    report = good_report()
    if replay:
        replay_result = PiiReplayResult(outputs=8, outputs_with_hits=0, pii_findings=0)
        report = report.model_copy(update={"pii_replay": replay_result})
    report.write(run_dir / "privacy_report.json")
    inputs = GateInputs(
        run_dir=run_dir, policy=policy, audit_ok=True, labels=(), pii_scan=lambda _: 0
    )
    return [_row(spec) for spec in PrivacySuite().expectations(inputs)]


CASES: dict[str, tuple[Callable[[], Policy], bool]] = {
    "gate_policy": (make_policy, False),
    "gate_policy_with_replay": (make_policy, True),
    "no_dp_no_epsilon_limits": (_no_dp_policy, False),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_suite_declares_the_pinned_expectations(case: str, tmp_path: Path) -> None:
    make, replay = CASES[case]
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert _declared(tmp_path / "run", make(), replay=replay) == golden[case]


def test_every_row_of_the_table_is_pinned() -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    pinned = {row["name"] for rows in golden.values() for row in rows}
    rows = [*PRIVACY_EXPECTATIONS, AUDIT_EXPECTATION]
    assert [row.name for row in rows if row.name not in pinned] == []
