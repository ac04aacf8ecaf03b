"""The interface of a membership-inference attack: examples in, membership scores out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from governance.privacy.protocols import LabeledText, ScoresModel

__all__ = ["MembershipAttack"]


class MembershipAttack(ABC):
    """Scores examples so that a higher score means "more likely a training member"."""

    name: str

    @abstractmethod
    def scores(self, model: ScoresModel, examples: Sequence[LabeledText]) -> NDArray[np.float64]:
        """One finite membership score per example."""
