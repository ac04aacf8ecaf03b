"""Which teacher a job gets: an explicit provider -> factory table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from governance.errors import ConfigError
from governance.policy.jobs import TeacherSettings
from governance.policy.models import TeacherProvider
from governance.runfiles.layout import RunLayout
from pipeline.teacher.base import TaskSpec, Teacher

__all__ = ["TEACHERS", "create_teacher"]


@dataclass(frozen=True)
class _Options:
    max_output_tokens: int
    run_dir: Path | None


def _local(settings: TeacherSettings, task: TaskSpec, _: _Options) -> Teacher:
    from pipeline.teacher.local_embedding import LocalEmbeddingTeacher

    return LocalEmbeddingTeacher(task, model=settings.model)


def _gemini(settings: TeacherSettings, task: TaskSpec, options: _Options) -> Teacher:
    if settings.batch_mode:
        from pipeline.teacher.gemini_batch import GeminiBatchTeacher

        state = RunLayout(options.run_dir).teacher_batches if options.run_dir else None
        return GeminiBatchTeacher(
            settings, task, state_path=state, max_output_tokens=options.max_output_tokens
        )
    from pipeline.teacher.gemini import GeminiTeacher

    return GeminiTeacher(settings, task, max_output_tokens=options.max_output_tokens)


def _transformers(settings: TeacherSettings, task: TaskSpec, options: _Options) -> Teacher:
    from pipeline.teacher.hf_local import HfLocalTeacher

    return HfLocalTeacher(
        task, model_dir=Path(settings.model), max_new_tokens=min(options.max_output_tokens, 512)
    )


#: One factory per provider (imports are deferred: torch and the SDK load only when used).
TEACHERS: dict[TeacherProvider, Callable[[TeacherSettings, TaskSpec, _Options], Teacher]] = {
    TeacherProvider.LOCAL: _local,
    TeacherProvider.GEMINI: _gemini,
    TeacherProvider.TRANSFORMERS: _transformers,
}


def create_teacher(
    settings: TeacherSettings,
    task: TaskSpec,
    *,
    max_output_tokens: int = 1024,
    run_dir: Path | None = None,
) -> Teacher:
    """The teacher a job's ``teacher`` section asks for.

    ``max_output_tokens`` is the policy's ``teacher.max_tokens_per_call``; ``run_dir`` keeps
    Batch API job names (``teacher_batches.json``) so a resumed run collects its jobs.
    """
    factory = TEACHERS.get(settings.provider)
    if factory is None:
        raise ConfigError(f"unknown teacher provider '{settings.provider}'")
    return factory(settings, task, _Options(max_output_tokens=max_output_tokens, run_dir=run_dir))
