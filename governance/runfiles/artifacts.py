"""Small JSON artifacts of a run directory, shared by the pipeline, the gate and the reports."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "EntityCounts",
    "PiiSummary",
    "RunManifest",
    "TeacherUsage",
    "read_artifact",
    "write_artifact",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", ser_json_inf_nan="strings")


class EntityCounts(_Model):
    entity_type: str
    in_prompts: int = 0
    in_responses: int = 0
    action: str = Field(description="Policy action applied to this type in prompts.")


class PiiSummary(_Model):
    records_scanned: int = 0
    records_blocked: int = 0
    responses_redacted: int = 0
    responses_dropped: int = 0
    entities: list[EntityCounts] = Field(default_factory=list)
    redacted_examples: list[str] = Field(
        default_factory=list, description="A few prompts, in anonymized form only."
    )


class TeacherUsage(_Model):
    provider: str
    model: str
    calls: int = 0
    cached: int = 0
    retries: int = 0
    failed: int = 0
    blocked_prompts: int = 0
    rejected_responses: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    estimated_cost_usd: float = 0.0


class RunManifest(_Model):
    run_id: str
    job_name: str
    source: str
    policy_path: str
    policy_sha256: str
    policy_version: str
    teacher_provider: str
    teacher_model: str
    started_at: str
    finished_at: str | None = None
    status: str = Field(default="running", description="running, completed, failed")
    gate_passed: bool | None = None
    error: str | None = None


M = TypeVar("M", bound=BaseModel)


def write_artifact(model: BaseModel, path: Path) -> None:
    """Write ``model`` as indented JSON atomically (write to a temp file, then rename)."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(model.model_dump_json(indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)


def read_artifact(cls: type[M], path: Path) -> M:
    return cls.model_validate_json(path.read_text(encoding="utf-8"))
