"""The teacher stage of a run: the governed loop with its teacher, cache and progress bar."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from governance.audit.log import AuditLog
from governance.pii.gateway import PiiGateway
from governance.policy.jobs import JobSpec
from governance.policy.models import Policy
from governance.runfiles.artifacts import TeacherUsage, write_artifact
from governance.runfiles.layout import RunLayout
from pipeline.distillation.governed import (
    DistilledExample,
    DistillLimits,
    Governance,
    distill,
)
from pipeline.distillation.resume import SignedWork
from pipeline.sources.base import SourceRecord
from pipeline.teacher.base import TaskSpec
from pipeline.teacher.cache import CachedTeacher, ResponseCache
from pipeline.teacher.registry import create_teacher

__all__ = ["governed_teacher_stage", "progress_bars"]


@contextmanager
def progress_bars(enabled: bool) -> Iterator[Progress | None]:
    if not enabled:
        yield None
        return
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=False,
    ) as progress:
        yield progress


def governed_teacher_stage(
    *,
    job: JobSpec,
    policy: Policy,
    policy_hash: str,
    records: list[SourceRecord],
    gateway: PiiGateway,
    audit: AuditLog,
    run_dir: Path,
    progress: Progress | None,
    secret: bytes,
) -> tuple[list[DistilledExample], TeacherUsage]:
    task = TaskSpec.from_settings(job.task)
    inner = create_teacher(
        job.teacher, task, max_output_tokens=policy.teacher.max_tokens_per_call, run_dir=run_dir
    )
    signed = SignedWork.read(audit.audit_dir)  # a resumed run's decisions are not logged twice
    cache = ResponseCache(RunLayout(run_dir).teacher_cache, secret=secret)
    teacher = CachedTeacher(inner, cache)
    bar = progress.add_task("teacher calls", total=len(records)) if progress else None

    def on_progress(done: int, total: int, blocked: int) -> None:
        if progress is not None and bar is not None:
            stats = inner.stats
            progress.update(
                bar,
                completed=done,
                description=(
                    f"teacher: {stats.calls} calls, {stats.cached} cached, "
                    f"{stats.in_flight} in flight, {stats.retried} retried, {blocked} blocked, "
                    f"{stats.input_tokens + stats.output_tokens} tokens"
                ),
            )

    async def go() -> tuple[list[DistilledExample], TeacherUsage]:
        try:
            outcome = await distill(
                records,
                governance=Governance(gateway, audit, policy_hash, signed),
                teacher=teacher,
                task=task,
                limits=DistillLimits(
                    concurrency=job.teacher.concurrency,
                    max_calls=policy.teacher.max_calls_per_run,
                ),
                on_progress=on_progress,
            )
        finally:
            await teacher.aclose()
            cache.close()
        outcome.usage.estimated_cost_usd = (
            outcome.usage.input_tokens * job.teacher.input_price_per_mtok
            + outcome.usage.output_tokens * job.teacher.output_price_per_mtok
        ) / 1_000_000
        write_artifact(outcome.pii, RunLayout(run_dir).pii_summary)
        write_artifact(outcome.usage, RunLayout(run_dir).teacher_usage)
        return outcome.examples, outcome.usage

    return asyncio.run(go())
