"""Kinds of audit events and their EU AI Act Article 12 record-keeping categories."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["AI_ACT_ART12_CATEGORY", "Art12Category", "EventKind"]


class EventKind(StrEnum):
    """What an audit entry records."""

    RUN_STARTED = "run_started"
    POLICY_LOADED = "policy_loaded"
    PROMPT_SCANNED = "prompt_scanned"
    PROMPT_DECISION = "prompt_decision"
    TEACHER_CALL = "teacher_call"
    RESPONSE_SCANNED = "response_scanned"
    RESPONSE_DECISION = "response_decision"
    TRAINING_SUMMARY = "training_summary"
    EPSILON_SPENT = "epsilon_spent"
    GATE_RESULT = "gate_result"
    EXPORT = "export"
    REVIEWER_SIGNOFF = "reviewer_signoff"
    RUN_ENDED = "run_ended"
    BUDGET_CHECK = "budget_check"
    AUDIT_QUARANTINE = "audit_quarantine"
    """Untrusted bytes (unsigned entries, torn lines) moved out of the log on resume."""
    PII_PROBE = "pii_probe"


class Art12Category(StrEnum):
    """Logging purposes named by Article 12(2) of the EU AI Act (Regulation 2024/1689)."""

    PERIOD_OF_USE = "period_of_use"
    """Art. 12(2)(a)/(3)(a): when the system was used (start and end of each run)."""
    RISK_SITUATIONS = "risk_situations"
    """Art. 12(2)(a): situations that may result in a risk (PII found, blocked, redacted)."""
    POST_MARKET_MONITORING = "post_market_monitoring"
    """Art. 12(2)(b): facts needed to monitor the system after release (training, privacy)."""
    OPERATION_MONITORING = "operation_monitoring"
    """Art. 12(2)(c): the operation of the system (policy, teacher calls, gates, export)."""
    HUMAN_OVERSIGHT = "human_oversight"
    """Art. 12(3)(d) and Art. 14: natural persons involved in verifying the results."""


AI_ACT_ART12_CATEGORY: dict[EventKind, Art12Category] = {
    EventKind.RUN_STARTED: Art12Category.PERIOD_OF_USE,
    EventKind.RUN_ENDED: Art12Category.PERIOD_OF_USE,
    EventKind.POLICY_LOADED: Art12Category.OPERATION_MONITORING,
    EventKind.PROMPT_SCANNED: Art12Category.RISK_SITUATIONS,
    EventKind.PROMPT_DECISION: Art12Category.RISK_SITUATIONS,
    EventKind.RESPONSE_SCANNED: Art12Category.RISK_SITUATIONS,
    EventKind.RESPONSE_DECISION: Art12Category.RISK_SITUATIONS,
    EventKind.PII_PROBE: Art12Category.RISK_SITUATIONS,
    EventKind.TEACHER_CALL: Art12Category.OPERATION_MONITORING,
    EventKind.TRAINING_SUMMARY: Art12Category.POST_MARKET_MONITORING,
    EventKind.EPSILON_SPENT: Art12Category.POST_MARKET_MONITORING,
    EventKind.BUDGET_CHECK: Art12Category.POST_MARKET_MONITORING,
    EventKind.AUDIT_QUARANTINE: Art12Category.OPERATION_MONITORING,
    EventKind.GATE_RESULT: Art12Category.OPERATION_MONITORING,
    EventKind.EXPORT: Art12Category.OPERATION_MONITORING,
    EventKind.REVIEWER_SIGNOFF: Art12Category.HUMAN_OVERSIGHT,
}
"""Every event kind mapped to the Article 12 purpose it serves (used by reports)."""
