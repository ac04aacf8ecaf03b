"""One exception root for distillgate.

Every error a user can see derives from :class:`DistillgateError`. The CLI catches it in
exactly one place, prints ``error: <message>`` and the ``hint`` and exits with
``exit_code``: 2 for usage and configuration problems, 1 when a check failed.
"""

from __future__ import annotations

__all__ = [
    "AuditError",
    "AuditVerificationError",
    "AuditWriteError",
    "CheckFailedError",
    "ConfigError",
    "DistillgateError",
    "ExportError",
    "GateError",
    "PiiError",
    "PolicyError",
    "PolicyViolationError",
    "PrivacyBudgetError",
    "SigningKeyError",
    "SourceError",
    "TeacherError",
    "TrainingError",
]


class DistillgateError(Exception):
    """Root of every distillgate error.

    ``hint`` tells the user what to do next; ``exit_code`` is what the CLI exits with.
    """

    exit_code: int = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class ConfigError(DistillgateError):
    """A usage or configuration problem (exit 2)."""

    exit_code = 2


class PolicyError(ConfigError):
    """A policy or job file is malformed; ``problems`` lists every violation found."""

    def __init__(
        self, message: str, *, problems: list[str] | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message, hint=hint)
        self.problems: list[str] = list(problems or [])


class SourceError(ConfigError):
    """A data source cannot be read."""


class SigningKeyError(ConfigError):
    """A signing or trust key is missing, unsafe or unknown."""


class CheckFailedError(DistillgateError):
    """A verification or check failed (exit 1)."""

    exit_code = 1


class PolicyViolationError(CheckFailedError):
    """The policy forbids what was asked (e.g. a teacher model, a run without DP)."""


class PrivacyBudgetError(CheckFailedError):
    """A run would exceed a source's privacy budget."""


class AuditError(DistillgateError):
    """Base of audit log errors."""

    exit_code = 1


class AuditWriteError(AuditError):
    """An audit entry could not be made durable; the action it covers must not happen."""


class AuditVerificationError(AuditError):
    """The audit log, a checkpoint or a proof does not verify."""


class PiiError(DistillgateError):
    """The PII gateway cannot be built or run (e.g. the spaCy model is missing)."""


class TeacherError(DistillgateError):
    """A teacher call failed after the allowed retries."""

    exit_code = 1


class TrainingError(DistillgateError):
    """Student training failed or was refused."""

    exit_code = 1


class GateError(CheckFailedError):
    """The export gate did not pass."""


class ExportError(CheckFailedError):
    """An export was refused or a bundle does not verify."""
