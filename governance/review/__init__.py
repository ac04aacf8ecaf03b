"""Reviewer sign-off: a human decision on a run, signed with the reviewer's own enrolled key.

- :mod:`~governance.review.statement`: the audit payload and the signed statement.
- :mod:`~governance.review.binding`: the statement's binding to the signed checkpoint that
  covers the run's passed gate decision.
- :mod:`~governance.review.decisions`: reading and checking sign-offs, one current decision
  per reviewer, and :func:`tally_signoffs`, the one count the export uses.
- :mod:`~governance.review.record`: :func:`approve_run` and :func:`reject_run`.
"""

from __future__ import annotations

from governance.review.binding import RunEvidence, binding_problem, load_run_evidence
from governance.review.decisions import (
    SignoffCheck,
    SignoffTally,
    has_reviewer_approval,
    read_signoffs,
    tally_signoffs,
)
from governance.review.record import (
    ReviewRequest,
    approve_run,
    default_reviewer_keys_dir,
    reject_run,
    reviewer_key_name,
)
from governance.review.statement import (
    SIGNOFF_SCHEMA,
    Decision,
    ReviewerSignoff,
    StatementCheck,
    verify_signoff,
)

__all__ = [
    "SIGNOFF_SCHEMA",
    "Decision",
    "ReviewRequest",
    "ReviewerSignoff",
    "RunEvidence",
    "SignoffCheck",
    "SignoffTally",
    "StatementCheck",
    "approve_run",
    "binding_problem",
    "default_reviewer_keys_dir",
    "has_reviewer_approval",
    "load_run_evidence",
    "read_signoffs",
    "reject_run",
    "reviewer_key_name",
    "tally_signoffs",
    "verify_signoff",
]
