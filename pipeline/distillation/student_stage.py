"""The student stage of a run, per task kind: training sets, training, and the student the
privacy evaluation attacks.

Classification trains the mean-pooling classifier on teacher labels; generation trains the
causal LM student on teacher answers. Both plant canaries into the training set only
(never saved, never reported) and hand the privacy evaluation its members, non-members and
canary plan. The run (``pipeline/run.py``) picks the stage from :data:`STUDENT_STAGES`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from governance.policy.jobs import JobSpec, TaskKind
from governance.privacy.canaries import CanaryPlan
from governance.privacy.protocols import GenerationModel, LabeledText, ScoresModel
from governance.privacy.replay import PiiReplay
from governance.privacy.report import PiiReplayResult
from governance.runfiles.layout import RunLayout
from pipeline.distillation.dataset import (
    generation_sets,
    save_distilled_dataset,
    save_generation_dataset,
    training_sets,
)
from pipeline.distillation.governed import DistilledExample
from pipeline.student.dp_plan import DpPlan
from pipeline.student.plan import StudentPlan
from pipeline.student.result import TrainingResult

__all__ = [
    "DATASET_SAVERS",
    "STUDENT_STAGES",
    "StudentStageInputs",
    "TrainedStudent",
    "load_attacked_student",
    "replay_result",
]


@dataclass(frozen=True)
class StudentStageInputs:
    """What a student stage needs from the run."""

    job: JobSpec
    train: list[DistilledExample]
    held: list[DistilledExample]
    secret: bytes
    run_dir: Path
    dp_for: Callable[[int], DpPlan]
    progress: bool
    resume: bool


@dataclass(frozen=True)
class TrainedStudent:
    """A trained student and what its privacy evaluation needs (canaries in memory only)."""

    task_kind: TaskKind
    result: TrainingResult
    examples: int
    canaries: CanaryPlan | None
    members: list[LabeledText]
    non_members: list[LabeledText]


def _plan(inputs: StudentStageInputs, train_size: int) -> StudentPlan:
    """The student's plan: the job's settings, DP resolved for ``train_size`` records."""
    return StudentPlan(
        settings=inputs.job.student,
        training=inputs.job.training,
        dp=inputs.dp_for(train_size),
        out_dir=RunLayout(inputs.run_dir).student_dir,
        progress=inputs.progress,
        resume=inputs.resume,
    )


def _classifier(inputs: StudentStageInputs) -> TrainedStudent:
    from pipeline.student.classifier.train import train_student

    job = inputs.job
    labels = list(job.task.labels)
    sets = training_sets(
        inputs.train,
        inputs.held,
        labels=labels,
        canaries=job.privacy_eval.canaries,
        repetitions=job.privacy_eval.canary_repetitions,
        secret=inputs.secret,
        seed=job.training.seed,
    )
    result = train_student(
        sets.train,
        sets.eval,
        labels=labels,
        plan=_plan(inputs, len(sets.train)),
        ground_truth=sets.ground_truth,
    )
    return TrainedStudent(
        task_kind=TaskKind.CLASSIFICATION,
        result=result,
        examples=len(sets.train),
        canaries=sets.canaries,
        members=[LabeledText(text=e.text, label=e.label) for e in inputs.train],
        non_members=[LabeledText(text=e.text, label=e.label) for e in inputs.held],
    )


def _generator(inputs: StudentStageInputs) -> TrainedStudent:
    from pipeline.student.generation.train import train_generator

    job = inputs.job
    sets = generation_sets(
        inputs.train,
        inputs.held,
        canaries=job.privacy_eval.canaries,
        repetitions=job.privacy_eval.canary_repetitions,
        secret=inputs.secret,
        seed=job.training.seed,
    )
    result = train_generator(sets.train, sets.eval, plan=_plan(inputs, len(sets.train)))
    # Membership is scored on the teacher answers, the text the student learned to write.
    return TrainedStudent(
        task_kind=TaskKind.GENERATION,
        result=result,
        examples=len(sets.train),
        canaries=sets.canaries,
        members=[LabeledText(text=e.target_text or "", label="") for e in inputs.train],
        non_members=[LabeledText(text=e.target, label="") for e in sets.eval],
    )


#: How each task kind trains its student.
STUDENT_STAGES: dict[TaskKind, Callable[[StudentStageInputs], TrainedStudent]] = {
    TaskKind.CLASSIFICATION: _classifier,
    TaskKind.GENERATION: _generator,
}

#: How each task kind saves its distilled dataset (``<run>/dataset``).
DATASET_SAVERS: dict[
    TaskKind, Callable[[Path, list[DistilledExample], list[DistilledExample]], None]
] = {
    TaskKind.CLASSIFICATION: save_distilled_dataset,
    TaskKind.GENERATION: save_generation_dataset,
}


def load_attacked_student(trained: TrainedStudent) -> ScoresModel | GenerationModel:
    """The saved student as the privacy evaluation sees it."""
    folder = trained.result.model_dir
    if trained.task_kind is TaskKind.GENERATION:
        from pipeline.student.generation import GenerationStudent

        return GenerationStudent.load(folder)
    from pipeline.student.classifier.model import StudentModel

    return StudentModel.load(folder)


def replay_result(replay: PiiReplay | None) -> PiiReplayResult | None:
    """The privacy report's form of a PII replay (counts, entity types and digests only)."""
    if replay is None:
        return None
    return PiiReplayResult(
        outputs=replay.outputs,
        outputs_with_hits=replay.outputs_with_hits,
        pii_findings=replay.pii_findings,
        entity_counts=dict(replay.entity_counts),
        canaries_found=len(replay.canary_digests_found),
        canary_digests_found=list(replay.canary_digests_found),
    )
