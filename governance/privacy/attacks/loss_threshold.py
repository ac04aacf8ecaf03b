"""Loss threshold attack (Yeom et al. 2018): members have lower loss than non-members."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from governance.privacy.attacks.base import MembershipAttack
from governance.privacy.protocols import LabeledText, ScoresModel, label_indices

__all__ = ["LossThresholdAttack"]


class LossThresholdAttack(MembershipAttack):
    """Score = minus the per-example loss against the example's label."""

    name = "loss_threshold"

    def scores(self, model: ScoresModel, examples: Sequence[LabeledText]) -> NDArray[np.float64]:
        if not examples:
            return np.zeros(0, dtype=np.float64)
        targets = label_indices(model, [e.label for e in examples])
        losses = model.per_example_loss([e.text for e in examples], targets)
        return -np.asarray(losses, dtype=np.float64)
