"""The one-run audit catches the *production* trainer when it is deliberately under-noised.

``train_student(..., unsafe_noise_scale=0.0)`` runs real DP-SGD (Opacus: Poisson sampling,
ghost clipping, an RDP accountant) on the default mean-pooled MiniLM student, chooses σ for
ε = 1 and reports that ε, but adds no noise at all. The run is then evaluated the way
``pipeline.run`` does it (the saved student folder, ``evaluate_privacy``, a privacy report)
and the privacy suite of the gate judges the report. The same setup with the honest noise
(scale 1.0) is the control: nothing may be flagged there.

The student keeps one MiniLM layer and trains it (``train_encoder_layers=1``): a linear
probe on frozen features memorises too few canary labels in a few epochs to refute ε = 1
with confidence (measured: bound 0.90 at 20 epochs, 1.49 at 40 epochs of batch 32).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from governance.gates import GateResult, run_gate
from governance.policy.jobs import DpSettings, StudentSettings, TrainingSettings
from governance.policy.models import Accountant, Policy
from governance.privacy.canaries import CanaryPlan
from governance.privacy.evaluate import (
    AttackSettings,
    AttackTargets,
    PrivacyClaim,
    PrivacyEvaluation,
    evaluate_privacy,
)
from governance.privacy.protocols import LabeledText
from governance.privacy.report import PrivacyReport
from pipeline.distillation.dataset import training_sets
from pipeline.distillation.governed import DistilledExample
from pipeline.student.classifier.model import StudentModel
from pipeline.student.classifier.train import train_student
from pipeline.student.dp_plan import DpPlan, resolve_dp
from pipeline.student.fit import THREADS_ENV
from pipeline.student.plan import StudentPlan
from pipeline.student.result import TrainingResult
from tests.support.policies import minimal_policy

pytestmark = pytest.mark.slow

LABELS = ["billing", "shipping", "account", "technical"]
WORDS = {
    "billing": ("invoice", "charge", "refund", "payment", "bill"),
    "shipping": ("parcel", "delivery", "courier", "tracking", "shipment"),
    "account": ("password", "login", "profile", "username", "email"),
    "technical": ("error", "crash", "bug", "update", "install"),
}
TARGET_EPSILON = 1.0
DELTA = 1e-5
CANARIES = 300
EMPIRICAL = "empirical_epsilon_not_above_reported"

STUDENT = StudentSettings(init="minilm", num_layers=1, max_length=32, train_encoder_layers=1)
TRAINING = TrainingSettings(
    epochs=12, batch_size=32, physical_batch_size=32, learning_rate=2e-3, seed=7
)


def _policy() -> Policy:
    """DP required at ε = 1 per run, δ = 1e-5; the gate's default attack limits."""
    return minimal_policy(
        target_epsilon=TARGET_EPSILON,
        lifetime_epsilon_budget=10.0,
        export={"max_epsilon": TARGET_EPSILON},
    )


def _tickets(count: int, seed: int) -> list[DistilledExample]:
    rng = random.Random(seed)
    out: list[DistilledExample] = []
    for i in range(count):
        label = rng.choice(LABELS)
        first, second = rng.sample(WORDS[label], 2)
        text = f"customer wrote about the {first} and the {second} issue on day {i % 28}"
        out.append(
            DistilledExample(
                example_id=f"t{seed}-{i}",
                text=text,
                label=label,
                label_index=LABELS.index(label),
                soft_label=None,
                ground_truth=label,
            )
        )
    return out


TRAIN = _tickets(100, seed=1)
_TRAIN_TEXTS = {e.text for e in TRAIN}
HELD = [e for e in _tickets(200, seed=2) if e.text not in _TRAIN_TEXTS][:100]


@dataclass(frozen=True)
class AuditedRun:
    result: TrainingResult
    canaries: CanaryPlan
    evaluation: PrivacyEvaluation
    report: PrivacyReport


@pytest.fixture(scope="module")
def _env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DISTILLGATE_HOME", str(tmp_path_factory.mktemp("home")))
        patch.setenv(THREADS_ENV, "1")  # a small shared box: one intra-op thread is fastest
        yield


def _audited_run(root: Path, *, unsafe_noise_scale: float) -> AuditedRun:
    """Plant canaries, train, evaluate and report as ``pipeline.run`` does."""
    policy = _policy()
    sets = training_sets(
        TRAIN, HELD, labels=LABELS, canaries=CANARIES, repetitions=1, secret=b"k" * 32, seed=3
    )
    assert sets.canaries is not None
    dp: DpPlan = resolve_dp(
        policy, DpSettings(accountant=Accountant.RDP), dataset_size=len(sets.train)
    )
    result = train_student(
        sets.train,
        sets.eval[:20],
        labels=LABELS,
        plan=StudentPlan(
            settings=STUDENT,
            training=TRAINING,
            dp=dp,
            out_dir=root / "student",
            unsafe_noise_scale=unsafe_noise_scale,
        ),
        ground_truth=sets.ground_truth,
    )
    evaluation = evaluate_privacy(
        StudentModel.load(root / "student"),
        AttackTargets(
            members=[LabeledText(e.text, e.label) for e in TRAIN],
            non_members=[LabeledText(e.text, e.label) for e in HELD],
            canaries=sets.canaries,
        ),
        claim=PrivacyClaim(epsilon=result.epsilon, delta=result.delta),
        settings=AttackSettings(seed=TRAINING.seed, exposure_candidates=7),
    )
    report = PrivacyReport(
        run_id=root.name,
        source=policy.source.name,
        policy_sha256="0" * 64,
        dp=result.to_dp_accounting(),
        lifetime_epsilon_spent=result.epsilon,
        lifetime_epsilon_budget=policy.privacy.lifetime_epsilon_budget,
        membership_inference=evaluation.membership_inference,
        canaries=evaluation.canaries,
        empirical_epsilon=evaluation.empirical_epsilon,
        pii_replay_hits=evaluation.pii_replay_hits,
    )
    report.write(root / "privacy_report.json")
    return AuditedRun(result, sets.canaries, evaluation, report)


def _privacy_gate(run: Path) -> GateResult:
    return run_gate(
        run,
        policy=_policy(),
        audit_ok=True,
        pii_scan=lambda text: 0,
        labels=LABELS,
        suites=["privacy"],
        task_kind="classification",
    )


@pytest.fixture(scope="module")
def unsafe(_env: None, tmp_path_factory: pytest.TempPathFactory) -> AuditedRun:
    return _audited_run(tmp_path_factory.mktemp("unsafe-run"), unsafe_noise_scale=0.0)


@pytest.fixture(scope="module")
def control(_env: None, tmp_path_factory: pytest.TempPathFactory) -> AuditedRun:
    return _audited_run(tmp_path_factory.mktemp("honest-run"), unsafe_noise_scale=1.0)


def test_the_under_noised_production_run_is_caught(unsafe: AuditedRun) -> None:
    result, evaluation = unsafe.result, unsafe.evaluation
    # the run claims a small ε with real noise on paper, and records that it added none
    assert result.unsafe_noise_scale == 0.0
    assert TrainingResult.read(result.model_dir / "training.json").unsafe_noise_scale == 0.0
    assert result.accountant == "rdp" and result.clipping == "ghost"
    assert result.noise_multiplier > 3.0  # σ the accountant charged for
    assert 0.9 < result.epsilon <= TARGET_EPSILON
    # the audit refutes the claim: at 95% confidence ε is at least twice what was reported
    empirical = evaluation.empirical_epsilon
    assert empirical is not None
    assert evaluation.broken and empirical.broken
    assert empirical.claimed_epsilon == pytest.approx(result.epsilon)
    assert (empirical.canaries, empirical.confidence, empirical.delta) == (CANARIES, 0.95, DELTA)
    assert empirical.lower_bound > 2.0 * result.epsilon
    assert empirical.correct >= 0.95 * empirical.guesses >= 0.95 * 100
    # the memorised canaries are members: their labels are remembered, the held-out ones not
    canaries = evaluation.canaries
    assert canaries is not None and canaries.measured == len(unsafe.canaries.inserted)
    assert canaries.mean_exposure_bits > canaries.held_out_mean_exposure_bits + 0.5


def test_the_privacy_gate_fails_on_the_under_noised_run(unsafe: AuditedRun) -> None:
    run = unsafe.result.model_dir.parent
    assert PrivacyReport.read(run / "privacy_report.json") == unsafe.report
    gate = _privacy_gate(run)
    assert not gate.passed
    failed = {e.name: e for e in gate.failures()}
    assert EMPIRICAL in failed, gate.failure_lines()
    empirical = unsafe.report.empirical_epsilon
    assert empirical is not None
    observed = failed[EMPIRICAL].observed
    assert isinstance(observed, float)
    assert observed == pytest.approx(unsafe.result.epsilon - empirical.lower_bound)
    assert observed < -1.0
    assert any(line.startswith(f"privacy.{EMPIRICAL}: FAILED") for line in gate.failure_lines())
    # the claimed ε itself is within the policy: only the audit can tell that it is false
    assert "epsilon_within_run_target" not in failed
    assert "epsilon_within_export_limit" not in failed


def test_the_honestly_noised_control_is_not_flagged(control: AuditedRun) -> None:
    result, evaluation = control.result, control.evaluation
    assert result.unsafe_noise_scale == 1.0
    assert 0.9 < result.epsilon <= TARGET_EPSILON
    empirical = evaluation.empirical_epsilon
    assert empirical is not None
    assert not evaluation.broken and not empirical.broken
    assert empirical.lower_bound < 0.5 * result.epsilon
    canaries = evaluation.canaries
    assert canaries is not None and canaries.exposed == 0
    gate = _privacy_gate(result.model_dir.parent)
    assert gate.passed, gate.failure_lines()
    outcome = {e.name: e for s in gate.suites for e in s.expectations}[EMPIRICAL]
    assert outcome.success and isinstance(outcome.observed, float) and outcome.observed > 0.5
