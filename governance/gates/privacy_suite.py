"""Privacy suite over ``privacy_report.json``: ε, δ, attacks, canaries, the audit log, DP,
and the PII gateway's probe recall (``probes.json``, :mod:`governance.gates.probe_expectations`).

The frame has one row of figures taken from the report (and the audit verification passed in
by the caller). A figure that is missing from the report is null, and a null never passes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from governance.errors import GateError
from governance.gates.expectations import (
    ExpectColumnMaxToBeBetween,
    ExpectColumnMinToBeBetween,
    ExpectColumnValuesToBeInSet,
)
from governance.gates.probe_expectations import probe_expectations, probe_figures
from governance.gates.spec import ExpectationSpec, GateInputs
from governance.privacy.report import PrivacyReport

__all__ = ["PrivacySuite", "load_privacy_report", "privacy_figures", "report_has_replay"]


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
    path = inputs.run_dir / "privacy_report.json"
    return path.is_file() and load_privacy_report(path).pii_replay is not None


class PrivacySuite:
    """Expectations over the privacy report."""

    name = "privacy"

    def frame(self, inputs: GateInputs) -> pd.DataFrame:
        report = load_privacy_report(inputs.run_dir / "privacy_report.json")
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
        privacy = inputs.policy.privacy
        export = inputs.policy.export
        specs: list[ExpectationSpec] = []

        def at_most(name: str, column: str, limit: float, meaning: str) -> None:
            specs.append(
                ExpectationSpec(
                    name,
                    ExpectColumnMaxToBeBetween(column=column, max_value=limit),
                    f"<= {limit}",
                    meaning,
                    observed_column=column,
                )
            )

        if privacy.target_epsilon is not None:
            at_most(
                "epsilon_within_run_target",
                "epsilon",
                privacy.target_epsilon,
                "ε spent by this run is within the policy's per-run target",
            )
        if export.max_epsilon is not None:
            at_most(
                "epsilon_within_export_limit",
                "epsilon",
                export.max_epsilon,
                "ε of the student is within the policy's export limit",
            )
        if privacy.lifetime_epsilon_budget is not None:
            at_most(
                "lifetime_epsilon_within_budget",
                "lifetime_epsilon_spent",
                privacy.lifetime_epsilon_budget,
                "the source's total ε spent, this run included, is within its lifetime budget",
            )
        if privacy.dp_required:
            specs.append(
                ExpectationSpec(
                    "dp_enabled_as_required",
                    ExpectColumnValuesToBeInSet(column="dp_enabled", value_set=[True]),
                    True,
                    "the policy requires DP-SGD, so the student must have been trained with it",
                    observed_column="dp_enabled",
                )
            )
        specs.append(
            ExpectationSpec(
                "delta_below_one_over_n",
                ExpectColumnMaxToBeBetween(column="delta_times_n", max_value=1.0, strict_max=True),
                "< 1 (δ·N)",
                "δ is below 1/N for the N training records",
                observed_column="delta_times_n",
            )
        )
        at_most(
            "mia_auc_below_limit",
            "mia_auc",
            export.max_mia_auc,
            "the strongest membership-inference attack's AUC is within the policy's limit",
        )
        at_most(
            "mia_tpr_at_1pct_fpr_below_limit",
            "mia_tpr_at_1pct_fpr",
            export.max_mia_tpr_at_1pct_fpr,
            "the strongest attack's true-positive rate at 1% FPR is within the policy's limit",
        )
        specs.append(
            ExpectationSpec(
                "empirical_epsilon_not_above_reported",
                ExpectColumnMinToBeBetween(column="epsilon_minus_empirical_bound", min_value=0.0),
                ">= 0 (ε - empirical lower bound)",
                "the empirical lower bound on ε does not exceed the accountant's ε "
                "(if it does, the DP accounting or training is broken)",
                observed_column="epsilon_minus_empirical_bound",
            )
        )
        at_most(
            "canary_exposure_below_limit",
            "canary_mean_exposure_bits",
            export.max_canary_exposure,
            "the planted canaries' mean exposure (bits) is within the policy's limit "
            "(about 1.4 bits when nothing is memorised)",
        )
        at_most("no_canary_exposed", "canaries_exposed", 0.0, "no canary counts as exposed")
        at_most("no_pii_replay", "pii_replay_hits", 0.0, "student outputs replay no PII or canary")
        if report_has_replay(inputs):
            at_most(
                "pii_replay_no_pii_entity",
                "replay_pii_findings",
                0.0,
                "PII replay: no PII entity in the student's outputs to canary prefixes "
                "(PII gateway findings)",
            )
            at_most(
                "pii_replay_no_canary_secret",
                "replay_canaries_found",
                0.0,
                "PII replay: no canary secret in the student's outputs",
            )
            specs.append(
                ExpectationSpec(
                    "pii_replay_ran",
                    ExpectColumnMinToBeBetween(column="replay_outputs", min_value=1.0),
                    ">= 1 output",
                    "PII replay prompted the student at least once",
                    observed_column="replay_outputs",
                )
            )
        specs.extend(probe_expectations(inputs.policy))
        specs.append(
            ExpectationSpec(
                "audit_log_verified",
                ExpectColumnValuesToBeInSet(column="audit_log_verified", value_set=[True]),
                True,
                "the run's audit log verifies (hash chain, Merkle tree, signed checkpoints)",
                observed_column="audit_log_verified",
            )
        )
        return specs
