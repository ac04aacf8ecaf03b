"""The gated distillation run, one named stage after another.

``run_job`` is what ``distillgate run`` calls. Read :func:`_run_stages` top to bottom: each
stage is a function of :mod:`pipeline.stages`, taking the :class:`~pipeline.stages.RunContext`
and what earlier stages produced (frozen values) and returning a frozen value.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import datasets
from transformers.utils import logging as transformers_logging

from governance.audit.keys import load_or_create_signer
from governance.errors import DistillgateError
from governance.pii.secret import load_or_create_pii_secret
from governance.policy.lint import enforce_job_policy
from governance.policy.models import TeacherProvider
from governance.runfiles.layout import RunLayout
from pipeline.run_dir import open_run_audit, prepare_run_dir, update_manifest
from pipeline.run_preflight import check_task_supported, check_teacher_allowed, resolve_job
from pipeline.sources.leftovers import remove_raw_leftovers
from pipeline.sources.registry import load_records
from pipeline.stages import (
    RunContext,
    budget_stage,
    dataset_stage,
    end_stage,
    export_stage,
    gate_stage,
    gateway_stage,
    privacy_stage,
    probe_stage,
    spend_stage,
    start_stage,
    student_stage,
    teacher_stage,
)

__all__ = ["RunOptions", "RunOutcome", "run_job"]

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunOptions:
    """What the engineer chose on the command line."""

    job_path: Path | None = None
    teacher: TeacherProvider | None = None
    run_dir: Path | None = None
    resume: Path | None = None
    progress: bool = True
    max_records: int | None = None


@dataclass(frozen=True)
class RunOutcome:
    run_dir: Path
    run_id: str
    gate_passed: bool
    report_path: Path | None
    export_dir: Path | None
    epsilon: float


# --------------------------------------------------------------------------- the run


def run_job(options: RunOptions) -> RunOutcome:
    """Run a job end to end: govern, distill, train, evaluate, gate, export, report."""
    _quiet_libraries()
    ctx = open_stage(options)
    try:
        outcome = _run_stages(ctx)
    except DistillgateError as exc:
        update_manifest(
            ctx.layout.root,
            status="failed",
            error=exc.message,
            finished_at=datetime.now(UTC).isoformat(),
        )
        raise
    finally:
        ctx.audit.close()
    _finish_reports(ctx.layout.root)
    return outcome


def _run_stages(ctx: RunContext) -> RunOutcome:
    start_stage(ctx)
    records = load_records(
        ctx.policy.source, base_dir=ctx.loaded_policy.path.parent, limit=ctx.job.limits.max_records
    )
    budget = budget_stage(ctx, records)
    gateway = gateway_stage(ctx)
    probe_stage(ctx, records, gateway)
    teacher = teacher_stage(ctx, records, gateway)
    splits = dataset_stage(ctx, teacher)
    trained = student_stage(ctx, splits)
    spend_stage(ctx, trained, budget)
    privacy_stage(ctx, trained, teacher, budget)
    gate = gate_stage(ctx, teacher)
    export_dir = export_stage(ctx, gate)
    end_stage(ctx, gate, export_dir)
    return RunOutcome(
        run_dir=ctx.layout.root,
        run_id=ctx.run_id,
        gate_passed=gate.passed,
        report_path=ctx.layout.report_html,
        export_dir=export_dir,
        epsilon=trained.result.epsilon,
    )


def open_stage(options: RunOptions) -> RunContext:
    """Job, policy and every up-front check; then the run directory, keys and audit log."""
    loaded_job, loaded_policy = resolve_job(
        job_path=options.job_path,
        teacher=options.teacher,
        max_records=options.max_records,
        resume=options.resume,
    )
    job = loaded_job.job
    check_teacher_allowed(job, loaded_policy.policy)
    check_task_supported(job)
    enforce_job_policy(loaded_job, loaded_policy)
    # The PII secret is created only on the first use of an empty home, never for a resumed
    # run; raw source copies an earlier version left in the home are removed.
    secret = load_or_create_pii_secret(resumed_run=options.resume)
    remove_raw_leftovers()
    run_dir, run_id = prepare_run_dir(
        job, loaded_policy, run_dir=options.run_dir, resume=options.resume
    )
    signer = load_or_create_signer()
    audit = open_run_audit(
        run_dir,
        run_id=run_id,
        signer=signer,
        resumed=options.resume is not None,
        policy_hash=loaded_policy.sha256,
    )
    return RunContext(
        job=job,
        loaded_policy=loaded_policy,
        layout=RunLayout(run_dir),
        run_id=run_id,
        audit=audit,
        secret=secret,
        signer=signer,
        progress=options.progress,
        resumed=options.resume is not None,
    )


# --------------------------------------------------------------------------- helpers


def _quiet_libraries() -> None:
    datasets.disable_progress_bars()
    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    # Known, harmless library chatter that would bury the run's own output.
    warnings.filterwarnings("ignore", message="Optimal order is the largest alpha")
    warnings.filterwarnings("ignore", message="Full backward hook is firing")


def _finish_reports(run_dir: Path) -> None:
    from reports.build import build_report
    from reports.index import build_index

    build_report(run_dir)
    build_index(run_dir.parent)
