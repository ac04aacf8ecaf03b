"""The privacy ledger refuses a run that would exceed its source's lifetime budget."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from governance.errors import PrivacyBudgetError
from governance.policy.ledger import PrivacyLedger
from pipeline.run import RunOptions, run_job

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


def _policy_with_budget(tmp_path: Path, *, lifetime: float) -> Path:
    policy = yaml.safe_load((REPO / "policies" / "support_tickets.yaml").read_text())
    policy["privacy"]["lifetime_epsilon_budget"] = lifetime
    folder = tmp_path / "policies"
    folder.mkdir()
    path = folder / "support_tickets.yaml"
    path.write_text(yaml.safe_dump(policy))
    return path


def _job(tmp_path: Path, policy: Path) -> Path:
    job = yaml.safe_load((REPO / "pipeline" / "default_job.yaml").read_text())
    job.update(
        policy=str(policy),
        limits={"max_records": 60},
        privacy_eval={"canaries": 0},
        runs_dir=str(tmp_path / "runs"),
    )
    job["training"]["epochs"] = 1
    path = tmp_path / "job.yaml"
    path.write_text(yaml.safe_dump(job))
    return path


def test_second_training_that_would_exceed_the_budget_is_refused(tmp_path: Path) -> None:
    job = _job(tmp_path, _policy_with_budget(tmp_path, lifetime=12.0))

    first = run_job(RunOptions(job_path=job, progress=False))
    ledger = PrivacyLedger()
    spent = ledger.spent("support_tickets")
    assert 0 < first.epsilon <= 8.0 and spent == pytest.approx(first.epsilon)

    with pytest.raises(PrivacyBudgetError, match=r"12\.00") as refused:
        run_job(RunOptions(job_path=job, progress=False))
    assert "8.00" in refused.value.message
    # Refused before any teacher call or training step: nothing new was spent or written.
    assert ledger.spent("support_tickets") == spent
    second = sorted((tmp_path / "runs").iterdir())[-1]
    assert second != first.run_dir
    assert not (second / "dataset").exists() and not (second / "student").exists()
    assert not (second / "teacher_usage.json").exists()
