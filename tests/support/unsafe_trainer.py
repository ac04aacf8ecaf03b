"""Test-only DP-SGD trainer of a tiny text classifier, with a deliberately unsafe mode.

``train_tiny_classifier`` trains a hashed bag-of-words linear classifier with Opacus
(``PrivacyEngine.make_private`` with Poisson sampling, per-sample clipping and Gaussian
noise). The noise multiplier is chosen for ``target_epsilon`` and the reported ε is what the
accountant computes for that noise. ``unsafe_noise_scale`` < 1 then scales the noise that is
actually added, while the reported ε stays the same: exactly the bug the privacy audit must
catch. Never use it outside tests.
"""

from __future__ import annotations

import functools
import hashlib
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from opacus import PrivacyEngine
from opacus.accountants import RDPAccountant
from opacus.accountants.utils import get_noise_multiplier
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

__all__ = [
    "TinyDpSgd",
    "TinyTextClassifier",
    "TrainedTiny",
    "featurize",
    "train_tiny_classifier",
]

_TOKEN = re.compile(r"[A-Za-z0-9#()\-]+")


@functools.lru_cache(maxsize=1 << 18)
def _bucket(token: str, dim: int) -> int:
    digest = hashlib.blake2b(token.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") % dim


def featurize(texts: Sequence[str], dim: int) -> torch.Tensor:
    """L2-normalised hashed counts of lower-cased word tokens (stable across processes)."""
    features = np.zeros((len(texts), dim), dtype=np.float32)
    for row, text in enumerate(texts):
        for token in _TOKEN.findall(text.lower()):
            features[row, _bucket(token, dim)] += 1.0
    norms = np.linalg.norm(features, axis=1, keepdims=True)
    return torch.from_numpy(features / np.maximum(norms, 1e-12))


class TinyTextClassifier:
    """A real torch model behind the ``ScoresModel`` protocol of the privacy evaluation."""

    def __init__(self, module: nn.Module, labels: Sequence[str], dim: int) -> None:
        self.module = module
        self.labels = list(labels)
        self.dim = dim

    def _logits(self, texts: Sequence[str]) -> torch.Tensor:
        self.module.eval()
        with torch.no_grad():
            out: torch.Tensor = self.module(featurize(texts, self.dim))
            return out

    def per_example_loss(self, texts: Sequence[str], labels: Sequence[int]) -> list[float]:
        targets = torch.tensor(list(labels))
        losses = nn.functional.cross_entropy(self._logits(texts), targets, reduction="none")
        return [float(x) for x in losses]

    def predict_proba(self, texts: Sequence[str]) -> list[list[float]]:
        return torch.softmax(self._logits(texts), dim=1).tolist()


@dataclass(frozen=True)
class TrainedTiny:
    model: TinyTextClassifier
    epsilon: float
    delta: float
    noise_multiplier: float
    applied_noise_multiplier: float
    steps: int


@dataclass(frozen=True, kw_only=True)
class TinyDpSgd:
    """How the tiny classifier is trained: DP-SGD (Adam) for ``target_epsilon`` at ``delta``;
    ``unsafe_noise_scale`` < 1 adds less noise than accounted (see the module docstring)."""

    target_epsilon: float
    delta: float
    epochs: int = 30
    batch_size: int = 64
    max_grad_norm: float = 1.0
    lr: float = 0.05
    dim: int = 4096
    seed: int = 0
    unsafe_noise_scale: float = 1.0


def train_tiny_classifier(
    texts: Sequence[str], labels: Sequence[str], *, label_names: Sequence[str], spec: TinyDpSgd
) -> TrainedTiny:
    """Train with DP-SGD (Adam) as ``spec`` says; see the module docstring for unsafe."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a tiny model: more threads only contend on a shared machine
    try:
        return _train(texts, labels, label_names, spec)
    finally:
        torch.set_num_threads(threads)


def _train(
    texts: Sequence[str], labels: Sequence[str], label_names: Sequence[str], spec: TinyDpSgd
) -> TrainedTiny:
    torch.manual_seed(spec.seed)
    index = {label: i for i, label in enumerate(label_names)}
    x = featurize(texts, spec.dim)
    y = torch.tensor([index[label] for label in labels])
    loader = DataLoader(TensorDataset(x, y), batch_size=spec.batch_size, shuffle=True)
    module = nn.Linear(spec.dim, len(label_names))
    optimizer = torch.optim.Adam(module.parameters(), lr=spec.lr)
    sample_rate = spec.batch_size / len(texts)
    sigma = get_noise_multiplier(
        target_epsilon=spec.target_epsilon,
        target_delta=spec.delta,
        sample_rate=sample_rate,
        epochs=spec.epochs,
        accountant="rdp",
    )
    engine = PrivacyEngine(accountant="rdp")
    private_module, private_optimizer, private_loader = engine.make_private(
        module=module,
        optimizer=optimizer,
        data_loader=loader,
        noise_multiplier=sigma,
        max_grad_norm=spec.max_grad_norm,
        poisson_sampling=True,
    )
    applied = sigma
    if spec.unsafe_noise_scale != 1.0:
        warnings.warn(
            f"unsafe_noise_scale={spec.unsafe_noise_scale}: the reported ε is false", stacklevel=2
        )
        applied = sigma * spec.unsafe_noise_scale
        private_optimizer.noise_multiplier = applied
    loss_fn = nn.CrossEntropyLoss()
    steps = 0
    private_module.train()
    for _ in range(spec.epochs):
        for batch_x, batch_y in private_loader:
            if batch_x.shape[0] == 0:
                continue
            private_optimizer.zero_grad()
            loss_fn(private_module(batch_x), batch_y).backward()
            private_optimizer.step()
            steps += 1
    # What the accountant claims: the nominal noise, whatever was really added.
    claimed = RDPAccountant()
    claimed.history = [(sigma, sample_rate, steps)]
    epsilon = claimed.get_epsilon(spec.delta)
    return TrainedTiny(
        model=TinyTextClassifier(module, label_names, spec.dim),
        epsilon=epsilon,
        delta=spec.delta,
        noise_multiplier=sigma,
        applied_noise_multiplier=applied,
        steps=steps,
    )
