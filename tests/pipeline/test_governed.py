"""The governed teacher call with the real SDK against the loopback Gemini server."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

import pytest

from governance.audit.keys import Signer
from governance.audit.log import AuditLog
from governance.errors import AuditWriteError, PolicyViolationError
from governance.pii.gateway import PiiGateway
from governance.policy.jobs import TeacherSettings
from governance.policy.loader import load_policy
from governance.policy.models import Policy, ResponseViolationAction, TeacherProvider
from pipeline.distillation.governed import (
    DistillationOutcome,
    DistillLimits,
    Governance,
    distill,
)
from pipeline.sources.base import SourceRecord
from pipeline.sources.support_tickets import generate_tickets
from pipeline.teacher.base import TaskSpec
from pipeline.teacher.gemini import GeminiTeacher
from tests.support.gemini_server import Fault, GeminiServer

REPO = Path(__file__).resolve().parents[2]
POLICY = load_policy(REPO / "policies" / "support_tickets.yaml")
LABELS = (
    "billing",
    "refund",
    "login",
    "shipping",
    "cancellation",
    "technical_issue",
    "account_update",
    "product_question",
)
CLASSIFY = TaskSpec(kind="classification", labels=LABELS, instructions="Classify the ticket.")
REPLY = TaskSpec(kind="generation", labels=(), instructions="Write a short reply.")
SECRET = b"s" * 32


@pytest.fixture(scope="module")
def gateway() -> PiiGateway:
    return PiiGateway.from_policy(POLICY.policy, secret=SECRET)


def _records(n: int) -> tuple[list[SourceRecord], set[str]]:
    tickets = generate_tickets(n, seed=77)
    values = {v for t in tickets for vs in t.pii.values() for v in vs if len(v) >= 6}
    records = [SourceRecord(t.id, f"{t.subject}\n{t.body}", t.intent) for t in tickets]
    return records, values


def _run(
    records: list[SourceRecord],
    *,
    gateway: PiiGateway,
    audit: AuditLog,
    task: TaskSpec = CLASSIFY,
    scan_ahead: bool = True,
) -> DistillationOutcome:
    async def go() -> DistillationOutcome:
        teacher = GeminiTeacher(
            TeacherSettings(
                provider=TeacherProvider.GEMINI, model="gemini-2.5-flash", max_retries=0
            ),
            task,
        )
        try:
            return await distill(
                records,
                governance=Governance(gateway, audit, POLICY.sha256),
                teacher=teacher,
                task=task,
                limits=DistillLimits(
                    concurrency=4, max_calls=10_000, batch_size=16, scan_ahead=scan_ahead
                ),
            )
        finally:
            await teacher.aclose()

    return asyncio.run(go())


def _log(tmp_path: Path) -> AuditLog:
    return AuditLog.create(tmp_path / "audit", signer=Signer.ephemeral(name="t"), origin="test/run")


def test_prompts_are_anonymized_and_blocked_records_never_sent(
    tmp_path: Path, gateway: PiiGateway, gemini_server: GeminiServer
) -> None:
    records, values = _records(60)
    with _log(tmp_path) as audit:
        outcome = _run(records, gateway=gateway, audit=audit)
    blocked = outcome.usage.blocked_prompts
    assert gemini_server.request_count == len(records) - blocked == outcome.usage.calls
    assert len(outcome.examples) == outcome.usage.calls
    assert [v for v in values if v in gemini_server.bodies_text()] == []
    entries = [json.loads(x) for x in (tmp_path / "audit/log.jsonl").read_text().splitlines()]
    decisions = [e for e in entries if e["kind"] == "prompt_decision"]
    assert len(decisions) == len(records)
    assert sum(e["payload"]["outcome"] == "block" for e in decisions) == blocked
    assert all(e["policy_hash"] == POLICY.sha256 for e in entries)
    assert [v for v in values if v in (tmp_path / "audit/log.jsonl").read_text()] == []
    # Overhead bookkeeping: one entry per micro-batch of 16, covering every call made.
    assert outcome.overhead.calls == _sent_per_batch(decisions, 16)
    assert all(w > 0 for w in outcome.overhead.wall_s)
    assert len(outcome.overhead.per_call_wall_ms()) == 4


def _sent_per_batch(decisions: list[dict[str, Any]], size: int) -> list[int]:
    outcomes = [d["payload"]["outcome"] for d in decisions]
    return [outcomes[i : i + size].count("allow") for i in range(0, len(outcomes), size)]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_unwritable_audit_log_means_zero_teacher_requests(
    tmp_path: Path, gateway: PiiGateway, gemini_server: GeminiServer
) -> None:
    records, _ = _records(20)
    audit = _log(tmp_path)
    full = os.open("/dev/full", os.O_WRONLY)
    os.dup2(full, audit._log_fd)  # every later write fails with ENOSPC, as on a full disk
    os.close(full)
    with pytest.raises(AuditWriteError):
        _run(records, gateway=gateway, audit=audit)
    audit.close()
    assert gemini_server.request_count == 0


def _with_response_rule(action: ResponseViolationAction) -> Policy:
    response = POLICY.policy.response.model_copy(update={"on_violation": action})
    return POLICY.policy.model_copy(update={"response": response})


@pytest.mark.parametrize(
    ("action", "examples", "rejected"),
    [(ResponseViolationAction.REDACT, 3, 0), (ResponseViolationAction.DROP, 0, 3)],
)
def test_responses_with_pii_are_redacted_or_dropped(
    tmp_path: Path,
    gemini_server: GeminiServer,
    action: ResponseViolationAction,
    examples: int,
    rejected: int,
) -> None:
    leaky = (
        "Dear Robert Miller, we will call you at 212-555-0199 or mail robert.miller@example.com."
    )
    gemini_server.enqueue(*[Fault.model_text(leaky)] * 3)
    records = [SourceRecord(f"R{i}", "My parcel is late, where is it?", None) for i in range(3)]
    gateway = PiiGateway.from_policy(_with_response_rule(action), secret=SECRET)
    with _log(tmp_path) as audit:
        outcome = _run(records, gateway=gateway, audit=audit, task=REPLY)
    assert len(outcome.examples) == examples and outcome.usage.rejected_responses == rejected
    for example in outcome.examples:
        assert example.target_text is not None
        assert "212-555-0199" not in example.target_text
        assert "robert.miller@example.com" not in example.target_text
        assert "Robert Miller" not in example.target_text
    assert "212-555-0199" not in (tmp_path / "audit/log.jsonl").read_text()


def test_stop_on_violation_stops_the_run(tmp_path: Path, gemini_server: GeminiServer) -> None:
    gemini_server.enqueue(Fault.model_text("Call Robert Miller at 212-555-0199."))
    gateway = PiiGateway.from_policy(
        _with_response_rule(ResponseViolationAction.STOP), secret=SECRET
    )
    with (
        _log(tmp_path) as audit,
        pytest.raises(PolicyViolationError, match="on_violation is 'stop'"),
    ):
        _run(
            [SourceRecord("R1", "Where is my parcel?", None)],
            gateway=gateway,
            audit=audit,
            task=REPLY,
        )


def test_scanning_ahead_changes_no_decision_and_no_audit_entry(
    tmp_path: Path, gateway: PiiGateway, gemini_server: GeminiServer
) -> None:
    """Scanning the next micro-batch during the calls gives the same log as one at a time."""
    records, _ = _records(40)
    logs = []
    for scan_ahead in (False, True):
        fresh = PiiGateway(POLICY.policy, gateway.analyzer, secret=SECRET)
        with _log(tmp_path / str(scan_ahead)) as audit:
            outcome = _run(records, gateway=fresh, audit=audit, scan_ahead=scan_ahead)
        lines = (tmp_path / str(scan_ahead) / "audit/log.jsonl").read_text().splitlines()
        logs.append(([(e["kind"], e["payload"]) for e in map(json.loads, lines)], outcome))
    (plain, plain_outcome), (ahead, ahead_outcome) = logs
    assert len(plain) > 3 * 40
    assert ahead == plain
    assert ahead_outcome.examples == plain_outcome.examples
    assert len(ahead_outcome.overhead.calls) == len(plain_outcome.overhead.calls) == 3


def test_scan_ahead_is_taken_once_and_only_for_its_texts(gateway: PiiGateway) -> None:
    from pipeline.distillation.scan_ahead import ScanAhead

    texts = ["mail ana@example.org", "nothing here"]

    async def go() -> list[bool]:
        ahead = ScanAhead(gateway)
        ahead.start(texts)
        first = await ahead.take(texts)  # the scan done on the worker thread
        second = await ahead.take(texts)  # nothing in flight: scanned on this thread
        ahead.start(texts)
        other = await ahead.take(["other text"])  # another batch: not served from it
        await ahead.close()
        assert first.findings == second.findings == gateway.scan(texts)
        assert first.findings[0][0].entity_type == "EMAIL_ADDRESS"
        return [first.ahead, second.ahead, other.ahead]

    assert asyncio.run(go()) == [True, False, False]
