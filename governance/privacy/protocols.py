"""What the privacy evaluation needs from a student: small protocols, no model classes.

``pipeline.student.classifier.model.StudentModel`` satisfies :class:`ScoresModel`; tests use
small torch models of their own. Keeping the evaluation on protocols keeps it independent of
how the student is built.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from numpy.typing import ArrayLike

from governance.errors import ConfigError

__all__ = ["GenerationModel", "LabeledText", "ScoresModel", "label_indices"]


@dataclass(frozen=True)
class LabeledText:
    """One example the attacks score: a text and the label it was (or would be) trained with.

    ``text`` is kept out of ``repr`` so that logging an example never shows its content.
    """

    text: str = field(repr=False)
    label: str


@runtime_checkable
class ScoresModel(Protocol):
    """A classifier student as the attacks see it
    (``pipeline.student.classifier.model.StudentModel``)."""

    @property
    def labels(self) -> Sequence[str]:
        """Label names in class-index order."""
        ...

    def per_example_loss(self, texts: Sequence[str], labels: Sequence[int]) -> ArrayLike:
        """Cross-entropy of each text against its label index (lower: fits better)."""
        ...

    def predict_proba(self, texts: Sequence[str]) -> ArrayLike:
        """Class probabilities for each text (each row sums to 1)."""
        ...


@runtime_checkable
class GenerationModel(Protocol):
    """A generation student as exposure and PII replay see it."""

    def log_perplexity(self, texts: Sequence[str]) -> ArrayLike:
        """Mean per-token negative log-likelihood of each text (lower: more likely)."""
        ...

    def generate(self, prompts: Sequence[str], *, max_new_tokens: int) -> list[str]:
        """Greedy continuations of ``prompts``."""
        ...


def label_indices(model: ScoresModel, names: Sequence[str]) -> list[int]:
    """Class indices of label ``names`` in ``model``'s label order."""
    index = {name: i for i, name in enumerate(model.labels)}
    unknown = sorted(set(names) - set(index))
    if unknown:
        raise ConfigError(
            f"labels {unknown} are not labels of the student",
            hint=f"the student knows {list(model.labels)}",
        )
    return [index[name] for name in names]
