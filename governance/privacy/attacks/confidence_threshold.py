"""Confidence threshold attack (Salem et al. 2019): members get more confident predictions."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from governance.privacy.attacks.base import MembershipAttack
from governance.privacy.protocols import LabeledText, ScoresModel

__all__ = ["ConfidenceThresholdAttack"]


class ConfidenceThresholdAttack(MembershipAttack):
    """Score = the largest predicted class probability (needs no label)."""

    name = "confidence_threshold"

    def scores(self, model: ScoresModel, examples: Sequence[LabeledText]) -> NDArray[np.float64]:
        if not examples:
            return np.zeros(0, dtype=np.float64)
        probabilities = np.asarray(model.predict_proba([e.text for e in examples]), np.float64)
        return np.asarray(probabilities.max(axis=1), dtype=np.float64)
