"""The gated distillation run, one plain stage after another.

``run_job`` is what ``distillgate run`` calls. Read it top to bottom: each stage is a function
taking what the previous stages produced. Every stage that touches data is governed by the
policy of the source; every decision lands in the signed audit log of the run.
"""

from __future__ import annotations

import logging
import math
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import datasets
from transformers.utils import logging as transformers_logging

from governance.audit.events import EventKind
from governance.audit.keys import Signer, TrustStore, load_or_create_signer
from governance.audit.log import AuditLog
from governance.audit.verify import verify_audit
from governance.errors import DistillgateError, PolicyViolationError
from governance.pii.gateway import PiiGateway
from governance.pii.residual import ResidualPiiScanner
from governance.pii.secret import load_or_create_pii_secret
from governance.policy.jobs import JobSpec, TaskKind
from governance.policy.ledger import PrivacyLedger
from governance.policy.lint import enforce_job_policy
from governance.policy.loader import LoadedPolicy
from governance.policy.models import TeacherProvider
from governance.privacy.report import PrivacyReport
from pipeline.distillation.dataset import split_examples
from pipeline.distillation.stage import governed_teacher_stage, progress_bars
from pipeline.distillation.student_stage import (
    DATASET_SAVERS,
    STUDENT_STAGES,
    StudentStageInputs,
    load_attacked_student,
    replay_result,
)
from pipeline.run_dir import open_run_audit, prepare_run_dir, update_manifest
from pipeline.run_preflight import check_task_supported, check_teacher_allowed, resolve_job
from pipeline.sources.registry import load_records
from pipeline.student.dp_plan import resolve_dp

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


# --------------------------------------------------------------------------- stages


def run_job(options: RunOptions) -> RunOutcome:
    """Run a job end to end: govern, distill, train, evaluate, gate, export, report."""
    datasets.disable_progress_bars()
    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    # Known, harmless library chatter that would bury the run's own output.
    warnings.filterwarnings("ignore", message="Optimal order is the largest alpha")
    warnings.filterwarnings("ignore", message="Full backward hook is firing")
    loaded_job, loaded_policy = resolve_job(
        job_path=options.job_path,
        teacher=options.teacher,
        max_records=options.max_records,
        resume=options.resume,
    )
    job, policy = loaded_job.job, loaded_policy.policy
    check_teacher_allowed(job, policy)
    check_task_supported(job)
    enforce_job_policy(loaded_job, loaded_policy)

    # Stage: run directory, keys and the audit log (before any data is touched).
    run_dir, run_id = prepare_run_dir(
        job, loaded_policy, run_dir=options.run_dir, resume=options.resume
    )
    signer = load_or_create_signer()
    secret = load_or_create_pii_secret()
    audit = open_run_audit(
        run_dir, run_id=run_id, signer=signer, resumed=options.resume is not None
    )
    try:
        outcome = _run_stages(
            job=job,
            loaded_policy=loaded_policy,
            run_dir=run_dir,
            run_id=run_id,
            audit=audit,
            secret=secret,
            signer=signer,
            options=options,
        )
    except DistillgateError as exc:
        update_manifest(
            run_dir, status="failed", error=exc.message, finished_at=datetime.now(UTC).isoformat()
        )
        raise
    finally:
        audit.close()
    _finish_reports(run_dir)
    return outcome


def _run_stages(
    *,
    job: JobSpec,
    loaded_policy: LoadedPolicy,
    run_dir: Path,
    run_id: str,
    audit: AuditLog,
    secret: bytes,
    signer: Signer,
    options: RunOptions,
) -> RunOutcome:
    from governance.gates.gate import run_gate
    from governance.privacy.evaluate import (
        AttackSettings,
        AttackTargets,
        PrivacyClaim,
        evaluate_privacy,
    )

    policy, policy_hash = loaded_policy.policy, loaded_policy.sha256
    audit.append(
        EventKind.RUN_STARTED,
        {"run_id": run_id, "job": job.name, "resumed": options.resume is not None},
        policy_hash=policy_hash,
    )
    audit.append(
        EventKind.POLICY_LOADED,
        {
            "source": policy.source.name,
            "policy_version": policy.policy_version,
            "policy_sha256": policy_hash,
            "path": str(loaded_policy.path),
        },
        policy_hash=policy_hash,
    )
    audit.sync()

    # Stage: load the source.
    records = load_records(
        policy.source, base_dir=loaded_policy.path.parent, limit=job.limits.max_records
    )

    # Stage: DP plan and privacy budget, refused before any teacher call or training step.
    n_train_estimate = len(records) - max(1, round(len(records) * job.training.eval_fraction))
    plan = resolve_dp(policy, job.dp, dataset_size=max(1, n_train_estimate))
    ledger = PrivacyLedger()
    planned_epsilon = plan.target_epsilon if plan.enabled and plan.target_epsilon else math.inf
    budget = policy.privacy.lifetime_epsilon_budget
    audit.append_durable(
        EventKind.BUDGET_CHECK,
        {
            "source": policy.source.name,
            "planned_epsilon": _finite(planned_epsilon),
            "spent_before": ledger.spent(policy.source.name),
            "lifetime_budget": budget,
        },
        policy_hash=policy_hash,
    )
    ledger.check(policy.source.name, epsilon=planned_epsilon, budget=budget if budget else math.inf)

    with progress_bars(options.progress) as progress:
        # Stage: governed teacher calls.
        gateway = PiiGateway.from_policy(policy, secret=secret)
        examples, _usage = governed_teacher_stage(
            job=job,
            policy=policy,
            policy_hash=policy_hash,
            records=records,
            gateway=gateway,
            audit=audit,
            run_dir=run_dir,
            progress=progress,
            secret=secret,
        )
    if len(examples) < 10:
        raise PolicyViolationError(
            f"only {len(examples)} examples survived the policy; too few to train a student",
            hint="see pii_summary.json and the prompt_decision entries of the audit log",
        )
    train, held = split_examples(
        examples, eval_fraction=job.training.eval_fraction, seed=job.training.seed
    )
    DATASET_SAVERS[job.task.kind](run_dir, train, held)

    # Stage: student training (DP-SGD where the plan says so) for the job's task kind;
    # canaries go into the student's training set only (never saved, never reported).
    trained = STUDENT_STAGES[job.task.kind](
        StudentStageInputs(
            job=job,
            train=train,
            held=held,
            secret=secret,
            run_dir=run_dir,
            dp_for=lambda size: resolve_dp(policy, job.dp, dataset_size=size),
            progress=options.progress,
            resume=options.resume is not None,
        )
    )
    result = trained.result
    audit.append(
        EventKind.TRAINING_SUMMARY,
        {
            "task_kind": job.task.kind.value,
            "examples": trained.examples,
            "steps": result.steps,
            "epochs": result.epochs,
            "noise_multiplier": result.noise_multiplier,
            "sample_rate": result.sample_rate,
            "clipping": result.clipping,
            "metrics": {
                "agreement": result.metrics.agreement,
                "accuracy": result.metrics.accuracy,
                "ece": result.metrics.ece,
                "eval_size": result.metrics.eval_size,
            },
        },
        policy_hash=policy_hash,
    )

    # Stage: ε actually spent goes to the ledger and the audit log.
    entry = ledger.record(
        policy.source.name,
        run_id=run_id,
        epsilon=result.epsilon,
        delta=result.delta,
        policy_sha256=policy_hash,
    )
    audit.append_durable(
        EventKind.EPSILON_SPENT,
        {
            "source": policy.source.name,
            "epsilon": _finite(result.epsilon),
            "delta": result.delta,
            "accountant": result.accountant,
            "lifetime_spent": _finite(ledger.spent(policy.source.name)),
            "ledger_entry": entry.index if hasattr(entry, "index") else None,
        },
        policy_hash=policy_hash,
    )

    # Stage: privacy evaluation -> privacy_report.json.
    residual = ResidualPiiScanner(gateway, policy)
    evaluation = evaluate_privacy(
        load_attacked_student(trained),
        AttackTargets(
            members=trained.members, non_members=trained.non_members, canaries=trained.canaries
        ),
        claim=PrivacyClaim(epsilon=result.epsilon, delta=result.delta),
        settings=AttackSettings(seed=job.training.seed),
        scanner=residual,
    )
    report = PrivacyReport(
        run_id=run_id,
        source=policy.source.name,
        policy_sha256=policy_hash,
        dp=result.to_dp_accounting(),
        lifetime_epsilon_spent=ledger.spent(policy.source.name),
        lifetime_epsilon_budget=policy.privacy.lifetime_epsilon_budget,
        membership_inference=evaluation.membership_inference,
        canaries=evaluation.canaries,
        empirical_epsilon=evaluation.empirical_epsilon,
        pii_replay_hits=evaluation.pii_replay_hits,
        pii_replay=replay_result(evaluation.pii_replay),
    )
    report.write(run_dir / "privacy_report.json")

    # Stage: audit checkpoint and verification, then the gate.
    audit.checkpoint()
    verification = verify_audit(run_dir / "audit", trust=TrustStore.load())
    gate = run_gate(
        run_dir,
        policy=policy,
        audit_ok=verification.ok,
        pii_scan=residual.count,
        labels=list(job.task.labels),
        task_kind="generation" if job.task.kind is TaskKind.GENERATION else "classification",
    )
    audit.append_durable(EventKind.GATE_RESULT, gate.to_audit_payload(), policy_hash=policy_hash)
    update_manifest(run_dir, gate_passed=gate.passed)

    # Stage: export, only when the gate passed (and sign-off where required).
    export_dir: Path | None = None
    if gate.passed and not policy.export.require_reviewer_signoff:
        from pipeline.export.bundle import export_run

        audit.checkpoint()
        bundle = export_run(
            run_dir, out=run_dir / "export", policy=policy, signer=signer, audit=audit
        )
        export_dir = bundle.path
    audit.append_durable(
        EventKind.RUN_ENDED,
        {"run_id": run_id, "gate_passed": gate.passed, "exported": export_dir is not None},
        policy_hash=policy_hash,
    )
    update_manifest(run_dir, status="completed", finished_at=datetime.now(UTC).isoformat())
    return RunOutcome(
        run_dir=run_dir,
        run_id=run_id,
        gate_passed=gate.passed,
        report_path=run_dir / "report.html",
        export_dir=export_dir,
        epsilon=result.epsilon,
    )


def _finite(value: float) -> float | str:
    return value if math.isfinite(value) else "inf"


def _finish_reports(run_dir: Path) -> None:
    from reports.build import build_report
    from reports.index import build_index

    build_report(run_dir)
    build_index(run_dir.parent)
