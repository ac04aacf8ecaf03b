"""Shared PII fixtures: one policy and one gateway (spaCy loaded once) per session."""

from __future__ import annotations

import pytest
from pii_helpers import SECRET, make_policy

from governance.pii.gateway import PiiGateway
from governance.policy.models import Policy


@pytest.fixture(scope="session")
def policy() -> Policy:
    return make_policy()


@pytest.fixture(scope="session")
def gateway(policy: Policy) -> PiiGateway:
    """Loaded once per session (spaCy load is the expensive part)."""
    return PiiGateway.from_policy(policy, secret=SECRET)


@pytest.fixture
def fresh_gateway(gateway: PiiGateway, policy: Policy) -> PiiGateway:
    """A new gateway instance (own pseudonym table) sharing the session's analyzer."""
    return PiiGateway(policy, gateway.analyzer, secret=SECRET)
