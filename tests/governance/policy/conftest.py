"""Fixtures of the policy tests: a minimal valid policy and a file writer.

The suite-wide ``distillgate_home`` fixture (tests/conftest.py) isolates DISTILLGATE_HOME.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

#: A small valid policy of the source "tickets"; tests break it one line at a time.
BASE_POLICY = """\
schema: distillgate/policy/v1
policy_version: "1"
source:
  name: tickets
  format: builtin
  location: support_tickets
  text_fields: [subject, body]
  owner: Care Analytics
processing:
  controller: Example GmbH
  controller_contact: dpo@example.com
  purpose: routing
  lawful_basis: legitimate interests
  data_subject_categories: [customers]
  personal_data_categories: [names]
  retention: 12 months
  erasure: within 30 days
  security_measures: [anonymization]
prompt:
  entities:
    PERSON:
      action: pseudonymize
      min_score: 0.6
    EMAIL_ADDRESS:
      action: replace
    PHONE_NUMBER:
      action: mask
      mask_keep_last: 2
  custom_recognizers:
    - name: mrn
      entity_type: MRN
      patterns:
        - name: mrn_prefixed
          regex: 'MRN-\\d{7}'
      context: [record]
response:
  allowed_entities: [MRN]
  on_violation: redact
teacher:
  allowed:
    - provider: local
      model: "*"
    - provider: gemini
      model: "gemini-2.5-flash*"
privacy:
  dp_required: true
  target_epsilon: 8.0
  delta: 1.0e-5
  lifetime_epsilon_budget: 40.0
  accountant: prv
export:
  max_epsilon: 8.0
  max_mia_auc: 0.6
"""


@pytest.fixture
def base_policy() -> str:
    """Text of a small valid policy of the source ``tickets`` (see ``BASE_POLICY``)."""
    return BASE_POLICY


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write ``text`` to ``tmp_path/name`` (folders created) and return the path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return _write
