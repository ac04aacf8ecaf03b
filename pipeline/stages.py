"""The stages of a gated run (:mod:`pipeline.run` calls them in order).

Each stage takes the :class:`RunContext` and what earlier stages produced (frozen values) and
returns a frozen value. Every stage that touches data is governed by the policy of the
source; every decision lands in the signed audit log of the run as a typed payload
(:mod:`governance.audit.payloads`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from governance.audit.anchor_check import home_anchor_sources
from governance.audit.events import EventKind
from governance.audit.keys import Signer, TrustStore
from governance.audit.log import AuditLog
from governance.audit.payloads import (
    BudgetCheck,
    EpsilonSpent,
    PolicyLoaded,
    RunEnded,
    RunPayload,
    RunStarted,
    StudentMetricsSummary,
    TrainingSummary,
    finite_or_inf,
)
from governance.audit.verify import verify_audit
from governance.errors import PolicyViolationError
from governance.gates.result import GateResult
from governance.pii.gateway import PiiGateway
from governance.pii.model_identity import model_identity
from governance.pii.residual import ResidualPiiScanner
from governance.pii.spacy_loader import resolve_model_name
from governance.policy.jobs import JobSpec, TaskKind
from governance.policy.ledger import PrivacyLedger
from governance.policy.loader import LoadedPolicy
from governance.policy.models import Policy
from governance.privacy.report import PrivacyReport
from governance.probes import ProbeResults, measure_probes
from governance.runfiles.layout import RunLayout
from pipeline.distillation.dataset import split_examples
from pipeline.distillation.governed import DistilledExample
from pipeline.distillation.stage import governed_teacher_stage, progress_bars
from pipeline.distillation.student_stage import (
    DATASET_SAVERS,
    STUDENT_STAGES,
    StudentStageInputs,
    TrainedStudent,
    load_attacked_student,
    replay_result,
)
from pipeline.run_dir import run_origin, update_manifest
from pipeline.sources.base import SourceRecord
from pipeline.student.dp_plan import resolve_dp

__all__ = [
    "MIN_EXAMPLES",
    "BudgetCleared",
    "DatasetSplits",
    "RunContext",
    "TeacherOutput",
    "budget_stage",
    "dataset_stage",
    "end_stage",
    "export_stage",
    "gate_stage",
    "gateway_stage",
    "privacy_stage",
    "probe_stage",
    "spend_stage",
    "start_stage",
    "student_stage",
    "teacher_stage",
]

#: Fewer examples than this after the policy leave too little to train a student on.
MIN_EXAMPLES = 10


@dataclass(frozen=True)
class RunContext:
    """What every stage may read: the job, its policy, the run directory, keys and audit log."""

    job: JobSpec
    loaded_policy: LoadedPolicy
    layout: RunLayout
    run_id: str
    audit: AuditLog
    secret: bytes
    signer: Signer
    progress: bool
    resumed: bool

    @property
    def policy(self) -> Policy:
        return self.loaded_policy.policy

    @property
    def policy_hash(self) -> str:
        return self.loaded_policy.sha256

    def record(self, entry: RunPayload, *, durable: bool = False) -> None:
        """Append ``entry`` to the audit log (made durable at once when ``durable``)."""
        append = self.audit.append_durable if durable else self.audit.append
        append(entry.kind, entry.payload(), policy_hash=self.policy_hash)


@dataclass(frozen=True)
class BudgetCleared:
    """The privacy ledger of the source, after the planned ε was checked against it."""

    ledger: PrivacyLedger


@dataclass(frozen=True)
class TeacherOutput:
    """The examples that survived the policy, and the gateway that governed them."""

    examples: list[DistilledExample]
    gateway: PiiGateway


@dataclass(frozen=True)
class DatasetSplits:
    train: list[DistilledExample]
    held: list[DistilledExample]


def start_stage(ctx: RunContext) -> None:
    """The run and the exact policy it runs under open the log."""
    ctx.record(RunStarted(run_id=ctx.run_id, job=ctx.job.name, resumed=ctx.resumed))
    ner = model_identity(resolve_model_name(None, language=ctx.policy.prompt.language))
    ctx.record(
        PolicyLoaded(
            source=ctx.policy.source.name,
            policy_version=ctx.policy.policy_version,
            policy_sha256=ctx.policy_hash,
            path=str(ctx.loaded_policy.path),
            ner_model=ner.name,
            ner_model_version=ner.version,
            ner_model_sha256=ner.sha256,
        )
    )
    ctx.audit.sync()


def budget_stage(ctx: RunContext, records: list[SourceRecord]) -> BudgetCleared:
    """The DP plan against the source's lifetime budget, before any teacher call or training."""
    job, policy = ctx.job, ctx.policy
    n_train_estimate = len(records) - max(1, round(len(records) * job.training.eval_fraction))
    plan = resolve_dp(policy, job.dp, dataset_size=max(1, n_train_estimate))
    ledger = PrivacyLedger()
    planned = plan.target_epsilon if plan.enabled and plan.target_epsilon else math.inf
    budget = policy.privacy.lifetime_epsilon_budget
    ctx.record(
        BudgetCheck(
            source=policy.source.name,
            planned_epsilon=finite_or_inf(planned),
            spent_before=ledger.spent(policy.source.name),
            lifetime_budget=budget,
        ),
        durable=True,
    )
    ledger.check(policy.source.name, epsilon=planned, budget=budget if budget else math.inf)
    return BudgetCleared(ledger=ledger)


def gateway_stage(ctx: RunContext) -> PiiGateway:
    """The run's PII gateway: the probes measure it, then it governs every teacher call."""
    return PiiGateway.from_policy(ctx.policy, secret=ctx.secret)


def probe_stage(ctx: RunContext, records: list[SourceRecord], gateway: PiiGateway) -> ProbeResults:
    """Recall probes in the source's own records, scanned by the run's gateway.

    Probe texts go nowhere (no teacher, no dataset, no file): ``probes.json`` and the audit
    entry hold synthetic values, offsets, outcomes, keyed digests and figures. With
    ``prompt.probe_before_teacher`` a recall bound under ``min_recall`` stops the run here.
    """
    results = measure_probes(
        gateway,
        [r.text for r in records],
        [r.record_id for r in records],
        secret=ctx.secret,
        policy_sha256=ctx.policy_hash,
    )
    results.write(ctx.layout.probes)
    failures = results.failures()
    ctx.record(results.audit_entry(), durable=True)
    if failures and ctx.policy.prompt.probe_before_teacher:
        raise PolicyViolationError(
            "probe recall under the policy's min_recall, stopped before any teacher call: "
            + "; ".join(t.describe() for t in failures),
            hint=f"see {ctx.layout.relative(ctx.layout.probes)}; strengthen the gateway "
            "(recognizers, context, countries) or review prompt.min_recall",
        )
    return results


def teacher_stage(
    ctx: RunContext, records: list[SourceRecord], gateway: PiiGateway
) -> TeacherOutput:
    """Every record through the PII gateway and the policy; allowed prompts to the teacher."""
    with progress_bars(ctx.progress) as progress:
        examples, _usage = governed_teacher_stage(
            job=ctx.job,
            policy=ctx.policy,
            policy_hash=ctx.policy_hash,
            records=records,
            gateway=gateway,
            audit=ctx.audit,
            run_dir=ctx.layout.root,
            progress=progress,
            secret=ctx.secret,
        )
    if len(examples) < MIN_EXAMPLES:
        raise PolicyViolationError(
            f"only {len(examples)} examples survived the policy; too few to train a student",
            hint="see pii_summary.json and the prompt_decision entries of the audit log",
        )
    return TeacherOutput(examples=examples, gateway=gateway)


def dataset_stage(ctx: RunContext, teacher: TeacherOutput) -> DatasetSplits:
    """Split the distilled examples and save the (anonymized) dataset."""
    train, held = split_examples(
        teacher.examples, eval_fraction=ctx.job.training.eval_fraction, seed=ctx.job.training.seed
    )
    DATASET_SAVERS[ctx.job.task.kind](ctx.layout.root, train, held)
    return DatasetSplits(train=train, held=held)


def student_stage(ctx: RunContext, splits: DatasetSplits) -> TrainedStudent:
    """Train the student for the job's task kind (DP-SGD where the plan says so).

    Canaries go into the student's training set only (never saved, never reported).
    """
    job, policy = ctx.job, ctx.policy
    trained = STUDENT_STAGES[job.task.kind](
        StudentStageInputs(
            job=job,
            train=splits.train,
            held=splits.held,
            secret=ctx.secret,
            run_dir=ctx.layout.root,
            dp_for=lambda size: resolve_dp(policy, job.dp, dataset_size=size),
            progress=ctx.progress,
            resume=ctx.resumed,
        )
    )
    result = trained.result
    ctx.record(
        TrainingSummary(
            task_kind=job.task.kind.value,
            examples=trained.examples,
            steps=result.steps,
            epochs=result.epochs,
            noise_multiplier=result.noise_multiplier,
            sample_rate=result.sample_rate,
            clipping=result.clipping,
            metrics=StudentMetricsSummary(
                agreement=result.metrics.agreement,
                accuracy=result.metrics.accuracy,
                ece=result.metrics.ece,
                eval_size=result.metrics.eval_size,
            ),
        )
    )
    return trained


def spend_stage(ctx: RunContext, trained: TrainedStudent, budget: BudgetCleared) -> None:
    """ε actually spent goes to the source's ledger and to the audit log."""
    source, result = ctx.policy.source.name, trained.result
    entry = budget.ledger.record(
        source,
        run_id=ctx.run_id,
        epsilon=result.epsilon,
        delta=result.delta,
        policy_sha256=ctx.policy_hash,
    )
    ctx.record(
        EpsilonSpent(
            source=source,
            epsilon=finite_or_inf(result.epsilon),
            delta=result.delta,
            accountant=result.accountant,
            lifetime_spent=finite_or_inf(budget.ledger.spent(source)),
            ledger_entry=entry.index,
        ),
        durable=True,
    )


def privacy_stage(
    ctx: RunContext, trained: TrainedStudent, teacher: TeacherOutput, budget: BudgetCleared
) -> PrivacyReport:
    """Attack the student (membership inference, canaries, PII replay): privacy_report.json."""
    from governance.privacy.evaluate import (
        AttackSettings,
        AttackTargets,
        PrivacyClaim,
        evaluate_privacy,
    )

    result = trained.result
    evaluation = evaluate_privacy(
        load_attacked_student(trained),
        AttackTargets(
            members=trained.members, non_members=trained.non_members, canaries=trained.canaries
        ),
        claim=PrivacyClaim(epsilon=result.epsilon, delta=result.delta),
        settings=AttackSettings(seed=ctx.job.training.seed),
        scanner=ResidualPiiScanner(teacher.gateway),
    )
    report = PrivacyReport(
        run_id=ctx.run_id,
        source=ctx.policy.source.name,
        policy_sha256=ctx.policy_hash,
        dp=result.to_dp_accounting(),
        lifetime_epsilon_spent=budget.ledger.spent(ctx.policy.source.name),
        lifetime_epsilon_budget=ctx.policy.privacy.lifetime_epsilon_budget,
        membership_inference=evaluation.membership_inference,
        canaries=evaluation.canaries,
        empirical_epsilon=evaluation.empirical_epsilon,
        pii_replay_hits=evaluation.pii_replay_hits,
        pii_replay=replay_result(evaluation.pii_replay),
    )
    report.write(ctx.layout.privacy_report)
    return report


def gate_stage(ctx: RunContext, teacher: TeacherOutput) -> GateResult:
    """Checkpoint and verify the audit log, then run the GX suites: the go/no-go."""
    from governance.gates.gate import run_gate

    ctx.audit.checkpoint()
    verification = verify_audit(
        ctx.layout.audit_dir,
        trust=TrustStore.load(),
        anchors=home_anchor_sources(),
        origin=run_origin(ctx.run_id),
    )
    gate = run_gate(
        ctx.layout.root,
        policy=ctx.policy,
        audit_ok=verification.ok,
        pii_scan=ResidualPiiScanner(teacher.gateway).count,
        labels=list(ctx.job.task.labels),
        task_kind="generation" if ctx.job.task.kind is TaskKind.GENERATION else "classification",
    )
    ctx.audit.append_durable(
        EventKind.GATE_RESULT, gate.to_audit_payload(), policy_hash=ctx.policy_hash
    )
    update_manifest(ctx.layout.root, gate_passed=gate.passed)
    return gate


def export_stage(ctx: RunContext, gate: GateResult) -> Path | None:
    """The signed bundle, only when the gate passed and no reviewer sign-off is required.

    A required sign-off comes later: ``distillgate review approve``, then ``distillgate export``.
    """
    if not gate.passed or ctx.policy.export.required_reviewers > 0:
        return None
    from pipeline.export.bundle import export_run

    ctx.audit.checkpoint()
    bundle = export_run(
        ctx.layout.root,
        out=ctx.layout.export_dir,
        policy=ctx.policy,
        signer=ctx.signer,
        audit=ctx.audit,
    )
    return bundle.path


def end_stage(ctx: RunContext, gate: GateResult, export_dir: Path | None) -> None:
    """The run's last entry, and its manifest marked completed."""
    ctx.record(
        RunEnded(run_id=ctx.run_id, gate_passed=gate.passed, exported=export_dir is not None),
        durable=True,
    )
    update_manifest(ctx.layout.root, status="completed", finished_at=datetime.now(UTC).isoformat())
