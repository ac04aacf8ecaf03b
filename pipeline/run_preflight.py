"""Which job a run executes, under which policy, and the checks that refuse it up front.

The job comes from the job file with the engineer's command-line overrides applied, or, on
resume, from the copies kept in the run directory. The checks run before any run directory,
record or teacher call exists.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from governance.errors import ConfigError, PolicyViolationError
from governance.policy.job_loader import LoadedJob, load_job
from governance.policy.jobs import JobSpec, TaskKind, TeacherSettings
from governance.policy.loader import LoadedPolicy, load_policy
from governance.policy.models import Policy, TeacherProvider
from governance.runfiles.layout import RunLayout

__all__ = ["check_task_supported", "check_teacher_allowed", "default_job_path", "resolve_job"]

_DEFAULT_JOB = Path(__file__).resolve().parent / "default_job.yaml"

_GEMINI_DEFAULT_MODEL = "gemini-2.5-flash"
#: Teachers that can answer generation tasks (the local embedding teacher only classifies).
_GENERATION_TEACHERS = frozenset({TeacherProvider.GEMINI, TeacherProvider.TRANSFORMERS})


def default_job_path() -> Path:
    """The embedded default job (``pipeline/default_job.yaml``): the support tickets demo."""
    return _DEFAULT_JOB


def resolve_job(
    *,
    job_path: Path | None,
    teacher: TeacherProvider | None,
    max_records: int | None,
    resume: Path | None,
) -> tuple[LoadedJob, LoadedPolicy]:
    """The job and policy of the run.

    With ``resume``, the ``job.yaml`` and ``policy.yaml`` kept in that run directory, as they
    are. Otherwise the job at ``job_path`` (the embedded default job when ``None``) with a
    ``teacher`` other than the job's (that provider's default model) and ``max_records``
    applied, and the policy it names.
    """
    if resume is not None:
        layout = RunLayout(resume)
        loaded = load_job(layout.job)
        return loaded, load_policy(layout.policy, check_file_stem=False)
    loaded = load_job(job_path or default_job_path())
    job = loaded.job
    if teacher is not None and teacher is not job.teacher.provider:
        model = _GEMINI_DEFAULT_MODEL if teacher is TeacherProvider.GEMINI else "*"
        if teacher is TeacherProvider.LOCAL:
            model = TeacherSettings().model
        job = job.model_copy(
            update={"teacher": job.teacher.model_copy(update={"provider": teacher, "model": model})}
        )
    if max_records is not None:
        job = job.model_copy(
            update={"limits": job.limits.model_copy(update={"max_records": max_records})}
        )
    loaded = replace(loaded, job=job)
    return loaded, load_policy(loaded.policy_path)


def check_teacher_allowed(job: JobSpec, policy: Policy) -> None:
    """Raise :class:`PolicyViolationError` unless ``policy`` allows the job's teacher and model."""
    if policy.teacher.allows(job.teacher.provider, job.teacher.model):
        return
    permitted = ", ".join(f"{a.provider.value}:{a.model}" for a in policy.teacher.allowed)
    raise PolicyViolationError(
        f"the policy of source {policy.source.name!r} does not allow teacher "
        f"{job.teacher.provider.value}:{job.teacher.model}",
        hint=f"allowed teachers: {permitted}",
    )


def check_task_supported(job: JobSpec) -> None:
    """Refuse, before any run directory, record or call, a task the teacher cannot do."""
    if job.task.kind is TaskKind.GENERATION and job.teacher.provider not in _GENERATION_TEACHERS:
        raise ConfigError(
            f"job {job.name!r} is a generation task, but the {job.teacher.provider.value!r} "
            "teacher (the local embedding zero-shot classifier) only classifies",
            hint="set teacher.provider to 'gemini' or 'transformers' (a local causal LM "
            "folder) for task.kind: generation",
        )
