"""The verdict: may this model ship? Derived from the other sections, in plain words."""

from __future__ import annotations

import math
from typing import Literal

from reports.sections import (
    AuditSection,
    DpSection,
    PiiSection,
    SignoffSection,
    SourceSection,
    ValidationSection,
    VerdictSection,
)

__all__ = ["decide_verdict", "format_epsilon"]


def format_epsilon(epsilon: float | None) -> str:
    """ε for display: ``∞ (no differential privacy)`` for infinity, ``-`` when unknown."""
    if epsilon is None:
        return "-"
    if not math.isfinite(epsilon):
        return "∞ (no differential privacy)"
    return f"{epsilon:.3g}"


def _gate_reasons(validation: ValidationSection) -> tuple[list[str], list[str]]:
    failures: list[str] = []
    passes = 0
    for suite in validation.suites:
        for exp in suite.expectations:
            if exp.success:
                passes += 1
                continue
            text = f"{suite.name}: {exp.name} failed"
            if exp.reason:
                text += f": {exp.reason}"
            text += f" (observed {exp.observed}; threshold {exp.threshold})"
            failures.append(text + ".")
        if not suite.success and not any(not e.success for e in suite.expectations):
            failures.append(f"{suite.name}: the suite failed.")
    good = [f"All {passes} gate checks passed."] if passes and not failures else []
    return failures, good


def _signoff_problems(signoff: SignoffSection) -> list[str]:
    rejections = [e for e in signoff.entries if e.current and e.decision == "rejected"]
    problems = [
        f"Reviewer {e.reviewer} rejected this run{': ' + e.note if e.note else ''}."
        for e in rejections
    ]
    if not rejections and signoff.required and signoff.decision != "approved":
        problems.append(
            f"The policy requires the signed approval of {signoff.required} enrolled "
            f"reviewer{'s' if signoff.required > 1 else ''}; {len(signoff.approvers)} recorded."
        )
    return problems


def decide_verdict(
    *,
    validation: ValidationSection,
    audit: AuditSection,
    dp: DpSection,
    pii: PiiSection,
    signoff: SignoffSection,
    source: SourceSection,
) -> VerdictSection:
    """Every reason the model may not ship, or the evidence that it may."""
    problems: list[str] = []
    evidence: list[str] = []
    if source.run_status == "failed":
        problems.append("The run itself failed before it finished.")
    pending = not validation.available
    if pending:
        problems.append("The export gate has not run, so nothing shows this model is safe.")
    else:
        failures, good = _gate_reasons(validation)
        problems += failures
        evidence += good
        if validation.passed is False and not failures:
            problems.append("The export gate did not pass.")
    if audit.verified is True:
        evidence.append(f"The signed audit log verifies ({audit.entry_count} entries).")
    else:
        why = f": {audit.reason}" if audit.reason else ""
        problems.append(f"The audit log could not be verified{why}.")
    if dp.available and dp.enabled:
        evidence.append(
            f"Trained with differential privacy: ε = {format_epsilon(dp.epsilon)}, "
            f"δ = {dp.delta:.2g}."
            if dp.delta is not None
            else "Trained with DP."
        )
    elif dp.available:
        evidence.append("The student was trained without differential privacy.")
    else:
        problems.append(f"The privacy evidence cannot be shown ({dp.note}).")
    if not pii.available:
        problems.append(f"The record of PII handling cannot be shown ({pii.note}).")
    problems += _signoff_problems(signoff)
    if signoff.decision == "approved":
        names = ", ".join(e.reviewer for e in signoff.entries if e.current)
        who = "reviewers" if len(signoff.approvers) > 1 else "reviewer"
        evidence.append(f"Approved by {who} {names} (signed).")

    gate_passed = validation.passed if validation.available else None
    status: Literal["ship", "do_not_ship", "unknown"]
    if len(problems) > int(pending):
        status = "do_not_ship"
        headline = "No: this model may not ship."
    elif problems:
        status = "unknown"
        headline = "Not yet: the export gate has not decided on this model."
    else:
        status = "ship"
        headline = "Yes: every check passed; this model may ship."
    return VerdictSection(
        status=status,
        headline=headline,
        gate_passed=gate_passed,
        reasons=problems + evidence,
        policy=_policy_line(source),
        guarantee=_guarantee(dp),
    )


def _policy_line(source: SourceSection) -> str:
    if source.policy_sha256 is None and source.policy_version is None:
        return "unknown: the run does not name its policy"
    return (
        f"policy of source {source.source or '-'}, version {source.policy_version or '-'}, "
        f"SHA-256 {source.policy_sha256 or '-'}"
    )


def _guarantee(dp: DpSection) -> str:
    if not dp.available:
        return "unknown: no privacy report was written"
    if not dp.enabled or dp.epsilon is None or not math.isfinite(dp.epsilon):
        return "none: the student was trained without differential privacy (ε = ∞)"
    text = (
        f"(ε = {format_epsilon(dp.epsilon)}, δ = {dp.delta:.2g})-differential privacy "
        f"for each training record ({dp.accountant} accountant)"
    )
    if dp.lifetime_epsilon_spent is not None and dp.lifetime_epsilon_budget is not None:
        text += (
            f"; the source has used ε {dp.lifetime_epsilon_spent:.3g} of its lifetime "
            f"budget {dp.lifetime_epsilon_budget:.3g}"
        )
    return text
