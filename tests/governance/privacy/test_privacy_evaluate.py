"""End to end: DP-SGD (real Opacus) students audited; the under-noised one is caught."""

from __future__ import annotations

import math
import random
import warnings
from collections.abc import Sequence
from pathlib import Path

import pytest

from governance.errors import ConfigError
from governance.jsontypes import JsonValue
from governance.privacy.canaries import CanaryPlan, plant_canaries
from governance.privacy.evaluate import (
    AttackSettings,
    AttackTargets,
    PrivacyClaim,
    PrivacyEvaluation,
    evaluate_privacy,
    group_privacy,
)
from governance.privacy.protocols import LabeledText
from governance.privacy.report import DpAccounting, PrivacyReport
from tests.support.unsafe_trainer import TinyDpSgd, TrainedTiny, train_tiny_classifier

LABELS = ("billing", "shipping", "account", "technical")
WORDS = {
    "billing": ("invoice", "charge", "refund", "payment", "bill"),
    "shipping": ("parcel", "delivery", "courier", "tracking", "shipment"),
    "account": ("password", "login", "profile", "username", "email"),
    "technical": ("error", "crash", "bug", "update", "install"),
}
DELTA = 1e-5
TARGET_EPSILON = 1.0


def _tickets(count: int, seed: int) -> list[dict[str, JsonValue]]:
    rng = random.Random(seed)
    records: list[dict[str, JsonValue]] = []
    for i in range(count):
        label = rng.choice(LABELS)
        first, second = rng.sample(WORDS[label], 2)
        text = f"customer wrote about the {first} and the {second} issue on day {i % 28}"
        records.append({"id": f"t{seed}-{i}", "text": text, "label": label})
    return records


def _examples(records: Sequence[dict[str, JsonValue]]) -> list[LabeledText]:
    return [LabeledText(str(r["text"]), str(r["label"])) for r in records]


TRAIN = _tickets(400, seed=1)
_TRAIN_TEXTS = {r["text"] for r in TRAIN}
HELD_OUT = [r for r in _tickets(300, seed=2) if r["text"] not in _TRAIN_TEXTS][:200]


@pytest.fixture(scope="module")
def plan() -> CanaryPlan:
    return plant_canaries(
        TRAIN,
        count=1000,
        repetitions=1,
        secret=b"c" * 32,
        seed=3,
        text_field="text",
        labels=LABELS,
    )


def _train(plan: CanaryPlan, *, unsafe_noise_scale: float) -> TrainedTiny:
    records = plan.training_records
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Opacus' secure-RNG notice and our own unsafe warning
        return train_tiny_classifier(
            [str(r["text"]) for r in records],
            [str(r["label"]) for r in records],
            label_names=LABELS,
            spec=TinyDpSgd(
                target_epsilon=TARGET_EPSILON,
                delta=DELTA,
                epochs=20,
                unsafe_noise_scale=unsafe_noise_scale,
            ),
        )


def _evaluate(trained: TrainedTiny, plan: CanaryPlan) -> PrivacyEvaluation:
    return evaluate_privacy(
        trained.model,
        AttackTargets(
            members=_examples(TRAIN[:200]), non_members=_examples(HELD_OUT), canaries=plan
        ),
        claim=PrivacyClaim(epsilon=trained.epsilon, delta=trained.delta),
        settings=AttackSettings(seed=0, exposure_candidates=15),
    )


@pytest.fixture(scope="module")
def honest(plan: CanaryPlan) -> tuple[TrainedTiny, PrivacyEvaluation]:
    trained = _train(plan, unsafe_noise_scale=1.0)
    return trained, _evaluate(trained, plan)


@pytest.fixture(scope="module")
def unsafe(plan: CanaryPlan) -> tuple[TrainedTiny, PrivacyEvaluation]:
    trained = _train(plan, unsafe_noise_scale=0.0)
    return trained, _evaluate(trained, plan)


def test_the_under_noised_trainer_is_caught(
    unsafe: tuple[TrainedTiny, PrivacyEvaluation], caplog: pytest.LogCaptureFixture
) -> None:
    trained, evaluation = unsafe
    assert trained.applied_noise_multiplier == 0.0 and trained.noise_multiplier > 1.0
    assert trained.epsilon == pytest.approx(TARGET_EPSILON, abs=0.05)  # the claim is small
    empirical = evaluation.empirical_epsilon
    assert empirical is not None
    assert evaluation.broken and empirical.broken
    assert empirical.lower_bound > 2 * trained.epsilon
    assert empirical.claimed_epsilon == pytest.approx(trained.epsilon)
    assert (empirical.canaries, empirical.confidence, empirical.delta) == (1000, 0.95, DELTA)
    assert empirical.correct > 0.95 * empirical.guesses
    canaries = evaluation.canaries
    assert canaries is not None
    assert canaries.mean_exposure_bits > canaries.held_out_mean_exposure_bits + 2.0
    assert canaries.exposed > canaries.measured // 2 and canaries.held_out_exposed == 0


def test_the_honest_trainer_is_not_flagged(
    honest: tuple[TrainedTiny, PrivacyEvaluation],
) -> None:
    trained, evaluation = honest
    assert trained.applied_noise_multiplier == trained.noise_multiplier
    empirical = evaluation.empirical_epsilon
    assert empirical is not None
    assert not evaluation.broken and not empirical.broken
    assert empirical.lower_bound <= trained.epsilon
    for attack in evaluation.membership_inference:
        assert attack.auc < 0.6
    canaries = evaluation.canaries
    assert canaries is not None
    assert abs(canaries.mean_exposure_bits - canaries.held_out_mean_exposure_bits) < 0.5
    assert canaries.exposed == 0 and canaries.held_out_exposed == 0
    assert canaries.above_threshold > 0  # chance alone exceeds 3 bits for some canaries


def test_the_report_carries_digests_but_no_canary(
    unsafe: tuple[TrainedTiny, PrivacyEvaluation], plan: CanaryPlan, tmp_path: Path
) -> None:
    trained, evaluation = unsafe
    report = PrivacyReport(
        run_id="r1",
        source="tickets",
        policy_sha256="0" * 64,
        dp=DpAccounting(
            enabled=True,
            epsilon=trained.epsilon,
            delta=trained.delta,
            noise_multiplier=trained.noise_multiplier,
            steps=trained.steps,
        ),
        lifetime_epsilon_spent=trained.epsilon,
        membership_inference=evaluation.membership_inference,
        canaries=evaluation.canaries,
        empirical_epsilon=evaluation.empirical_epsilon,
        pii_replay_hits=evaluation.pii_replay_hits,
    )
    path = tmp_path / "privacy_report.json"
    report.write(path)
    text = path.read_text(encoding="utf-8")
    assert PrivacyReport.read(path) == report
    assert report.canaries is not None and report.canaries.digests == plan.digests
    for canary in plan.canaries:
        assert canary.secret not in text
        assert canary.template.split("{secret}")[0] not in text


class _ParrotStudent:
    """A generation student that memorised its training sentences verbatim."""

    def __init__(self, memorised: Sequence[str]) -> None:
        self.memorised = set(memorised)

    def log_perplexity(self, texts: Sequence[str]) -> list[float]:
        return [0.1 if t in self.memorised else 3.0 for t in texts]

    def generate(self, prompts: Sequence[str], *, max_new_tokens: int) -> list[str]:
        return [next((m[len(p) :] for m in self.memorised if m.startswith(p)), "") for p in prompts]


def test_a_memorising_generation_student_fails_every_check(plan: CanaryPlan) -> None:
    student = _ParrotStudent([str(r["text"]) for r in plan.training_records])
    evaluation = evaluate_privacy(
        student,
        AttackTargets(
            members=_examples(TRAIN[:100]), non_members=_examples(HELD_OUT[:100]), canaries=plan
        ),
        claim=PrivacyClaim(epsilon=1.0, delta=DELTA),
        settings=AttackSettings(seed=0, exposure_candidates=7),
    )
    assert [m.attack for m in evaluation.membership_inference] == ["perplexity_threshold"]
    assert evaluation.membership_inference[0].auc == 1.0
    assert evaluation.broken
    assert evaluation.pii_replay is not None
    assert len(evaluation.pii_replay.canary_digests_found) == len(plan.inserted)
    assert evaluation.pii_replay_hits == len(plan.inserted)
    # without DP nothing is claimed, so nothing can be refuted
    no_dp = evaluate_privacy(
        student,
        AttackTargets(
            members=_examples(TRAIN[:20]), non_members=_examples(HELD_OUT[:20]), canaries=None
        ),
        claim=PrivacyClaim(epsilon=math.inf, delta=0.0),
        settings=AttackSettings(seed=0),
    )
    assert not no_dp.broken and no_dp.empirical_epsilon is None and no_dp.pii_replay_hits == 0


def test_repeated_canaries_are_judged_against_group_privacy() -> None:
    assert group_privacy(1.0, 1e-6, size=3) == pytest.approx((3.0, 3 * math.exp(2.0) * 1e-6))
    assert group_privacy(math.inf, 0.0, size=4) == (math.inf, 0.0)


@pytest.mark.parametrize(("epsilon", "delta"), [(-0.1, 1e-5), (1.0, -1e-9), (1.0, 1.0)])
def test_an_impossible_privacy_claim_is_refused(epsilon: float, delta: float) -> None:
    with pytest.raises(ConfigError, match=r"need epsilon >= 0 and 0 <= delta < 1"):
        PrivacyClaim(epsilon=epsilon, delta=delta)


def test_the_privacy_claim_and_attack_settings_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        PrivacyClaim(1.0, 1e-5)  # type: ignore[misc]
    with pytest.raises(TypeError):
        AttackSettings(0)  # type: ignore[misc]
