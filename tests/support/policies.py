"""The smallest valid policy for the builtin support-tickets source, for tests that build
privacy reports, gates and exports without a policy file."""

from __future__ import annotations

from typing import Any

from governance.policy.models import Policy

__all__ = ["minimal_policy"]


def minimal_policy(
    *,
    target_epsilon: float = 8.0,
    lifetime_epsilon_budget: float = 20.0,
    export: dict[str, Any] | None = None,
) -> Policy:
    """DP required at ``target_epsilon`` (δ = 1e-5), e-mails redacted, the local teacher
    allowed, and the ``export`` rules given (the policy defaults otherwise)."""
    return Policy.model_validate(
        {
            "policy_version": "1",
            "source": {
                "name": "support_tickets",
                "format": "builtin",
                "text_fields": ["body"],
                "owner": "support-data",
            },
            "processing": {
                "controller": "ACME",
                "controller_contact": "dpo@acme.example",
                "purpose": "intent classification",
                "lawful_basis": "legitimate interests",
                "data_subject_categories": ["customers"],
                "personal_data_categories": ["contact data"],
                "retention": "30 days",
                "erasure": "delete on request",
                "security_measures": ["encryption at rest"],
            },
            "prompt": {"entities": {"EMAIL_ADDRESS": {"action": "redact"}}},
            "teacher": {"allowed": [{"provider": "local"}]},
            "privacy": {
                "dp_required": True,
                "target_epsilon": target_epsilon,
                "delta": 1e-5,
                "lifetime_epsilon_budget": lifetime_epsilon_budget,
            },
            "export": dict(export or {}),
        }
    )
