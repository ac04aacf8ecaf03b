"""make_private: where the noise is scaled, and the one place that warns about it."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import torch
from torch import nn
from torch.utils.data import TensorDataset

from governance.errors import TrainingError
from governance.policy.jobs import ClippingMode
from pipeline.student.data import TrainingData
from pipeline.student.private import DpSgdSpec, PrivateTraining, make_private


def _forward(module: nn.Module, criterion: Any, batch: tuple[torch.Tensor, ...]) -> Any:
    x, y = batch
    return criterion(module(x), y)


def _private(unsafe_noise_scale: float, steps: list[int]) -> PrivateTraining:
    torch.manual_seed(0)
    module = nn.Linear(4, 2)
    data = TrainingData(
        dataset=TensorDataset(torch.randn(20, 4), torch.randint(0, 2, (20,))),
        collate_fn=lambda items: tuple(torch.stack(t) for t in zip(*items, strict=True)),
        criterion=nn.CrossEntropyLoss(),
        forward_loss=_forward,
    )
    spec = DpSgdSpec(
        noise_multiplier=1.5,
        max_grad_norm=1.0,
        batch_size=5,
        clipping=ClippingMode.PER_SAMPLE,
        accountant="rdp",
        secure_mode=False,
        sampler_generator=torch.Generator().manual_seed(1),
        noise_generator=torch.Generator().manual_seed(2),
    )
    return make_private(
        module,
        torch.optim.SGD(module.parameters(), lr=0.1),
        data,
        spec=spec,
        on_step=steps.append,
        unsafe_noise_scale=unsafe_noise_scale,
    )


def test_the_accountant_gets_the_nominal_noise_and_the_optimizer_the_scaled_noise() -> None:
    steps: list[int] = []
    state = _private(0.5, steps)
    assert state.sample_rate == pytest.approx(5 / 20)
    assert state.noise_multiplier == 1.5
    assert state.optimizer.noise_multiplier == pytest.approx(0.75)
    batch = next(iter(state.loader))
    state.optimizer.zero_grad()
    _forward(state.module, state.criterion, tuple(batch)).backward()
    state.optimizer.step()
    assert steps == [1]
    assert state.accountant.history == [(1.5, 0.25, 1)]


def test_unsafe_noise_scale_warns_on_every_use_and_only_then(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="pipeline.student.private")
    _private(1.0, [])
    assert not [r for r in caplog.records if r.message.startswith("UNSAFE")]
    _private(0.0, [])
    _private(0.0, [])
    unsafe = [r for r in caplog.records if r.message.startswith("UNSAFE")]
    assert len(unsafe) == 2
    assert "unsafe_noise_scale=0.0" in unsafe[0].message


def test_a_negative_noise_scale_is_refused() -> None:
    with pytest.raises(TrainingError, match=r"unsafe_noise_scale must be >= 0, got -0.5"):
        _private(-0.5, [])


def test_the_dp_spec_is_keyword_only() -> None:
    with pytest.raises(TypeError):
        DpSgdSpec(1.0, 1.0, 5, ClippingMode.GHOST, "rdp", False, None, None)  # type: ignore[misc, arg-type]
