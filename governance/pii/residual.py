"""Residual PII: the findings in a text that the policy would still remove.

One definition for every place that counts PII left in anonymized text: the dataset suites of
the gate (inside a run and in ``distillgate gate RUN_DIR``) and the PII replay attack. It is
the gateway's own prompt rule (:meth:`~governance.pii.gateway.PiiGateway.acted_on`): entity
types the policy allows (e.g. ``DATE_TIME``), and findings below their rule's minimum score,
are not residual PII.
"""

from __future__ import annotations

from dataclasses import dataclass

from governance.pii.gateway import PiiGateway
from governance.pii.types import PiiFinding

__all__ = ["ResidualPiiScanner", "residual_findings"]


def residual_findings(gateway: PiiGateway, text: str) -> list[PiiFinding]:
    """The findings of ``gateway`` in ``text`` that its policy would still remove."""
    (findings,) = gateway.scan([text])
    return gateway.acted_on(findings)


@dataclass(frozen=True)
class ResidualPiiScanner:
    """The run's gateway, seeing only what its policy would remove.

    ``scan`` serves the PII replay attack; ``count`` is the gate's residual-PII scan.
    """

    gateway: PiiGateway

    def scan(self, text: str) -> list[PiiFinding]:
        return residual_findings(self.gateway, text)

    def count(self, text: str) -> int:
        return len(residual_findings(self.gateway, text))
