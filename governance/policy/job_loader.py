"""Load a job file (``jobs/*.yaml``) into a :class:`governance.policy.jobs.JobSpec`.

Errors name ``file:line:col: key`` exactly as policy errors do. The policy a job names is
resolved relative to the job file, not to the working directory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from governance.errors import PolicyError
from governance.policy.jobs import JobSpec
from governance.policy.yamlio import YamlDocument, read_yaml, validate_document

__all__ = ["JOB_KEYS", "LoadedJob", "job_from_document", "load_job"]

#: Top-level keys of a job file: a file with none of them is not read as a job.
JOB_KEYS: frozenset[str] = frozenset(
    field.alias or name for name, field in JobSpec.model_fields.items()
)


@dataclass(frozen=True)
class LoadedJob:
    """A validated job, its file, the resolved path of its policy and its text."""

    job: JobSpec
    path: Path
    policy_path: Path
    raw_text: str


def load_job(path: Path | str) -> LoadedJob:
    """Read and validate the job file at ``path``.

    Raises :class:`PolicyError` whose ``problems`` hold every ``file:line:col: key: message``.
    """
    path = Path(path)
    return job_from_document(read_yaml(path, known_keys=JOB_KEYS, kind="job"), path=path)


def job_from_document(doc: YamlDocument, *, path: Path) -> LoadedJob:
    """Validate an already parsed job document (see :func:`load_job`)."""
    result = validate_document(doc, JobSpec)
    if result.value is None:
        raise PolicyError(
            f"{doc.file}: {len(result.problems)} problem(s) in job file",
            problems=[str(p) for p in result.problems],
            hint="fix every listed line; `distillgate policy lint FILE` re-checks the file",
        )
    job = result.value
    policy_path = (path.parent / job.policy).resolve()
    return LoadedJob(job=job, path=path, policy_path=policy_path, raw_text=doc.text)
