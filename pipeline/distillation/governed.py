"""The governed teacher call, for every record of a source.

For each micro-batch of records::

    scan prompts (PII gateway) -> policy decisions -> audit entries made durable
      -> teacher calls (only for allowed prompts, bounded concurrency)
      -> scan responses -> policy decisions -> audit entries made durable
      -> distilled examples

A prompt the policy blocks is never sent; a response the policy rejects never reaches the
dataset. If an audit entry cannot be made durable, :class:`AuditWriteError` propagates and
no teacher call covered by it happens (fail closed). While the teacher answers one
micro-batch, the next one's prompts are scanned in a worker thread (findings only; see
:mod:`pipeline.distillation.scan_ahead`). The governance time per micro-batch is recorded in
:attr:`DistillationOutcome.overhead`.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from governance.audit.events import EventKind
from governance.audit.log import AuditLog
from governance.errors import PolicyViolationError, TeacherError
from governance.jsontypes import JsonObject, JsonValue
from governance.pii.gateway import PiiGateway
from governance.runfiles.artifacts import EntityCounts, PiiSummary, TeacherUsage
from pipeline.distillation.overhead import GatewayOverhead, PhaseTimer
from pipeline.distillation.resume import SignedWork
from pipeline.distillation.scan_ahead import ScanAhead
from pipeline.sources.base import SourceRecord
from pipeline.teacher.base import TaskSpec, Teacher, TeacherRequest, TeacherResponse, build_prompt

__all__ = ["DistillationOutcome", "DistilledExample", "distill"]

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DistilledExample:
    """One training example: anonymized text and the teacher's (possibly soft) label."""

    example_id: str
    text: str
    label: str
    label_index: int
    soft_label: tuple[float, ...] | None
    ground_truth: str | None
    target_text: str | None = None


@dataclass
class DistillationOutcome:
    """What the governed loop produced, and what governing it cost.

    ``overhead``: per micro-batch, the wall and CPU time of everything but the teacher's
    own calls (scans, decisions, audit entries, fsyncs), and the calls it covered.
    """

    examples: list[DistilledExample]
    usage: TeacherUsage
    pii: PiiSummary
    failed_ids: list[str] = field(default_factory=list)
    overhead: GatewayOverhead = field(default_factory=GatewayOverhead)


@dataclass
class _Counters:
    prompt_entities: Counter[str] = field(default_factory=Counter)
    response_entities: Counter[str] = field(default_factory=Counter)
    prompt_actions: dict[str, str] = field(default_factory=dict)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _audit_decision(
    audit: AuditLog,
    kinds: tuple[EventKind, EventKind],
    record_id: str,
    payload: JsonObject,
    *,
    policy_hash: str,
    signed: SignedWork,
    **extra: JsonValue,
) -> None:
    """Append the scan entry (findings) and the decision entry (outcome, actions, rules).

    Nothing is appended when the signed log already holds this very decision (a resumed
    run); a different one names the entry it supersedes.
    """
    scanned, decided = kinds
    decision: JsonObject = {
        "record_id": record_id,
        "outcome": payload.get("outcome"),
        "actions": payload.get("actions", []),
        "fired_rules": payload.get("fired_rules", []),
        **extra,
    }
    if signed.already_decided(decided, record_id, decision, policy_hash=policy_hash):
        return
    earlier = signed.superseded(decided, record_id)
    if earlier is not None:
        decision["supersedes"] = earlier
    audit.append(
        scanned,
        {"record_id": record_id, "findings": payload.get("findings", [])},
        policy_hash=policy_hash,
    )
    audit.append(decided, decision, policy_hash=policy_hash)


def _audit_call(
    audit: AuditLog,
    signed: SignedWork,
    record_id: str,
    request: TeacherRequest,
    result: TeacherResponse | TeacherError,
    model: str,
    policy_hash: str,
) -> None:
    """Append the teacher_call entry, unless a resumed run's signed log holds this answer."""
    prompt_sha256 = _sha256(request.prompt)
    payload: JsonObject
    if isinstance(result, TeacherError):
        payload = {"ok": False, "error": type(result).__name__, "model": model}
    elif signed.already_answered(record_id, prompt_sha256):
        return
    else:
        payload = {
            "model": result.model,
            "ok": True,
            "cached": result.cached,
            "retries": result.retries,
            "input_tokens": result.usage.input_tokens,
            "output_tokens": result.usage.output_tokens,
        }
    payload = {"record_id": record_id, "prompt_sha256": prompt_sha256, **payload}
    audit.append(EventKind.TEACHER_CALL, payload, policy_hash=policy_hash)


def _example_from(
    record: SourceRecord, text: str, response: TeacherResponse, task: TaskSpec, response_text: str
) -> DistilledExample | None:
    if task.kind == "generation":
        return DistilledExample(
            example_id=record.record_id,
            text=text,
            label="",
            label_index=-1,
            soft_label=None,
            ground_truth=record.ground_truth,
            target_text=response_text,
        )
    label = response.label
    if label is None or label not in task.labels:
        return None
    soft: tuple[float, ...] | None = None
    if response.probabilities:
        total = sum(response.probabilities.get(lbl, 0.0) for lbl in task.labels)
        if total > 0:
            soft = tuple(response.probabilities.get(lbl, 0.0) / total for lbl in task.labels)
    return DistilledExample(
        example_id=record.record_id,
        text=text,
        label=label,
        label_index=task.labels.index(label),
        soft_label=soft,
        ground_truth=record.ground_truth,
    )


async def distill(
    records: Sequence[SourceRecord],
    *,
    gateway: PiiGateway,
    teacher: Teacher,
    audit: AuditLog,
    policy_hash: str,
    task: TaskSpec,
    concurrency: int,
    max_calls: int,
    batch_size: int = 64,
    on_progress: Callable[[int, int, int], None] | None = None,
    scan_ahead: bool = True,
    signed: SignedWork | None = None,
) -> DistillationOutcome:
    """Run the governed teacher call over ``records`` and return the distilled examples.

    ``on_progress(done, total, blocked)`` is called after every micro-batch. ``signed``:
    what a resumed run's signed log already holds (:class:`SignedWork`), not logged again.
    ``scan_ahead``: scan the next micro-batch's prompts in a worker thread while the teacher
    answers this one (same decisions and audit entries, in the same order).
    """
    ahead = ScanAhead(gateway, enabled=scan_ahead)
    try:
        return await _distill(
            records,
            gateway=gateway,
            teacher=teacher,
            audit=audit,
            policy_hash=policy_hash,
            task=task,
            concurrency=concurrency,
            max_calls=max_calls,
            batch_size=batch_size,
            on_progress=on_progress,
            ahead=ahead,
            signed=signed if signed is not None else SignedWork(),
        )
    finally:
        await ahead.close()


async def _distill(
    records: Sequence[SourceRecord],
    *,
    gateway: PiiGateway,
    teacher: Teacher,
    audit: AuditLog,
    policy_hash: str,
    task: TaskSpec,
    concurrency: int,
    max_calls: int,
    batch_size: int,
    on_progress: Callable[[int, int, int], None] | None,
    ahead: ScanAhead,
    signed: SignedWork,
) -> DistillationOutcome:
    usage = TeacherUsage(provider=teacher.provider.value, model=teacher.model)
    summary = PiiSummary()
    counters = _Counters()
    examples: list[DistilledExample] = []
    failed: list[str] = []
    semaphore = asyncio.Semaphore(concurrency)
    calls_made = 0
    overhead = GatewayOverhead()

    async def call(request: TeacherRequest) -> TeacherResponse | TeacherError:
        async with semaphore:
            try:
                return await teacher.complete(request)
            except TeacherError as exc:
                return exc

    for start in range(0, len(records), batch_size):
        batch = list(records[start : start + batch_size])
        timer = PhaseTimer()
        timer.start()
        texts = [r.text for r in batch]
        scan = await ahead.take(texts)
        if scan.ahead:  # else it ran on this thread, inside the timed phase
            timer.add_cpu(scan.cpu_s)
        decisions = gateway.decide_prompts(texts, scan.findings)
        allowed: list[tuple[SourceRecord, str]] = []
        for record, decision in zip(batch, decisions, strict=True):
            summary.records_scanned += 1
            for action in decision.actions:
                counters.prompt_entities[action.entity_type] += 1
                counters.prompt_actions[action.entity_type] = action.action
            _audit_decision(
                audit,
                (EventKind.PROMPT_SCANNED, EventKind.PROMPT_DECISION),
                record.record_id,
                decision.to_audit_payload(),
                policy_hash=policy_hash,
                signed=signed,
                prompt_sha256=_sha256(decision.text) if decision.outcome == "allow" else None,
            )
            if decision.outcome == "allow":
                allowed.append((record, decision.text))
                if len(summary.redacted_examples) < 5 and decision.actions:
                    summary.redacted_examples.append(decision.text[:400])
            else:
                summary.records_blocked += 1
                usage.blocked_prompts += 1
        # Fail closed: every decision covering the calls below is durable before any call.
        audit.sync()

        if calls_made + len(allowed) > max_calls:
            raise PolicyViolationError(
                f"the policy allows at most {max_calls} teacher calls per run; "
                f"this run needs {calls_made + len(allowed)} or more",
                hint="raise teacher.max_calls_per_run in the policy or set limits.max_records",
            )
        calls_made += len(allowed)
        requests = [
            TeacherRequest(example_id=r.record_id, prompt=build_prompt(task, text), task=task)
            for r, text in allowed
        ]
        results: list[TeacherResponse | TeacherError]
        timer.stop()  # the teacher's own time is not the gateway's overhead
        ahead.start([r.text for r in records[start + batch_size : start + 2 * batch_size]])
        try:
            results = list(await teacher.complete_many(requests))
        except TeacherError:
            # Isolate the failing calls; answers already received are served from the cache.
            results = list(await asyncio.gather(*(call(req) for req in requests)))
        timer.start()
        await ahead.settle()  # the analyzer is free again before responses are scanned

        answered: list[tuple[SourceRecord, str, TeacherResponse]] = []
        for (record, text), request, result in zip(allowed, requests, results, strict=True):
            model = teacher.model
            _audit_call(audit, signed, record.record_id, request, result, model, policy_hash)
            if isinstance(result, TeacherError):
                usage.failed += 1
                failed.append(record.record_id)
                continue
            usage.calls += 0 if result.cached else 1
            usage.cached += 1 if result.cached else 0
            usage.retries += result.retries
            usage.input_tokens += result.usage.input_tokens
            usage.output_tokens += result.usage.output_tokens
            answered.append((record, text, result))

        response_decisions = gateway.process_responses([res.text for _, _, res in answered])
        for (record, text, result), rdec in zip(answered, response_decisions, strict=True):
            for action in rdec.actions:
                counters.response_entities[action.entity_type] += 1
            _audit_decision(
                audit,
                (EventKind.RESPONSE_SCANNED, EventKind.RESPONSE_DECISION),
                record.record_id,
                rdec.to_audit_payload(),
                policy_hash=policy_hash,
                signed=signed,
            )
            if rdec.outcome == "stop":
                audit.sync()
                raise PolicyViolationError(
                    f"teacher response for record {record.record_id} contains entities the "
                    "policy forbids, and response.on_violation is 'stop'",
                    hint="see the response_decision entry in the audit log",
                )
            if rdec.outcome == "drop":
                usage.rejected_responses += 1
                summary.responses_dropped += 1
                continue
            if rdec.outcome == "redact":
                summary.responses_redacted += 1
            example = _example_from(record, text, result, task, rdec.text)
            if example is None:
                usage.rejected_responses += 1
                continue
            examples.append(example)
        audit.sync()
        timer.stop()
        overhead.add_batch(calls=len(requests), wall_s=timer.wall_s, cpu_s=timer.cpu_s)
        if on_progress is not None:
            on_progress(min(start + batch_size, len(records)), len(records), usage.blocked_prompts)

    types = sorted(set(counters.prompt_entities) | set(counters.response_entities))
    summary.entities = [
        EntityCounts(
            entity_type=t,
            in_prompts=counters.prompt_entities[t],
            in_responses=counters.response_entities[t],
            action=counters.prompt_actions.get(t, "n/a"),
        )
        for t in types
    ]
    _log.info(
        "distilled %d examples (%d blocked, %d rejected, %d failed)",
        len(examples),
        usage.blocked_prompts,
        usage.rejected_responses,
        usage.failed,
    )
    return DistillationOutcome(
        examples=examples, usage=usage, pii=summary, failed_ids=failed, overhead=overhead
    )
