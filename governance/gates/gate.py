"""``run_gate``: run every registered suite with GX and write ``<run>/gate.json``."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import yaml

from governance.errors import GateError
from governance.gates.gx_runner import GX_VERSION, GxSuiteRun, run_suites, to_json_safe
from governance.gates.registry import SUITES_BY_TASK, create_suite
from governance.gates.result import ExpectationOutcome, GateResult, SuiteResult
from governance.gates.spec import ExpectationSpec, GateInputs, GateTaskKind, PiiScan
from governance.jsontypes import JsonValue
from governance.policy.models import Policy
from governance.runfiles.layout import RunLayout

if TYPE_CHECKING:
    from governance.policy.jobs import JobSpec

__all__ = [
    "gateway_pii_scan",
    "read_run_labels",
    "read_run_task_kind",
    "run_gate",
]

logger = logging.getLogger(__name__)

_SAMPLE = 5
_GATEWAYS: dict[str, Any] = {}


def _read_job(path: Path) -> JobSpec:
    from governance.policy.jobs import JobSpec

    try:
        return JobSpec.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValueError) as exc:
        raise GateError(f"{path} is not a valid job file: {exc}") from exc


def read_run_labels(run_dir: Path) -> tuple[str, ...]:
    """The task labels of the run's resolved ``job.yaml``."""
    path = RunLayout(run_dir).job
    try:
        job = _read_job(path)
    except FileNotFoundError as exc:
        raise GateError(f"{path} does not exist; pass the labels explicitly") from exc
    return tuple(job.task.labels)


def read_run_task_kind(run_dir: Path) -> GateTaskKind:
    """The task kind of the run's resolved ``job.yaml`` (classification when there is none)."""
    path = RunLayout(run_dir).job
    if not path.is_file():
        return "classification"
    return "generation" if str(_read_job(path).task.kind) == "generation" else "classification"


def gateway_pii_scan(policy: Policy) -> PiiScan:
    """Count residual PII with the policy's PII gateway, exactly as the run does.

    Residual PII is :func:`governance.pii.residual.residual_findings`: types the policy
    allows are not counted, inside a run or when a finished run is gated again.

    The gateway (spaCy + Presidio, seconds to build) is built once per set of rules per
    process.
    """
    # The gateway depends on the prompt and response rules only.
    key = policy.prompt.model_dump_json() + policy.response.model_dump_json()
    gateway = _GATEWAYS.get(key)
    if gateway is None:
        from governance.pii.gateway import PiiGateway  # spaCy and Presidio: load on use

        # scan() never produces digests, so a throwaway secret keeps the real one untouched.
        gateway = PiiGateway.from_policy(policy, secret=os.urandom(32))
        _GATEWAYS[key] = gateway
    from governance.pii.residual import ResidualPiiScanner

    return ResidualPiiScanner(gateway).count


def run_gate(
    run_dir: Path,
    *,
    policy: Policy,
    audit_ok: bool,
    pii_scan: PiiScan | None = None,
    labels: Sequence[str] | None = None,
    metrics: Mapping[str, float] | None = None,
    suites: Sequence[str] | None = None,
    task_kind: GateTaskKind | None = None,
) -> GateResult:
    """Validate the run's evidence against ``policy`` and write ``gate.json``.

    ``audit_ok`` is the result of verifying the run's audit log. ``pii_scan`` counts PII in
    one text (default: the policy's gateway). ``labels`` default to the job's task labels and
    ``metrics`` to the student's ``training.json``. Every registered suite runs unless
    ``suites`` names some; GX results and Data Docs go to ``<run>/validation/``.
    ``task_kind`` (default: the job's) picks the suites: a generation run's dataset suite
    checks prompts and targets instead of labels.
    """
    kind = task_kind if task_kind is not None else read_run_task_kind(run_dir)
    inputs = GateInputs(
        run_dir=run_dir,
        policy=policy,
        audit_ok=audit_ok,
        labels=tuple(labels) if labels is not None else read_run_labels(run_dir),
        pii_scan=pii_scan if pii_scan is not None else gateway_pii_scan(policy),
        metrics=metrics,
        task_kind=kind,
    )
    names = suites if suites is not None else SUITES_BY_TASK[kind]
    chosen = [create_suite(name, task_kind=kind) for name in names]
    prepared = [(s.name, s.frame(inputs), list(s.expectations(inputs))) for s in chosen]
    gx_run = run_suites(
        prepared, validation_dir=RunLayout(run_dir).validation_dir, index_column="example_id"
    )
    suite_results = tuple(
        _suite_result(run, frame, specs)
        for run, (_, frame, specs) in zip(gx_run.suites, prepared, strict=True)
    )
    gate = GateResult(
        run_dir_name=run_dir.resolve().name,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        gx_version=GX_VERSION,
        passed=all(s.passed for s in suite_results) and bool(suite_results),
        suites=suite_results,
    )
    gate.write(RunLayout(run_dir).gate)
    logger.info("gate for %s: passed=%s", run_dir.name, gate.passed)
    return gate


def _suite_result(
    run: GxSuiteRun, frame: pd.DataFrame, specs: Sequence[ExpectationSpec]
) -> SuiteResult:
    outcomes = []
    for spec in specs:
        raw = run.results.get(spec.name)
        if raw is None:
            raise GateError(f"GX returned no result for {run.name}.{spec.name}")
        success = bool(raw.get("success"))
        observed = _observed(raw, frame, spec)
        verdict = "met" if success else "NOT met"
        outcomes.append(
            ExpectationOutcome(
                name=spec.name,
                expectation_type=str(raw["expectation_config"]["type"]),
                observed=observed,
                threshold=spec.threshold,
                success=success,
                reason=f"{spec.meaning}: {verdict}",
            )
        )
    return SuiteResult.judge(run.name, tuple(outcomes))


def _observed(raw: dict[str, Any], frame: pd.DataFrame, spec: ExpectationSpec) -> JsonValue:
    if spec.observed_column is not None and len(frame) == 1:
        return to_json_safe(frame[spec.observed_column].iloc[0])
    result = raw.get("result") or {}
    if "observed_value" in result:
        return to_json_safe(result["observed_value"])
    if "unexpected_count" in result:
        index_list = result.get("unexpected_index_list") or []
        ids = [
            item.get("example_id") if isinstance(item, dict) else item
            for item in index_list[:_SAMPLE]
        ]
        return to_json_safe(
            {
                "unexpected_count": result["unexpected_count"],
                "unexpected_percent": result.get("unexpected_percent"),
                "example_ids": ids,
            }
        )
    exception = (raw.get("exception_info") or {}).get("exception_message")
    return f"not computed: {exception}" if exception else None
