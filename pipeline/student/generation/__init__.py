"""Generation students: a small causal LM trained (optionally with DP-SGD) on teacher answers.

Public API (also importable from the modules named):

- :class:`GenExample` (``examples``): one distilled record (redacted prompt, teacher answer).
- :func:`build_generator` and :data:`GENERATION_ARCHITECTURE` (``model``).
- :func:`train_generator` (``train``): train, save a Hugging Face folder + ``training.json``.
- :class:`GenerationStudent` (``student``): load a saved folder; ``log_perplexity``,
  ``generate`` (the privacy-evaluation protocol) and ``complete`` (answer record prompts).
"""

from __future__ import annotations

from pipeline.student.generation.examples import GenExample
from pipeline.student.generation.model import (
    GENERATION_ARCHITECTURE,
    build_generator,
    is_generation_folder,
    save_generator,
)
from pipeline.student.generation.student import GenerationStudent
from pipeline.student.generation.train import GENERATION_TASK_KIND, train_generator

__all__ = [
    "GENERATION_ARCHITECTURE",
    "GENERATION_TASK_KIND",
    "GenExample",
    "GenerationStudent",
    "build_generator",
    "is_generation_folder",
    "save_generator",
    "train_generator",
]
