"""Result types of the PII analyzer."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PiiFinding"]


@dataclass(frozen=True, slots=True)
class PiiFinding:
    """One detected entity: ``text[start:end]`` of the ORIGINAL text is of ``entity_type``.

    ``recognizer`` names the recognizer that made the finding (the decision trace).
    """

    entity_type: str
    start: int
    end: int
    score: float
    recognizer: str
