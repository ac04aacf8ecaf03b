"""Residual PII: the findings in a text that the policy would still remove.

One definition for every place that counts PII left in anonymized text: the dataset suites of
the gate (inside a run and in ``distillgate gate RUN_DIR``) and the PII replay attack. Entity
types the policy allows (e.g. ``DATE_TIME``), and findings below their rule's minimum score,
are not residual PII.
"""

from __future__ import annotations

from dataclasses import dataclass

from governance.pii.gateway import PiiGateway
from governance.pii.types import PiiFinding
from governance.policy.models import EntityAction, EntityRule, Policy

__all__ = ["ResidualPiiScanner", "residual_findings"]


def residual_findings(gateway: PiiGateway, policy: Policy, text: str) -> list[PiiFinding]:
    """The findings of ``gateway`` in ``text`` that ``policy`` would still remove."""
    found = []
    for finding in gateway.scan(text):
        rule = policy.prompt.entities.get(finding.entity_type) or EntityRule(
            action=policy.prompt.default_action
        )
        if rule.action is not EntityAction.ALLOW and finding.score >= rule.min_score:
            found.append(finding)
    return found


@dataclass(frozen=True)
class ResidualPiiScanner:
    """The run's gateway, seeing only what the policy would remove.

    ``scan`` serves the PII replay attack; ``count`` is the gate's residual-PII scan.
    """

    gateway: PiiGateway
    policy: Policy

    def scan(self, text: str) -> list[PiiFinding]:
        return residual_findings(self.gateway, self.policy, text)

    def count(self, text: str) -> int:
        return len(residual_findings(self.gateway, self.policy, text))
