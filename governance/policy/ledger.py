"""The privacy budget ledger: ε spent per data source, across all runs.

One append-only JSON Lines file per source in ``<home>/ledger/<source>.jsonl`` (beside the
keys, never inside a run directory). Each line names the run, its ε and δ, the policy hash
it ran under, and the SHA-256 of the previous line, so a removed or edited line breaks the
chain. Appends hold an exclusive ``flock``, are written with ``O_APPEND`` in one ``write``
and ``fsync``-ed. A torn or corrupt line makes every read fail closed with
:class:`PrivacyBudgetError`: a budget that cannot be summed is not spent blindly.

:meth:`PrivacyLedger.check` and :meth:`PrivacyLedger.record` are separate steps (before
the run, after training); two runs of one source started at the same moment can both pass
the check. Run one job per source at a time.

A run without DP records ``ε = inf``: after it, the source has no budget left, and
:meth:`PrivacyLedger.check` with ``epsilon=inf`` fails against every finite budget.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import math
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from governance.errors import ConfigError, PrivacyBudgetError
from governance.jsontypes import JsonObject
from governance.paths import ledger_dir as default_ledger_dir

__all__ = ["LedgerEntry", "PrivacyLedger"]

logger = logging.getLogger(__name__)

_SOURCE = re.compile(r"^[a-z][a-z0-9_]*$")
_GENESIS = "0" * 64
_TOLERANCE = 1e-9


@dataclass(frozen=True)
class LedgerEntry:
    """One run's spend against a source's lifetime budget."""

    seq: int
    source: str
    run_id: str
    epsilon: float
    delta: float
    policy_sha256: str
    recorded_at: str
    prev_sha256: str

    @property
    def index(self) -> int:
        """Position of the entry in its source's ledger (same as ``seq``)."""
        return self.seq

    def to_payload(self) -> JsonObject:
        """JSON form (``epsilon`` is the string ``"inf"`` for a run without DP)."""
        return {
            "seq": self.seq,
            "source": self.source,
            "run_id": self.run_id,
            "epsilon": self.epsilon if math.isfinite(self.epsilon) else "inf",
            "delta": self.delta,
            "policy_sha256": self.policy_sha256,
            "recorded_at": self.recorded_at,
            "prev_sha256": self.prev_sha256,
        }

    @classmethod
    def from_payload(cls, payload: object) -> LedgerEntry:
        """Parse :meth:`to_payload` output; raises ``ValueError`` on any deviation."""
        if not isinstance(payload, dict):
            raise ValueError("not a JSON object")
        epsilon = payload["epsilon"]
        if epsilon == "inf":
            epsilon = math.inf
        fields = (
            int(payload["seq"]),
            str(payload["source"]),
            str(payload["run_id"]),
            float(epsilon),
            float(payload["delta"]),
            str(payload["policy_sha256"]),
            str(payload["recorded_at"]),
            str(payload["prev_sha256"]),
        )
        if set(payload) != set(cls.__dataclass_fields__):
            raise ValueError("unexpected keys")
        return cls(*fields)


def _line(entry: LedgerEntry) -> bytes:
    body = json.dumps(entry.to_payload(), sort_keys=True, separators=(",", ":"))
    return body.encode("utf-8") + b"\n"


class PrivacyLedger:
    """Durable per-source ledger of ε spent; see the module docstring."""

    def __init__(self, ledger_dir: Path | None = None) -> None:
        self.ledger_dir = ledger_dir if ledger_dir is not None else default_ledger_dir()

    def path(self, source: str) -> Path:
        """The ledger file of ``source``."""
        if not _SOURCE.match(source):
            raise ConfigError(f"invalid data source name {source!r} for the privacy ledger")
        return self.ledger_dir / f"{source}.jsonl"

    def entries(self, source: str) -> list[LedgerEntry]:
        """Every entry of ``source``, oldest first; raises on a torn or corrupt file."""
        path = self.path(source)
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise PrivacyBudgetError(f"cannot read privacy ledger {path}: {exc}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)  # never read half of a concurrent append
            data = _read_all(fd)
        except OSError as exc:
            raise PrivacyBudgetError(f"cannot read privacy ledger {path}: {exc}") from exc
        finally:
            os.close(fd)
        return _parse(path, source, data)

    def spent(self, source: str) -> float:
        """Total ε ``source`` has spent (``inf`` once a run without DP was recorded)."""
        return math.fsum(e.epsilon for e in self.entries(source))

    def check(self, source: str, *, epsilon: float, budget: float) -> None:
        """Refuse (raise :class:`PrivacyBudgetError`) a run that would spend ``epsilon``
        beyond the lifetime ``budget`` of ``source``. Call it before any teacher call."""
        _require_epsilon(epsilon, "epsilon")
        if math.isnan(budget) or budget <= 0:
            raise ConfigError(f"the lifetime budget must be a positive number, got {budget!r}")
        spent = self.spent(source)
        left = budget - spent
        if spent + epsilon > budget + _TOLERANCE:
            kind = "" if math.isfinite(epsilon) else " (no DP)"
            raise PrivacyBudgetError(
                f"run would spend ε={epsilon:.2f}{kind}; {source} has spent {spent:.2f} of "
                f"its {budget:.2f} lifetime budget; {max(left, 0.0):.2f} left",
                hint="lower dp.target_epsilon in the job, or ask the policy owner to raise "
                "privacy.lifetime_epsilon_budget (a change that needs its own sign-off)",
            )
        logger.info(
            "budget check passed for %s: ε=%.2f, spent %.2f of %.2f", source, epsilon, spent, budget
        )

    def record(
        self, source: str, *, run_id: str, epsilon: float, delta: float, policy_sha256: str
    ) -> LedgerEntry:
        """Append (durably) that run ``run_id`` spent ``epsilon``/``delta`` on ``source``."""
        _require_epsilon(epsilon, "epsilon")
        if not (0.0 <= delta < 1.0):
            raise ConfigError(f"delta must be in [0, 1), got {delta!r}")
        if not run_id:
            raise ConfigError("run_id must not be empty")
        path = self.path(source)
        self.ledger_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        with _locked_append(path) as fd:
            existing = _parse(path, source, _read_all(fd))
            prev = hashlib.sha256(_line(existing[-1])).hexdigest() if existing else _GENESIS
            entry = LedgerEntry(
                seq=len(existing),
                source=source,
                run_id=run_id,
                epsilon=float(epsilon),
                delta=float(delta),
                policy_sha256=policy_sha256,
                recorded_at=datetime.now(UTC).isoformat(timespec="microseconds"),
                prev_sha256=prev,
            )
            line = _line(entry)
            try:
                written = os.write(fd, line)
                os.fsync(fd)
            except OSError as exc:
                raise PrivacyBudgetError(f"cannot write privacy ledger {path}: {exc}") from exc
            if written != len(line):
                raise PrivacyBudgetError(f"short write to privacy ledger {path}")
        logger.info("ledger: %s run %s spent ε=%s", source, run_id, epsilon)
        return entry


def _require_epsilon(epsilon: float, name: str) -> None:
    if math.isnan(epsilon) or epsilon < 0:
        raise ConfigError(f"{name} must be a non-negative number or inf, got {epsilon!r}")


@contextmanager
def _locked_append(path: Path) -> Iterator[int]:
    created = not path.exists()
    try:
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    except OSError as exc:
        raise PrivacyBudgetError(f"cannot open privacy ledger {path}: {exc}") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        if created:
            dir_fd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        yield fd
    finally:
        os.close(fd)  # closing releases the lock


def _read_all(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks: list[bytes] = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def _parse(path: Path, source: str, data: bytes) -> list[LedgerEntry]:
    entries: list[LedgerEntry] = []
    prev = _GENESIS
    lines = data.split(b"\n")
    if lines[-1]:
        raise _corrupt(path, len(lines), "torn last line (no newline; an interrupted write?)")
    for number, raw in enumerate(lines[:-1], start=1):
        try:
            entry = LedgerEntry.from_payload(json.loads(raw))
        except (ValueError, KeyError, TypeError) as exc:
            raise _corrupt(path, number, f"not a ledger entry ({exc})") from None
        if entry.source != source or entry.seq != number - 1:
            raise _corrupt(path, number, "entry out of sequence (lines removed or moved?)")
        if entry.prev_sha256 != prev:
            raise _corrupt(path, number, "hash chain broken (the line before was edited?)")
        if _line(entry) != raw + b"\n":
            raise _corrupt(path, number, "entry not in canonical form (edited?)")
        entries.append(entry)
        prev = hashlib.sha256(raw + b"\n").hexdigest()
    return entries


def _corrupt(path: Path, line: int, reason: str) -> PrivacyBudgetError:
    return PrivacyBudgetError(
        f"privacy ledger {path}:{line} is corrupt: {reason}; refusing to guess the spent budget",
        hint="restore the file from backup or repair it from the runs' audit logs "
        "(epsilon_spent entries); never delete lines to free budget",
    )
