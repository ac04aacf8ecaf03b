"""Checkpoints and resumed student training (real Opacus, the default linear-probe student).

A resumed run must end where an uninterrupted one ends: same ε (same accountant history),
same DP step count, same weights (secure_mode off: same batches and noise).
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import torch
from opacus.accountants import create_accountant
from torch import nn

from governance.errors import TrainingError
from governance.policy.jobs import ClippingMode, StudentSettings, TrainingSettings
from governance.policy.models import Accountant
from pipeline.student import resume as resume_module
from pipeline.student.checkpoint import (
    Checkpoint,
    load_checkpoint,
    save_checkpoint,
    training_fingerprint,
)
from pipeline.student.classifier.train import train_student
from pipeline.student.dp_plan import DpPlan
from pipeline.student.plan import StudentPlan
from pipeline.student.result import TrainingResult
from tests.pipeline.student.conftest import toy_examples

REPO = Path(__file__).resolve().parents[3]
LABELS = ["refund", "login"]
SETTINGS = StudentSettings(max_length=32)  # minilm, 2 layers, linear probe
TRAINING = TrainingSettings(
    epochs=3, batch_size=50, physical_batch_size=50, learning_rate=0.05, seed=7
)
DP = DpPlan(
    enabled=True,
    target_epsilon=8.0,
    delta=1e-3,
    max_grad_norm=1.0,
    clipping=ClippingMode.GHOST,
    accountant=Accountant.RDP,
)
TRAIN = toy_examples(200, seed=1)
HELD_OUT = toy_examples(20, seed=2, prefix="ho")
CKPT = Path("checkpoints") / "last.pt"


def train(
    out_dir: Path, dp: DpPlan, *, resume: bool = False, progress: bool = False
) -> TrainingResult:
    """The training run every test here interrupts or compares against."""
    return train_student(
        TRAIN,
        HELD_OUT,
        labels=LABELS,
        plan=StudentPlan(
            settings=SETTINGS,
            training=TRAINING,
            dp=dp,
            out_dir=out_dir,
            progress=progress,
            resume=resume,
        ),
    )


# Run in a child process: train with DP, hang after the first checkpoint is durable.
_CHILD = """
import sys, time
from pathlib import Path
from pipeline.student import resume
from tests.pipeline.student.test_checkpoint_resume import DP, train
real = resume.save_checkpoint
def save_then_hang(out_dir, **kwargs):
    path = real(out_dir, **kwargs)
    time.sleep(600)  # the parent SIGKILLs us here
    return path
resume.save_checkpoint = save_then_hang
train(Path(sys.argv[1]), DP)
"""


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "DISTILLGATE_HOME": str(home), "DISTILLGATE_TORCH_THREADS": "1"}


@pytest.fixture(scope="module")
def module_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("resume")
    with pytest.MonkeyPatch.context() as patch:
        for key, value in _env(root / "home").items():
            patch.setenv(key, value)
        yield root


@pytest.fixture(scope="module")
def dp_runs(module_env: Path) -> tuple[TrainingResult, Path]:
    """An uninterrupted DP run, and the folder of the same run SIGKILLed right after its
    first checkpoint (the child trains while the reference trains here)."""
    killed = module_env / "killed"
    proc = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(killed)],
        cwd=REPO,
        env=_env(module_env / "home"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        # resume=True without a checkpoint trains from the start
        reference = train(module_env / "reference", DP, resume=True)
        deadline = time.monotonic() + 120
        while not (killed / CKPT).is_file() and time.monotonic() < deadline:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            time.sleep(0.05)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    return reference, killed


def _weights(out_dir: Path) -> dict[str, torch.Tensor]:
    weights: dict[str, torch.Tensor] = torch.load(out_dir / CKPT, weights_only=True)["model"]
    return weights


def _assert_same_weights(a: Path, b: Path) -> None:
    first, second = _weights(a), _weights(b)
    assert first.keys() == second.keys() and first
    for name in first:
        assert torch.allclose(first[name], second[name], atol=1e-6), name


def test_sigkilled_dp_run_resumes_to_the_same_epsilon_steps_and_weights(
    tmp_path: Path, dp_runs: tuple[TrainingResult, Path]
) -> None:
    dp_reference, dp_killed = dp_runs
    out_dir = tmp_path / "student"
    shutil.copytree(dp_killed, out_dir)
    assert torch.load(out_dir / CKPT, weights_only=True)["epoch"] == 1

    resumed = train(out_dir, DP, resume=True)

    assert dp_reference.resumed_from_epoch is None
    assert resumed.resumed_from_epoch == 1
    assert resumed.epsilon == dp_reference.epsilon  # exactly: the same accountant history
    assert 0 < resumed.epsilon <= 8.0
    assert resumed.steps == dp_reference.steps == 3 * 4  # q = 50/200: 4 steps per epoch
    assert resumed.noise_multiplier == dp_reference.noise_multiplier
    assert resumed.epsilon_history == dp_reference.epsilon_history
    assert resumed.checkpoints == [str(CKPT)] * 2  # epochs 2 and 3 ran here
    _assert_same_weights(out_dir, dp_reference.model_dir)
    assert TrainingResult.read(out_dir / "training.json").resumed_from_epoch == 1


def test_resume_refuses_a_checkpoint_that_disagrees_with_the_dp_plan(
    tmp_path: Path, dp_runs: tuple[TrainingResult, Path]
) -> None:
    out_dir = tmp_path / "student"
    shutil.copytree(dp_runs[1], out_dir)
    payload = torch.load(out_dir / CKPT, weights_only=True)
    payload["extra"]["steps"] = 3  # one DP step fewer than the accountant recorded
    torch.save(payload, out_dir / CKPT)
    with pytest.raises(TrainingError, match=r"accountant history .* disagrees with the plan"):
        train(out_dir, DP, resume=True)


class _Crash(BaseException):
    """Stands in for a crash: nothing in train_student catches it."""


def test_interrupted_non_dp_run_resumes_to_the_same_weights(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = DpPlan.disabled()
    reference = train(tmp_path / "reference", plain)
    real = save_checkpoint

    def save_then_crash(out_dir: Path, **kwargs: object) -> str:
        path = real(out_dir, **kwargs)  # type: ignore[arg-type]
        if kwargs["epoch"] == 2:
            raise _Crash
        return path

    monkeypatch.setattr(resume_module, "save_checkpoint", save_then_crash)
    with pytest.raises(_Crash):
        train(tmp_path / "student", plain)
    monkeypatch.setattr(resume_module, "save_checkpoint", real)

    resumed = train(tmp_path / "student", plain, resume=True, progress=True)

    assert resumed.resumed_from_epoch == 2 and reference.resumed_from_epoch is None
    assert resumed.epsilon == math.inf
    assert resumed.steps == reference.steps == 3 * 4
    _assert_same_weights(tmp_path / "student", tmp_path / "reference")


def _toy_state() -> tuple[nn.Sequential, torch.optim.Optimizer, torch.Generator]:
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 2))
    model[0].requires_grad_(False)  # frozen: not stored
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad])
    model(torch.randn(5, 3)).sum().backward()
    optimizer.step()
    return model, optimizer, torch.Generator().manual_seed(3)


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    model, optimizer, generator = _toy_state()
    accountant = create_accountant(mechanism="prv")
    accountant.step(noise_multiplier=1.1, sample_rate=0.1)
    relative = save_checkpoint(
        tmp_path,
        epoch=2,
        fingerprint="run-a",
        model=model,
        optimizer=optimizer,
        extra={"rng": generator.get_state(), "accountant": accountant.state_dict(), "steps": 7},
    )
    assert relative == str(CKPT)
    assert sorted(p.name for p in (tmp_path / "checkpoints").iterdir()) == ["last.pt"]

    loaded = load_checkpoint(tmp_path, fingerprint="run-a")

    assert isinstance(loaded, Checkpoint)
    assert loaded.epoch == 2 and loaded.fingerprint == "run-a"
    assert sorted(loaded.model) == ["1.bias", "1.weight"]  # trainable weights only
    assert torch.equal(loaded.model["1.weight"], model.state_dict()["1.weight"])
    fresh = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad])
    fresh.load_state_dict(loaded.optimizer)
    assert torch.equal(
        fresh.state_dict()["state"][0]["exp_avg"], optimizer.state_dict()["state"][0]["exp_avg"]
    )
    restored = torch.Generator()
    restored.set_state(loaded.extra["rng"])
    assert torch.equal(torch.rand(4, generator=restored), torch.rand(4, generator=generator))
    other = create_accountant(mechanism="prv")
    other.load_state_dict(loaded.extra["accountant"])
    assert other.history == accountant.history and loaded.extra["steps"] == 7


def test_missing_checkpoint_is_none(tmp_path: Path) -> None:
    assert load_checkpoint(tmp_path, fingerprint="x") is None


def test_checkpoint_of_another_run_is_ignored_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    model, optimizer, _ = _toy_state()
    save_checkpoint(
        tmp_path, epoch=1, fingerprint="run-a", model=model, optimizer=optimizer, extra={}
    )
    caplog.set_level(logging.WARNING)
    assert load_checkpoint(tmp_path, fingerprint="run-b") is None
    assert any("belongs to another training run" in r.message for r in caplog.records)
    assert load_checkpoint(tmp_path, fingerprint="run-a") is not None


class _Payload:
    """Unpickling this would create a file: a checkpoint must never run such code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


@pytest.mark.parametrize("kind", ["empty", "garbage", "truncated", "object", "list"])
def test_corrupt_or_unsafe_checkpoint_raises_with_a_hint(tmp_path: Path, kind: str) -> None:
    model, optimizer, _ = _toy_state()
    save_checkpoint(tmp_path, epoch=1, fingerprint="f", model=model, optimizer=optimizer, extra={})
    path, marker = tmp_path / CKPT, tmp_path / "unpickled"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "garbage":
        path.write_bytes(b"not a checkpoint")
    elif kind == "truncated":
        path.write_bytes(path.read_bytes()[:300])
    elif kind == "object":
        torch.save({"format": 1, "extra": _Payload(marker)}, path)
    else:
        torch.save([1, 2, 3], path)
    with pytest.raises(TrainingError, match=r"checkpoints/last\.pt is unreadable") as info:
        load_checkpoint(tmp_path, fingerprint="f")
    assert info.value.hint is not None and "delete" in info.value.hint
    assert not marker.exists()


def test_fingerprint_is_canonical_and_covers_every_part() -> None:
    base = training_fingerprint(training=TRAINING, dp=DP, labels=LABELS, dataset="d1")
    assert base == training_fingerprint(
        labels=tuple(LABELS), dataset="d1", dp=DP, training=TRAINING
    )
    assert len(base) == 64 and int(base, 16) >= 0
    changed = [
        training_fingerprint(
            training=TRAINING.model_copy(update={"epochs": 4}), dp=DP, labels=LABELS, dataset="d1"
        ),
        training_fingerprint(training=TRAINING, dp=DpPlan.disabled(), labels=LABELS, dataset="d1"),
        training_fingerprint(training=TRAINING, dp=DP, labels=LABELS[::-1], dataset="d1"),
        training_fingerprint(training=TRAINING, dp=DP, labels=LABELS, dataset="d2"),
        training_fingerprint(training=TRAINING, dp=DP, labels=LABELS, dataset="d1", extra=1),
    ]
    assert len({base, *changed}) == 6
    with pytest.raises(TrainingError, match="cannot hash a Tensor"):
        training_fingerprint(weights=torch.zeros(1))
