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
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from governance.audit.events import EventKind
from governance.errors import PolicyViolationError, TeacherError
from governance.pii.types import PiiFinding
from governance.runfiles.artifacts import EntityCounts, PiiSummary, TeacherUsage
from pipeline.distillation.entries import Governance, log_call, log_decision, sha256_text
from pipeline.distillation.overhead import GatewayOverhead, PhaseTimer
from pipeline.distillation.scan_ahead import ScanAhead
from pipeline.sources.base import SourceRecord
from pipeline.teacher.base import TaskSpec, Teacher, TeacherRequest, TeacherResponse, build_prompt

__all__ = [
    "DistillLimits",
    "DistillationOutcome",
    "DistilledExample",
    "Governance",
    "distill",
]

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


@dataclass(frozen=True)
class DistillLimits:
    """How many calls at once and per run, records per micro-batch, and scanning ahead.

    ``scan_ahead``: scan the next micro-batch's prompts in a worker thread while the teacher
    answers this one (same decisions and audit entries, in the same order).
    """

    concurrency: int
    max_calls: int
    batch_size: int = 64
    scan_ahead: bool = True


@dataclass(frozen=True)
class _Allowed:
    record: SourceRecord
    text: str
    request: TeacherRequest


@dataclass(frozen=True)
class _Answered:
    record: SourceRecord
    text: str
    response: TeacherResponse


async def distill(
    records: Sequence[SourceRecord],
    *,
    governance: Governance,
    teacher: Teacher,
    task: TaskSpec,
    limits: DistillLimits,
    on_progress: Callable[[int, int, int], None] | None = None,
) -> DistillationOutcome:
    """Run the governed teacher call over ``records`` and return the distilled examples.

    ``on_progress(done, total, blocked)`` is called after every micro-batch.
    """
    ahead = ScanAhead(governance.gateway, enabled=limits.scan_ahead)
    loop = _GovernedLoop(governance, teacher, task, limits)
    size = limits.batch_size
    try:
        for start in range(0, len(records), size):
            following = records[start + size : start + 2 * size]
            await _micro_batch(loop, list(records[start : start + size]), following, ahead)
            if on_progress is not None:
                done = min(start + size, len(records))
                on_progress(done, len(records), loop.usage.blocked_prompts)
    finally:
        await ahead.close()
    return loop.outcome()


async def _micro_batch(
    loop: _GovernedLoop,
    batch: list[SourceRecord],
    following: Sequence[SourceRecord],
    ahead: ScanAhead,
) -> None:
    """Prompt phase, call phase, response phase of one micro-batch (governance time timed)."""
    timer = PhaseTimer()
    timer.start()
    texts = [r.text for r in batch]
    scan = await ahead.take(texts)
    if scan.ahead:  # else it ran on this thread, inside the timed phase
        timer.add_cpu(scan.cpu_s)
    allowed = loop.prompt_phase(batch, scan.findings)
    timer.stop()  # the teacher's own time is not the gateway's overhead
    ahead.start([r.text for r in following])
    results = await loop.call_phase(allowed)
    timer.start()
    await ahead.settle()  # the analyzer is free again before responses are scanned
    loop.response_phase(loop.record_calls(allowed, results))
    timer.stop()
    loop.overhead.add_batch(calls=len(allowed), wall_s=timer.wall_s, cpu_s=timer.cpu_s)


class _GovernedLoop:
    """The state of one governed loop and its three phases per micro-batch."""

    def __init__(
        self, governance: Governance, teacher: Teacher, task: TaskSpec, limits: DistillLimits
    ) -> None:
        self.gov = governance
        self.teacher = teacher
        self.task = task
        self.limits = limits
        self.usage = TeacherUsage(provider=teacher.provider.value, model=teacher.model)
        self.summary = PiiSummary()
        self.examples: list[DistilledExample] = []
        self.failed: list[str] = []
        self.overhead = GatewayOverhead()
        self.calls_made = 0
        self._semaphore = asyncio.Semaphore(limits.concurrency)
        self._prompt_entities: Counter[str] = Counter()
        self._response_entities: Counter[str] = Counter()
        self._prompt_actions: dict[str, str] = {}

    # -- prompt phase -----------------------------------------------------------------

    def prompt_phase(
        self, batch: list[SourceRecord], findings: Sequence[list[PiiFinding]]
    ) -> list[_Allowed]:
        """Decide every prompt, log each decision durably, and return the allowed requests.

        Fail closed: every decision covering the calls that follow is durable first.
        """
        texts = [r.text for r in batch]
        allowed: list[_Allowed] = []
        for record, decision in zip(
            batch, self.gov.gateway.decide_prompts(texts, findings=findings), strict=True
        ):
            self.summary.records_scanned += 1
            for action in decision.actions:
                self._prompt_entities[action.entity_type] += 1
                self._prompt_actions[action.entity_type] = action.action
            sent = decision.outcome == "allow"
            log_decision(
                self.gov,
                EventKind.PROMPT_DECISION,
                record.record_id,
                decision.to_audit_payload(),
                prompt_sha256=sha256_text(decision.text) if sent else None,
                is_prompt=True,
            )
            if not sent:
                self.summary.records_blocked += 1
                self.usage.blocked_prompts += 1
                continue
            prompt = build_prompt(self.task, decision.text)
            request = TeacherRequest(example_id=record.record_id, prompt=prompt, task=self.task)
            allowed.append(_Allowed(record, decision.text, request))
            if len(self.summary.redacted_examples) < 5 and decision.actions:
                self.summary.redacted_examples.append(decision.text[:400])
        self.gov.audit.sync()
        if self.calls_made + len(allowed) > self.limits.max_calls:
            raise PolicyViolationError(
                f"the policy allows at most {self.limits.max_calls} teacher calls per run; "
                f"this run needs {self.calls_made + len(allowed)} or more",
                hint="raise teacher.max_calls_per_run in the policy or set limits.max_records",
            )
        self.calls_made += len(allowed)
        return allowed

    # -- call phase -------------------------------------------------------------------

    async def call_phase(self, allowed: list[_Allowed]) -> list[TeacherResponse | TeacherError]:
        """The teacher's answers, in order; a failing call is isolated, not fatal."""
        requests = [a.request for a in allowed]
        try:
            return list(await self.teacher.complete_many(requests))
        except TeacherError:
            # Isolate the failing calls; answers already received are served from the cache.
            return list(await asyncio.gather(*(self._call(req) for req in requests)))

    async def _call(self, request: TeacherRequest) -> TeacherResponse | TeacherError:
        async with self._semaphore:
            try:
                return await self.teacher.complete(request)
            except TeacherError as exc:
                return exc

    def record_calls(
        self, allowed: list[_Allowed], results: list[TeacherResponse | TeacherError]
    ) -> list[_Answered]:
        """Log every call and count its usage; return the answered ones."""
        answered: list[_Answered] = []
        for item, result in zip(allowed, results, strict=True):
            log_call(
                self.gov,
                record_id=item.record.record_id,
                prompt=item.request.prompt,
                model=self.teacher.model,
                result=result,
            )
            if isinstance(result, TeacherError):
                self.usage.failed += 1
                self.failed.append(item.record.record_id)
                continue
            self.usage.calls += 0 if result.cached else 1
            self.usage.cached += 1 if result.cached else 0
            self.usage.retries += result.retries
            self.usage.input_tokens += result.usage.input_tokens
            self.usage.output_tokens += result.usage.output_tokens
            answered.append(_Answered(item.record, item.text, result))
        return answered

    # -- response phase ---------------------------------------------------------------

    def response_phase(self, answered: list[_Answered]) -> None:
        """Decide every response and log it durably; keep the examples the policy allows."""
        decisions = self.gov.gateway.decide_responses([a.response.text for a in answered])
        for item, decision in zip(answered, decisions, strict=True):
            for action in decision.actions:
                self._response_entities[action.entity_type] += 1
            log_decision(
                self.gov,
                EventKind.RESPONSE_DECISION,
                item.record.record_id,
                decision.to_audit_payload(),
            )
            if decision.outcome == "stop":
                self.gov.audit.sync()
                raise PolicyViolationError(
                    f"teacher response for record {item.record.record_id} contains entities "
                    "the policy forbids, and response.on_violation is 'stop'",
                    hint="see the response_decision entry in the audit log",
                )
            if decision.outcome == "drop":
                self.usage.rejected_responses += 1
                self.summary.responses_dropped += 1
                continue
            if decision.outcome == "redact":
                self.summary.responses_redacted += 1
            example = _example_from(item.record, item.text, item.response, self.task, decision.text)
            if example is None:
                self.usage.rejected_responses += 1
                continue
            self.examples.append(example)
        self.gov.audit.sync()

    # -- the result -------------------------------------------------------------------

    def outcome(self) -> DistillationOutcome:
        types = sorted(set(self._prompt_entities) | set(self._response_entities))
        self.summary.entities = [
            EntityCounts(
                entity_type=t,
                in_prompts=self._prompt_entities[t],
                in_responses=self._response_entities[t],
                action=self._prompt_actions.get(t, "n/a"),
            )
            for t in types
        ]
        _log.info(
            "distilled %d examples (%d blocked, %d rejected, %d failed)",
            len(self.examples),
            self.usage.blocked_prompts,
            self.usage.rejected_responses,
            self.usage.failed,
        )
        return DistillationOutcome(
            examples=self.examples,
            usage=self.usage,
            pii=self.summary,
            failed_ids=self.failed,
            overhead=self.overhead,
        )


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
