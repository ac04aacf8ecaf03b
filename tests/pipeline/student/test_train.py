"""train_student end to end on a toy separable task (tiny BERTs, real Opacus)."""

from __future__ import annotations

import json
import logging
import math
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn
from torch.utils.data import SequentialSampler

from governance.errors import TrainingError
from governance.policy.jobs import ClippingMode, StudentSettings, TrainingSettings
from governance.policy.models import Accountant
from governance.privacy.accounting import epsilon_for
from pipeline.student.classifier.examples import TrainExample
from pipeline.student.classifier.model import LogitsModule, StudentModel, build_student
from pipeline.student.classifier.train import train_student
from pipeline.student.dp_plan import DpPlan
from pipeline.student.plan import StudentPlan
from pipeline.student.private import ghost_supported
from pipeline.student.result import TrainingResult
from tests.pipeline.student.conftest import toy_examples

LABELS = ["refund", "login"]
STUDENT = StudentSettings(init="scratch", num_layers=1, max_length=16, train_encoder_layers=None)


@pytest.fixture
def tiny(tiny_init: str) -> StudentSettings:
    return StudentSettings(init=tiny_init, num_layers=1, max_length=16, train_encoder_layers=None)


def _training(epochs: int = 4, batch_size: int = 40) -> TrainingSettings:
    return TrainingSettings(
        epochs=epochs,
        batch_size=batch_size,
        physical_batch_size=batch_size,
        learning_rate=3e-2,
        seed=7,
    )


def _dp(
    clipping: ClippingMode = ClippingMode.GHOST, accountant: Accountant = Accountant.RDP
) -> DpPlan:
    return DpPlan(
        enabled=True,
        target_epsilon=8.0,
        delta=1e-3,
        max_grad_norm=1.0,
        clipping=clipping,
        accountant=accountant,
    )


def test_dp_training_learns_and_reports_epsilon_within_target(
    tmp_path: Path, tiny: StudentSettings
) -> None:
    train, held_out = toy_examples(400, seed=1), toy_examples(60, seed=2, prefix="ho")
    truth = {ex.example_id: ex.label for ex in held_out}
    result = train_student(
        train,
        held_out,
        labels=LABELS,
        plan=StudentPlan(
            settings=tiny, training=_training(), dp=_dp(), out_dir=tmp_path / "student"
        ),
        ground_truth=truth,
    )
    # accounting: q from the dataset, exactly the planned steps, ε read back <= target
    assert result.sample_rate == pytest.approx(40 / 400)
    assert result.steps == 4 * 10
    assert 0 < result.epsilon <= 8.0
    assert result.epsilon == pytest.approx(
        epsilon_for(result.noise_multiplier, 0.1, 40, 1e-3, accountant="rdp"), abs=1e-9
    )
    steps = [s for s, _ in result.epsilon_history]
    epsilons = [e for _, e in result.epsilon_history]
    assert steps[-1] == 40 and steps == sorted(steps)
    assert epsilons == sorted(epsilons) and epsilons[-1] == result.epsilon
    assert result.clipping == "ghost" and result.accountant == "rdp"
    assert result.secure_rng is False
    # utility on a split it never saw (chance is 0.5)
    assert result.metrics.agreement is not None and result.metrics.agreement > 0.65
    assert result.metrics.accuracy == result.metrics.agreement  # teacher == truth here
    assert result.metrics.ece is not None and 0.0 <= result.metrics.ece <= 1.0
    assert result.metrics.model_size_bytes > 0
    # artifacts: a HF folder, training.json, the newest checkpoint (written after every epoch)
    folder = tmp_path / "student"
    config = json.loads((folder / "config.json").read_text())
    assert config["id2label"] == {"0": "refund", "1": "login"}
    assert (folder / "model.safetensors").is_file()
    assert [p.name for p in (folder / "checkpoints").iterdir()] == ["last.pt"]
    assert torch.load(folder / "checkpoints" / "last.pt", weights_only=False)["epoch"] == 4
    assert TrainingResult.read(folder / "training.json") == result
    accounting = result.to_dp_accounting()
    assert accounting.enabled and accounting.epsilon == result.epsilon
    assert accounting.dataset_size == 400 and accounting.steps == 40
    # the saved student loads and scores
    student = StudentModel.load(folder)
    probs = student.predict_proba([ex.text for ex in held_out[:5]])
    assert probs.shape == (5, 2)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    losses = student.per_example_loss([ex.text for ex in held_out[:5]], [0, 1, 0, 1, 0])
    assert losses.shape == (5,) and (losses > 0).all()
    assert student.labels == LABELS


def test_unsafe_noise_scale_warns_and_keeps_nominal_epsilon(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, tiny: StudentSettings
) -> None:
    train = toy_examples(200, seed=3)
    caplog.set_level(logging.WARNING)
    result = train_student(
        train,
        train[:10],
        labels=LABELS,
        plan=StudentPlan(
            settings=tiny,
            training=_training(epochs=1, batch_size=100),
            dp=_dp(ClippingMode.PER_SAMPLE, Accountant.RDP),
            out_dir=tmp_path / "s",
            unsafe_noise_scale=0.25,
        ),
    )
    assert any(r.message.startswith("UNSAFE") for r in caplog.records)
    assert result.unsafe_noise_scale == 0.25
    assert result.clipping == "per_sample"
    nominal = epsilon_for(result.noise_multiplier, 0.5, result.steps, 1e-3, accountant="rdp")
    assert result.epsilon == pytest.approx(nominal, abs=1e-9)


def test_non_dp_run_reports_infinite_epsilon_and_is_deterministic(
    tmp_path: Path, tiny: StudentSettings
) -> None:
    train = toy_examples(80, seed=4)
    # half of the examples carry teacher probabilities: soft-label KL distillation
    train = [
        TrainExample(ex.example_id, ex.text, ex.label, (0.9, 0.1) if ex.label == 0 else None)
        if i % 2 == 0
        else ex
        for i, ex in enumerate(train)
    ]
    runs = [
        train_student(
            train,
            train[:8],
            labels=LABELS,
            plan=StudentPlan(
                settings=tiny,
                training=_training(epochs=1),
                dp=DpPlan.disabled(),
                out_dir=tmp_path / f"run{i}",
            ),
        )
        for i in range(2)
    ]
    assert runs[0].epsilon == math.inf and runs[0].clipping == "none"
    assert runs[0].to_dp_accounting().enabled is False
    assert TrainingResult.read(tmp_path / "run0" / "training.json").epsilon == math.inf
    texts = [ex.text for ex in train[:8]]
    first = StudentModel.load(tmp_path / "run0").predict_proba(texts)
    second = StudentModel.load(tmp_path / "run1").predict_proba(texts)
    np.testing.assert_array_equal(first, second)


def test_custom_sampler_is_refused_under_dp(tmp_path: Path, tiny: StudentSettings) -> None:
    train = toy_examples(20, seed=5)
    with pytest.raises(TrainingError, match="custom sampler is refused under DP"):
        train_student(
            train,
            [],
            labels=LABELS,
            plan=StudentPlan(settings=tiny, training=_training(), dp=_dp(), out_dir=tmp_path),
            sampler=SequentialSampler(range(20)),
        )


def test_bad_labels_are_refused(tmp_path: Path, tiny: StudentSettings) -> None:
    train = [TrainExample("x", "hello", 5, None)]
    with pytest.raises(TrainingError, match="label outside the 2 labels"):
        train_student(
            train,
            [],
            labels=LABELS,
            plan=StudentPlan(
                settings=tiny, training=_training(), dp=DpPlan.disabled(), out_dir=tmp_path
            ),
        )


class _Custom(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.scale = nn.Parameter(torch.ones(3))


def test_ghost_support_is_detected_per_layer() -> None:
    torch.manual_seed(0)
    model, _ = build_student(STUDENT, LABELS)
    assert ghost_supported(LogitsModule(model))
    assert not ghost_supported(nn.Sequential(nn.Linear(3, 3), _Custom()))
