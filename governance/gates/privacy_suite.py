"""Privacy suite over ``privacy_report.json``: ε, δ, attacks, canaries, the audit log, DP,
and the PII gateway's probe recall (``probes.json``, :mod:`governance.gates.probe_expectations`).

The frame has one row of figures taken from the report (and the audit verification passed in
by the caller). A figure that is missing from the report is null, and a null never passes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd
from great_expectations.expectations.expectation import Expectation
from pydantic import ValidationError

from governance.errors import GateError
from governance.gates.expectations import (
    ExpectColumnMaxToBeBetween,
    ExpectColumnMinToBeBetween,
    ExpectColumnValuesToBeInSet,
)
from governance.gates.probe_expectations import probe_expectations, probe_figures
from governance.gates.spec import ExpectationSpec, GateInputs
from governance.jsontypes import JsonValue
from governance.policy.models import Policy
from governance.privacy.report import PrivacyReport
from governance.runfiles.layout import RunLayout

__all__ = [
    "AUDIT_EXPECTATION",
    "PRIVACY_EXPECTATIONS",
    "PrivacyExpectation",
    "PrivacySuite",
    "load_privacy_report",
    "privacy_figures",
    "report_has_replay",
]


def load_privacy_report(path: Path) -> PrivacyReport:
    """Read ``privacy_report.json`` or raise :class:`GateError`."""
    try:
        return PrivacyReport.read(path)
    except FileNotFoundError as exc:
        raise GateError(f"{path} does not exist: privacy evaluation has not run") from exc
    except (ValidationError, ValueError) as exc:
        raise GateError(f"{path} is not a valid privacy report: {exc}") from exc


def _delta_times_n(delta: float, dataset_size: int) -> float | None:
    """δ·N, which must stay below 1; unknown (None) when δ > 0 but N was not reported."""
    if dataset_size > 0:
        return delta * dataset_size
    return 0.0 if delta == 0 else None


def privacy_figures(report: PrivacyReport, *, audit_ok: bool) -> dict[str, float | bool | None]:
    """The report's figures the suite checks (maxima over attacks; None when missing)."""
    attacks = report.membership_inference
    dp = report.dp
    figures: dict[str, float | bool | None] = {
        "epsilon": dp.epsilon,
        "delta": dp.delta,
        "delta_times_n": _delta_times_n(dp.delta, dp.dataset_size),
        "lifetime_epsilon_spent": report.lifetime_epsilon_spent,
        "mia_auc": max((a.auc for a in attacks), default=None),
        "mia_tpr_at_1pct_fpr": max((a.tpr_at_1pct_fpr for a in attacks), default=None),
        "empirical_epsilon_lower_bound": (
            report.empirical_epsilon.lower_bound if report.empirical_epsilon else None
        ),
        "canary_mean_exposure_bits": (
            report.canaries.mean_exposure_bits if report.canaries else None
        ),
        "canaries_exposed": float(report.canaries.exposed) if report.canaries else None,
        "pii_replay_hits": float(report.pii_replay_hits),
        "audit_log_verified": audit_ok,
        "dp_enabled": dp.enabled,
    }
    replay = report.pii_replay
    if replay is not None:
        figures["replay_outputs"] = float(replay.outputs)
        figures["replay_pii_findings"] = float(replay.pii_findings)
        figures["replay_canaries_found"] = float(replay.canaries_found)
    return figures


def report_has_replay(inputs: GateInputs) -> bool:
    """Whether the run's privacy report holds PII replay results (generation students)."""
    path = RunLayout(inputs.run_dir).privacy_report
    return path.is_file() and load_privacy_report(path).pii_replay is not None


#: How a row checks its column: at most / strictly below / at least its bound, or True.
_Check = Literal["at_most", "below", "at_least", "is_true"]
#: When a row applies: always, when the policy requires DP, when the report holds PII replay.
_When = Literal["always", "dp_required", "replay"]

_EXPECT: dict[_Check, Callable[[str, float | bool], Expectation]] = {
    "at_most": lambda column, bound: ExpectColumnMaxToBeBetween(column=column, max_value=bound),
    "below": lambda column, bound: ExpectColumnMaxToBeBetween(
        column=column, max_value=bound, strict_max=True
    ),
    "at_least": lambda column, bound: ExpectColumnMinToBeBetween(column=column, min_value=bound),
    "is_true": lambda column, bound: ExpectColumnValuesToBeInSet(column=column, value_set=[bound]),
}


@dataclass(frozen=True)
class PrivacyExpectation:
    """One row of the privacy suite: ``column`` of the frame checked against ``bound``.

    ``bound`` is a constant or read from the policy (None there: the row is skipped).
    ``threshold`` is what ``gate.json`` shows (default: ``"<= bound"`` for ``at_most``, the
    bound itself otherwise).
    """

    name: str
    column: str
    check: _Check
    bound: float | bool | Callable[[Policy], float | None]
    meaning: str
    threshold: JsonValue = None
    when: _When = "always"


#: The privacy suite, in the order of ``gate.json`` (a declarative table).
PRIVACY_EXPECTATIONS: tuple[PrivacyExpectation, ...] = (
    PrivacyExpectation(
        "epsilon_within_run_target",
        "epsilon",
        "at_most",
        lambda policy: policy.privacy.target_epsilon,
        "ε spent by this run is within the policy's per-run target",
    ),
    PrivacyExpectation(
        "epsilon_within_export_limit",
        "epsilon",
        "at_most",
        lambda policy: policy.export.max_epsilon,
        "ε of the student is within the policy's export limit",
    ),
    PrivacyExpectation(
        "lifetime_epsilon_within_budget",
        "lifetime_epsilon_spent",
        "at_most",
        lambda policy: policy.privacy.lifetime_epsilon_budget,
        "the source's total ε spent, this run included, is within its lifetime budget",
    ),
    PrivacyExpectation(
        "dp_enabled_as_required",
        "dp_enabled",
        "is_true",
        True,
        "the policy requires DP-SGD, so the student must have been trained with it",
        when="dp_required",
    ),
    PrivacyExpectation(
        "delta_below_one_over_n",
        "delta_times_n",
        "below",
        1.0,
        "δ is below 1/N for the N training records",
        threshold="< 1 (δ·N)",
    ),
    PrivacyExpectation(
        "mia_auc_below_limit",
        "mia_auc",
        "at_most",
        lambda policy: policy.export.max_mia_auc,
        "the strongest membership-inference attack's AUC is within the policy's limit",
    ),
    PrivacyExpectation(
        "mia_tpr_at_1pct_fpr_below_limit",
        "mia_tpr_at_1pct_fpr",
        "at_most",
        lambda policy: policy.export.max_mia_tpr_at_1pct_fpr,
        "the strongest attack's true-positive rate at 1% FPR is within the policy's limit",
    ),
    PrivacyExpectation(
        "empirical_epsilon_not_above_reported",
        "epsilon_minus_empirical_bound",
        "at_least",
        0.0,
        "the empirical lower bound on ε does not exceed the accountant's ε "
        "(if it does, the DP accounting or training is broken)",
        threshold=">= 0 (ε - empirical lower bound)",
    ),
    PrivacyExpectation(
        "canary_exposure_below_limit",
        "canary_mean_exposure_bits",
        "at_most",
        lambda policy: policy.export.max_canary_exposure,
        "the planted canaries' mean exposure (bits) is within the policy's limit "
        "(about 1.4 bits when nothing is memorised)",
    ),
    PrivacyExpectation(
        "no_canary_exposed", "canaries_exposed", "at_most", 0.0, "no canary counts as exposed"
    ),
    PrivacyExpectation(
        "no_pii_replay",
        "pii_replay_hits",
        "at_most",
        0.0,
        "student outputs replay no PII or canary",
    ),
    PrivacyExpectation(
        "pii_replay_no_pii_entity",
        "replay_pii_findings",
        "at_most",
        0.0,
        "PII replay: no PII entity in the student's outputs to canary prefixes "
        "(PII gateway findings)",
        when="replay",
    ),
    PrivacyExpectation(
        "pii_replay_no_canary_secret",
        "replay_canaries_found",
        "at_most",
        0.0,
        "PII replay: no canary secret in the student's outputs",
        when="replay",
    ),
    PrivacyExpectation(
        "pii_replay_ran",
        "replay_outputs",
        "at_least",
        1.0,
        "PII replay prompted the student at least once",
        threshold=">= 1 output",
        when="replay",
    ),
)

#: The suite's last row, after the probe-recall checks (:mod:`governance.gates.probe_expectations`).
AUDIT_EXPECTATION = PrivacyExpectation(
    "audit_log_verified",
    "audit_log_verified",
    "is_true",
    True,
    "the run's audit log verifies (hash chain, Merkle tree, signed checkpoints)",
)


def _spec(row: PrivacyExpectation, policy: Policy) -> ExpectationSpec | None:
    """The row's expectation under ``policy``; None when the policy sets no limit."""
    bound = row.bound(policy) if callable(row.bound) else row.bound
    if bound is None:
        return None
    threshold = row.threshold
    if threshold is None:
        threshold = f"<= {bound}" if row.check == "at_most" else bound
    return ExpectationSpec(
        row.name,
        _EXPECT[row.check](row.column, bound),
        threshold,
        row.meaning,
        observed_column=row.column,
    )


class PrivacySuite:
    """Expectations over the privacy report."""

    name = "privacy"

    def frame(self, inputs: GateInputs) -> pd.DataFrame:
        report = load_privacy_report(RunLayout(inputs.run_dir).privacy_report)
        figures = privacy_figures(report, audit_ok=inputs.audit_ok)
        bound = figures["empirical_epsilon_lower_bound"]
        epsilon = figures["epsilon"]
        margin: float | None = None
        if isinstance(bound, float) and isinstance(epsilon, float):
            margin = epsilon - bound
        row = {
            **figures,
            "epsilon_minus_empirical_bound": margin,
            **probe_figures(inputs.run_dir, inputs.policy),
        }
        return pd.DataFrame([row], dtype=object)

    def expectations(self, inputs: GateInputs) -> Sequence[ExpectationSpec]:
        """The rows of :data:`PRIVACY_EXPECTATIONS` that apply, in order (a row whose limit
        the policy leaves unset is skipped), the probe-recall checks, then
        :data:`AUDIT_EXPECTATION`."""
        applies: dict[_When, bool] = {
            "always": True,
            "dp_required": inputs.policy.privacy.dp_required,
            "replay": report_has_replay(inputs),
        }
        rows = (_spec(row, inputs.policy) for row in PRIVACY_EXPECTATIONS if applies[row.when])
        specs = [spec for spec in rows if spec is not None]
        audit = _spec(AUDIT_EXPECTATION, inputs.policy)
        assert audit is not None  # a constant bound
        return [*specs, *probe_expectations(inputs.policy), audit]
