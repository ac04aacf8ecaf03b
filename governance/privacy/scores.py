"""Membership scores of canary texts for classifier and generation students."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from governance.privacy.exposure import CanaryScorer
from governance.privacy.protocols import GenerationModel, ScoresModel, label_indices

__all__ = ["classifier_scorer", "generation_scorer"]


def classifier_scorer(model: ScoresModel) -> CanaryScorer:
    """Score = minus the loss of each text against its label."""

    def score(texts: Sequence[str], labels: Sequence[str]) -> Sequence[float]:
        losses = model.per_example_loss(texts, label_indices(model, labels))
        return [float(-x) for x in np.asarray(losses)]

    return score


def generation_scorer(model: GenerationModel) -> CanaryScorer:
    """Score = minus the log-perplexity of each text (labels are ignored)."""

    def score(texts: Sequence[str], labels: Sequence[str]) -> Sequence[float]:
        del labels
        return [float(-x) for x in np.asarray(model.log_perplexity(texts))]

    return score
