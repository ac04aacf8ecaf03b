"""Wiring Opacus DP-SGD around the student with accounting we control.

``PrivacyEngine.make_private_with_epsilon`` derives the sampling rate as ``1 / len(loader)``,
which equals B/N only when B divides N, and which is wrong for custom samplers (the known
Opacus pitfall). Here the rate is ``q = B / N`` from the dataset, the noise σ is chosen for
exactly the steps the loop will take, and the accountant is stepped with the nominal σ and q
by our own optimizer hook. The building blocks are Opacus' own: ``ModuleValidator``,
``GradSampleModule`` / ``GradSampleModuleFastGradientClipping`` (ghost clipping),
``DPOptimizer`` / ``DPOptimizerFastGradientClipping``, ``DPDataLoader`` (Poisson sampling),
``DPLossFastGradientClipping`` and ``create_accountant``.

This is also the one place where the noise is scaled: ``unsafe_noise_scale`` (tests of the
privacy evaluation only) is checked and warned about here, every time it is used.
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

from governance.errors import TrainingError
from governance.policy.jobs import ClippingMode
from pipeline.student.data import TrainingData

__all__ = [
    "DpSgdSpec",
    "PrivateTraining",
    "ghost_supported",
    "make_private",
    "secure_generator",
]

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


@dataclass(frozen=True, kw_only=True)
class DpSgdSpec:
    """The DP-SGD mechanism of one run: what the accountant is told and where randomness
    comes from.

    ``noise_multiplier`` is the accounted σ; records are Poisson-sampled at
    ``q = batch_size / N``; per-record gradients are clipped to ``max_grad_norm`` by
    ``clipping``; ``accountant`` names an Opacus accountant. ``secure_mode`` asks Opacus for
    secure noise (the generators then come from :func:`secure_generator`).
    """

    noise_multiplier: float
    max_grad_norm: float
    batch_size: int
    clipping: ClippingMode
    accountant: str
    secure_mode: bool
    sampler_generator: torch.Generator
    noise_generator: torch.Generator


def _noise_added(spec: DpSgdSpec, unsafe_noise_scale: float) -> float:
    """The σ actually added: the accounted σ times ``unsafe_noise_scale``; warns unless 1."""
    if unsafe_noise_scale < 0.0:
        raise TrainingError(f"unsafe_noise_scale must be >= 0, got {unsafe_noise_scale}")
    if unsafe_noise_scale != 1.0:
        logger.warning(
            "UNSAFE: unsafe_noise_scale=%s: the noise added differs from the noise accounted; "
            "the reported ε is NOT a guarantee for this model (test use only)",
            unsafe_noise_scale,
        )
    return spec.noise_multiplier * unsafe_noise_scale


def _validate(module: nn.Module) -> None:
    errors = ModuleValidator.validate(module, strict=False)
    if errors:
        raise TrainingError(
            "the student has layers Opacus cannot train privately: "
            + "; ".join(str(e) for e in errors)
        )


def _wrap(
    module: nn.Module, mode: ClippingMode, max_grad_norm: float
) -> tuple[nn.Module, type[DPOptimizer]]:
    """The grad-sample module and optimizer class of ``mode`` (ghost or per-sample)."""
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
    return wrapped, optimizer_class


def make_private(
    module: nn.Module,
    optimizer: torch.optim.Optimizer,
    data: TrainingData,
    *,
    spec: DpSgdSpec,
    on_step: Callable[[int], None],
    unsafe_noise_scale: float = 1.0,
) -> PrivateTraining:
    """Wrap model, optimizer, data and loss for DP-SGD at ``q = spec.batch_size / len(data)``.

    The accountant always records the nominal ``spec.noise_multiplier``; the noise actually
    added is ``spec.noise_multiplier * unsafe_noise_scale``. ``unsafe_noise_scale`` exists
    only for privacy-attack tests: it must be >= 0 and warns (``UNSAFE``) on every call
    where it is not 1, since the reported ε is then no guarantee. ``on_step(n)`` runs after
    the n-th accounted step.
    """
    noise = _noise_added(spec, unsafe_noise_scale)
    _validate(module)
    sample_rate = spec.batch_size / len(data)
    mode = spec.clipping
    if mode is ClippingMode.GHOST and not ghost_supported(module):
        logger.warning("ghost clipping unsupported by a layer; using per-sample gradients")
        mode = ClippingMode.PER_SAMPLE
    wrapped, optimizer_class = _wrap(module, mode, spec.max_grad_norm)
    dp_optimizer = optimizer_class(
        optimizer,
        noise_multiplier=noise,
        max_grad_norm=spec.max_grad_norm,
        expected_batch_size=spec.batch_size,
        loss_reduction="mean",
        generator=spec.noise_generator,
        secure_mode=spec.secure_mode,
    )
    acc = create_accountant(mechanism=spec.accountant)
    state = PrivateTraining(
        module=wrapped,
        optimizer=dp_optimizer,
        loader=DPDataLoader(
            data.dataset,
            sample_rate=sample_rate,
            collate_fn=data.collate_fn,
            generator=spec.sampler_generator,
        ),
        criterion=data.criterion,
        accountant=acc,
        clipping=mode,
        noise_multiplier=spec.noise_multiplier,
        sample_rate=sample_rate,
    )

    def _account(_: DPOptimizer) -> None:
        acc.step(noise_multiplier=spec.noise_multiplier, sample_rate=sample_rate)
        state.steps_taken[0] += 1
        on_step(state.steps_taken[0])

    dp_optimizer.attach_step_hook(_account)
    if mode is ClippingMode.GHOST:
        assert isinstance(dp_optimizer, DPOptimizerFastGradientClipping)
        state.criterion = DPLossFastGradientClipping(wrapped, dp_optimizer, data.criterion, "mean")  # type: ignore[arg-type]
    return state
