"""Lint policy and job files: every problem of every file, at once.

A file is a job when its ``schema`` is ``distillgate/job/v1`` or, without a schema, when it
has a ``policy:`` key; otherwise it is a policy. Jobs are also checked against the policy
they name (:func:`job_policy_problems`): the policy always wins, so a job may not pick a
teacher the policy forbids, switch DP off where it is required, or ask for a larger ε.
The policy a job names is linted too, even when it is not listed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from governance.errors import PolicyError
from governance.policy.job_loader import JOB_KEYS, LoadedJob, job_from_document
from governance.policy.loader import POLICY_KEYS, LoadedPolicy, policy_from_document
from governance.policy.yamlio import Problem, YamlDocument, display_path, parse_yaml, read_yaml

__all__ = [
    "FileKind",
    "FileLint",
    "LintReport",
    "enforce_job_policy",
    "job_policy_problems",
    "lint_paths",
]

_JOB_SCHEMA = "distillgate/job/v1"
_POLICY_SCHEMA = "distillgate/policy/v1"


class FileKind(StrEnum):
    """What a linted file is."""

    POLICY = "policy"
    JOB = "job"


@dataclass(frozen=True)
class FileLint:
    """Lint result of one file: its kind, its problems, and the policy hash when it loaded."""

    path: Path
    kind: FileKind
    problems: tuple[str, ...]
    policy_sha256: str | None = None

    @property
    def ok(self) -> bool:
        """No problems."""
        return not self.problems


@dataclass(frozen=True)
class LintReport:
    """Lint results of all files, in the order they were linted."""

    files: tuple[FileLint, ...]

    @property
    def ok(self) -> bool:
        """Every file is clean."""
        return all(f.ok for f in self.files)

    @property
    def problems(self) -> tuple[str, ...]:
        """Every problem of every file."""
        return tuple(p for f in self.files for p in f.problems)


def job_policy_problems(job: LoadedJob, policy: LoadedPolicy) -> list[Problem]:
    """Where ``job`` asks for something ``policy`` forbids, located in the job file."""
    doc = parse_yaml(job.raw_text, file=display_path(job.path))
    spec, rules = job.job, policy.policy
    privacy = rules.privacy
    policy_file = display_path(policy.path)
    problems: list[Problem] = []
    if not rules.teacher.allows(spec.teacher.provider, spec.teacher.model):
        allowed = ", ".join(f"{a.provider.value}/{a.model}" for a in rules.teacher.allowed)
        problems.append(
            doc.problem(
                ("teacher", "model"),
                f"teacher {spec.teacher.provider.value}/{spec.teacher.model} is not allowed "
                f"by {policy_file} (allowed: {allowed})",
            )
        )
    dp_on = spec.dp.enabled if spec.dp.enabled is not None else privacy.dp_required
    if not dp_on:
        problems.extend(_dp_off_problems(doc, policy, policy_file))
    else:
        problems.extend(_dp_on_problems(doc, job, policy, policy_file))
    max_records = spec.limits.max_records
    if max_records is not None and max_records > rules.teacher.max_calls_per_run:
        problems.append(
            doc.problem(
                ("limits", "max_records"),
                f"{max_records} records need more teacher calls than the policy's "
                f"max_calls_per_run ({rules.teacher.max_calls_per_run})",
            )
        )
    return problems


def _dp_off_problems(doc: YamlDocument, policy: LoadedPolicy, policy_file: str) -> list[Problem]:
    privacy = policy.policy.privacy
    if privacy.dp_required:
        return [
            doc.problem(
                ("dp", "enabled"),
                f"DP cannot be switched off: {policy_file} sets privacy.dp_required: true",
            )
        ]
    if privacy.lifetime_epsilon_budget is not None:
        return [
            doc.problem(
                ("dp", "enabled"),
                f"a run without DP spends ε=inf, which the lifetime budget of "
                f"{privacy.lifetime_epsilon_budget:g} in {policy_file} can never cover",
            )
        ]
    return []


def _dp_on_problems(
    doc: YamlDocument, job: LoadedJob, policy: LoadedPolicy, policy_file: str
) -> list[Problem]:
    privacy, dp = policy.policy.privacy, job.job.dp
    problems: list[Problem] = []
    target = dp.target_epsilon if dp.target_epsilon is not None else privacy.target_epsilon
    if target is None:
        problems.append(
            doc.problem(
                ("dp", "target_epsilon"),
                f"DP is on but neither the job nor {policy_file} sets target_epsilon",
            )
        )
    elif privacy.target_epsilon is not None and target > privacy.target_epsilon:
        problems.append(
            doc.problem(
                ("dp", "target_epsilon"),
                f"ε={target:g} exceeds the per-run target ε={privacy.target_epsilon:g} "
                f"of {policy_file}",
            )
        )
    budget = privacy.lifetime_epsilon_budget
    if target is not None and budget is not None and target > budget:
        problems.append(
            doc.problem(
                ("dp", "target_epsilon"),
                f"ε={target:g} exceeds the lifetime budget ε={budget:g} of {policy_file}",
            )
        )
    if privacy.delta is None:
        problems.append(
            doc.problem(("dp", "enabled"), f"DP is on but {policy_file} sets no privacy.delta")
        )
    if dp.accountant is not None and dp.accountant is not privacy.accountant:
        problems.append(
            doc.problem(
                ("dp", "accountant"),
                f"accountant {dp.accountant.value!r} differs from {policy_file}'s "
                f"{privacy.accountant.value!r}",
            )
        )
    return problems


def enforce_job_policy(job: LoadedJob, policy: LoadedPolicy) -> None:
    """Raise :class:`PolicyError` listing every :func:`job_policy_problems`, if any."""
    problems = job_policy_problems(job, policy)
    if problems:
        raise PolicyError(
            f"{display_path(job.path)}: the job breaks its policy ({len(problems)} problem(s))",
            problems=[str(p) for p in problems],
            hint="change the job, or ask the policy's owner to change the policy",
        )


def lint_paths(paths: Iterable[Path | str]) -> LintReport:
    """Lint every file in ``paths`` (folders: their YAML files) and every policy the jobs
    among them name."""
    queue = [file for p in paths for file in _expand(Path(p))]
    seen = {p.resolve() for p in queue}
    policies: dict[Path, LoadedPolicy | None] = {}
    results: list[FileLint] = []
    i = 0
    while i < len(queue):
        path = queue[i]
        i += 1
        try:
            doc = read_yaml(path, known_keys=POLICY_KEYS | JOB_KEYS)
        except PolicyError as exc:
            results.append(FileLint(path, _kind_from_name(path), tuple(exc.problems)))
            continue
        if _kind(doc) is FileKind.POLICY:
            results.append(_lint_policy(doc, path, policies))
            continue
        result, policy_path = _lint_job(doc, path, policies)
        results.append(result)
        if policy_path is not None and policy_path not in seen:
            seen.add(policy_path)
            queue.append(Path(display_path(policy_path)))
    return LintReport(tuple(results))


def _lint_policy(doc: YamlDocument, path: Path, cache: dict[Path, LoadedPolicy | None]) -> FileLint:
    try:
        loaded = policy_from_document(doc, path=path)
    except PolicyError as exc:
        cache[path.resolve()] = None
        return FileLint(path, FileKind.POLICY, tuple(exc.problems))
    cache[path.resolve()] = loaded
    return FileLint(path, FileKind.POLICY, (), policy_sha256=loaded.sha256)


def _lint_job(
    doc: YamlDocument, path: Path, cache: dict[Path, LoadedPolicy | None]
) -> tuple[FileLint, Path | None]:
    try:
        job = job_from_document(doc, path=path)
    except PolicyError as exc:
        return FileLint(path, FileKind.JOB, tuple(exc.problems)), None
    policy = _cached_policy(job.policy_path, cache)
    if policy is None:
        problem = doc.problem(
            ("policy",),
            f"policy file {display_path(job.policy_path)} does not load (see its problems)",
        )
        return FileLint(path, FileKind.JOB, (str(problem),)), job.policy_path
    problems = tuple(str(p) for p in job_policy_problems(job, policy))
    return FileLint(path, FileKind.JOB, problems, policy_sha256=policy.sha256), job.policy_path


def _cached_policy(path: Path, cache: dict[Path, LoadedPolicy | None]) -> LoadedPolicy | None:
    if path not in cache:
        try:
            doc = read_yaml(path, known_keys=POLICY_KEYS, kind="policy")
            cache[path] = policy_from_document(doc, path=path)
        except PolicyError:
            cache[path] = None
    return cache[path]


def _expand(path: Path) -> list[Path]:
    """A folder stands for the ``*.yaml`` and ``*.yml`` files directly in it."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in {".yaml", ".yml"})
    return [path]


def _kind(doc: YamlDocument) -> FileKind:
    schema = doc.data.get("schema")
    if schema == _JOB_SCHEMA:
        return FileKind.JOB
    if schema == _POLICY_SCHEMA:
        return FileKind.POLICY
    return FileKind.JOB if isinstance(doc.data.get("policy"), str) else FileKind.POLICY


def _kind_from_name(path: Path) -> FileKind:
    return FileKind.JOB if "jobs" in path.parts else FileKind.POLICY
