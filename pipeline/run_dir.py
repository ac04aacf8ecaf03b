"""The run directory of a gated run: set it up (or pick it up to resume) and keep its manifest.

A new run gets a fresh directory holding a copy of its job (``job.yaml``, pointing at the copied
``policy.yaml``), its policy and its manifest (``run.json``), and a new audit log. A resumed run
reads its id from the manifest it left behind and reopens its audit log.
"""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime
from pathlib import Path

from governance.audit.keys import Signer
from governance.audit.log import AuditLog
from governance.errors import ConfigError
from governance.policy.jobs import JobSpec
from governance.policy.loader import LoadedPolicy
from governance.runfiles.artifacts import RunManifest, read_artifact, write_artifact
from governance.runfiles.layout import RunLayout

__all__ = ["open_run_audit", "prepare_run_dir", "run_origin", "update_manifest"]


def prepare_run_dir(
    job: JobSpec, loaded_policy: LoadedPolicy, *, run_dir: Path | None, resume: Path | None
) -> tuple[Path, str]:
    """The directory and id of the run, set up before any data is touched.

    With ``resume`` the run continues in that directory under the id its manifest holds.
    Otherwise a new directory is made (``run_dir`` when given, else under ``job.runs_dir``)
    and the job, the policy and a fresh manifest are written into it.
    Raises :class:`ConfigError` when an explicit ``run_dir`` exists and is not empty.
    """
    if resume is not None:
        return resume, read_artifact(RunManifest, RunLayout(resume).manifest).run_id
    policy = loaded_policy.policy
    new_dir, run_id = _new_run_dir(job, run_dir=run_dir)
    layout = RunLayout(new_dir)
    layout.job.write_text(_dump_job(job, policy_path=layout.policy), encoding="utf-8")
    layout.policy.write_text(loaded_policy.raw_text, encoding="utf-8")
    write_artifact(
        RunManifest(
            run_id=run_id,
            job_name=job.name,
            source=policy.source.name,
            policy_path=str(loaded_policy.path),
            policy_sha256=loaded_policy.sha256,
            policy_version=policy.policy_version,
            teacher_provider=job.teacher.provider.value,
            teacher_model=job.teacher.model,
            started_at=datetime.now(UTC).isoformat(),
        ),
        layout.manifest,
    )
    return new_dir, run_id


def run_origin(run_id: str) -> str:
    """The origin (log name) of a run's audit log: ``distillgate/<run id>``."""
    return f"distillgate/{run_id}"


def open_run_audit(
    run_dir: Path, *, run_id: str, signer: Signer, resumed: bool, policy_hash: str
) -> AuditLog:
    """The audit log of the run: reopened when ``resumed``, otherwise created.

    Reopening cuts the log back to what its signed checkpoints cover: entries written after
    the last one are quarantined (and that recorded under ``policy_hash``), and the work
    they covered is done again by the resumed run. A log behind its anchors is refused.
    """
    origin = run_origin(run_id)
    if resumed:
        return AuditLog.open(
            RunLayout(run_dir).audit_dir, signer=signer, origin=origin, policy_hash=policy_hash
        )
    return AuditLog.create(RunLayout(run_dir).audit_dir, signer=signer, origin=origin)


def update_manifest(run_dir: Path, **changes: object) -> RunManifest:
    """Apply ``changes`` to the manifest (``run.json``) of ``run_dir``, write and return it."""
    path = RunLayout(run_dir).manifest
    manifest = read_artifact(RunManifest, path)
    manifest = manifest.model_copy(update=changes)
    write_artifact(manifest, path)
    return manifest


def _new_run_dir(job: JobSpec, *, run_dir: Path | None) -> tuple[Path, str]:
    """Make a new, empty run directory and a new run id (UTC time stamp, job name, random hex)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    run_id = f"{stamp}-{job.name}-{secrets.token_hex(3)}"
    if run_dir is not None:
        if run_dir.exists() and any(run_dir.iterdir()):
            raise ConfigError(
                f"run directory {run_dir} exists and is not empty",
                hint="pick a new --run-dir, or use --resume RUN_DIR to continue that run",
            )
    else:
        runs_dir = Path(job.runs_dir)
        if not runs_dir.is_absolute():
            runs_dir = Path.cwd() / runs_dir
        run_dir = runs_dir / run_id
    run_dir.mkdir(parents=True, exist_ok=True)
    return run_dir, run_id


def _dump_job(job: JobSpec, *, policy_path: Path) -> str:
    """The job as YAML, naming the policy copied next to it (``policy_path``) by file name."""
    import yaml

    data = json.loads(
        job.model_copy(update={"policy": policy_path.name}).model_dump_json(by_alias=True)
    )
    return yaml.safe_dump(data, sort_keys=False)
