"""Wiring Opacus DP-SGD around the student with accounting we control.

``PrivacyEngine.make_private_with_epsilon`` derives the sampling rate as ``1 / len(loader)``,
which equals B/N only when B divides N, and which is wrong for custom samplers (the known
Opacus pitfall). Here the rate is ``q = B / N`` from the dataset, the noise σ is chosen for
exactly the steps the loop will take, and the accountant is stepped with the nominal σ and q
by our own optimizer hook. The building blocks are Opacus' own: ``ModuleValidator``,
``GradSampleModule`` / ``GradSampleModuleFastGradientClipping`` (ghost clipping),
``DPOptimizer`` / ``DPOptimizerFastGradientClipping``, ``DPDataLoader`` (Poisson sampling),
``DPLossFastGradientClipping`` and ``create_accountant``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import torch
from opacus.accountants import IAccountant, create_accountant
from opacus.data_loader import DPDataLoader
from opacus.grad_sample import GradSampleModule, GradSampleModuleFastGradientClipping
from opacus.optimizers import DPOptimizer, DPOptimizerFastGradientClipping
from opacus.utils.fast_gradient_clipping_utils import DPLossFastGradientClipping
from opacus.validators import ModuleValidator
from torch import nn
from torch.utils.data import Dataset

from governance.errors import TrainingError
from governance.policy.jobs import ClippingMode

__all__ = ["PrivateTraining", "ghost_supported", "make_private", "secure_generator"]

logger = logging.getLogger(__name__)


def ghost_supported(module: nn.Module) -> bool:
    """Whether every trainable layer has an Opacus norm or grad sampler (ghost clipping)."""
    known = set(GradSampleModuleFastGradientClipping.NORM_SAMPLERS) | set(
        GradSampleModule.GRAD_SAMPLERS
    )
    return all(
        type(m) in known
        for m in module.modules()
        if any(p.requires_grad for p in m.parameters(recurse=False))
    )


def secure_generator() -> torch.Generator:
    """A CSPRNG generator from torchcsprng; :class:`TrainingError` when it is not installed."""
    try:
        import torchcsprng  # type: ignore[import-not-found]
    except ImportError as exc:
        raise TrainingError(
            "dp.secure_mode needs the torchcsprng package, which is not installed",
            hint="install torchcsprng for production runs, or set dp.secure_mode: false "
            "(recorded as secure_rng: false in the privacy report)",
        ) from exc
    generator: torch.Generator = torchcsprng.create_random_device_generator("/dev/urandom")
    return generator


@dataclass
class PrivateTraining:
    """The DP-wrapped pieces of one training run."""

    module: nn.Module
    optimizer: DPOptimizer
    loader: DPDataLoader
    criterion: Callable[..., Any]
    accountant: IAccountant
    clipping: ClippingMode
    noise_multiplier: float
    sample_rate: float
    steps_taken: list[int] = field(default_factory=lambda: [0])


def make_private(
    module: nn.Module,
    optimizer: torch.optim.Optimizer,
    dataset: Dataset[Any],
    *,
    collate_fn: Callable[..., Any],
    criterion: nn.Module,
    batch_size: int,
    noise_multiplier: float,
    max_grad_norm: float,
    clipping: ClippingMode,
    accountant: str,
    sampler_generator: torch.Generator,
    noise_generator: torch.Generator,
    secure_mode: bool,
    on_step: Callable[[int], None],
    unsafe_noise_scale: float = 1.0,
) -> PrivateTraining:
    """Wrap model, optimizer, data and loss for DP-SGD at ``q = batch_size / len(dataset)``.

    The accountant always records the nominal ``noise_multiplier``; the noise actually added is
    ``noise_multiplier * unsafe_noise_scale`` (1.0 except in privacy-evaluation tests).
    """
    errors = ModuleValidator.validate(module, strict=False)
    if errors:
        raise TrainingError(
            "the student has layers Opacus cannot train privately: "
            + "; ".join(str(e) for e in errors)
        )
    dataset_size = len(dataset)  # type: ignore[arg-type]
    sample_rate = batch_size / dataset_size
    mode = clipping
    if mode is ClippingMode.GHOST and not ghost_supported(module):
        logger.warning("ghost clipping unsupported by a layer; using per-sample gradients")
        mode = ClippingMode.PER_SAMPLE
    wrapped: nn.Module
    if mode is ClippingMode.GHOST:
        wrapped = GradSampleModuleFastGradientClipping(
            module, batch_first=True, loss_reduction="mean", max_grad_norm=max_grad_norm
        )
        optimizer_class: type[DPOptimizer] = DPOptimizerFastGradientClipping
    else:
        wrapped = GradSampleModule(module, batch_first=True, loss_reduction="mean")
        optimizer_class = DPOptimizer
    wrapped.forbid_grad_accumulation()  # type: ignore[operator]
    dp_optimizer = optimizer_class(
        optimizer,
        noise_multiplier=noise_multiplier * unsafe_noise_scale,
        max_grad_norm=max_grad_norm,
        expected_batch_size=batch_size,
        loss_reduction="mean",
        generator=noise_generator,
        secure_mode=secure_mode,
    )
    acc = create_accountant(mechanism=accountant)
    state = PrivateTraining(
        module=wrapped,
        optimizer=dp_optimizer,
        loader=DPDataLoader(
            dataset,
            sample_rate=sample_rate,
            collate_fn=collate_fn,
            generator=sampler_generator,
        ),
        criterion=criterion,
        accountant=acc,
        clipping=mode,
        noise_multiplier=noise_multiplier,
        sample_rate=sample_rate,
    )

    def _account(_: DPOptimizer) -> None:
        acc.step(noise_multiplier=noise_multiplier, sample_rate=sample_rate)
        state.steps_taken[0] += 1
        on_step(state.steps_taken[0])

    dp_optimizer.attach_step_hook(_account)
    if mode is ClippingMode.GHOST:
        assert isinstance(dp_optimizer, DPOptimizerFastGradientClipping)
        state.criterion = DPLossFastGradientClipping(wrapped, dp_optimizer, criterion, "mean")  # type: ignore[arg-type]
    return state
