"""Classifier students: a (truncated) BERT-family encoder with a classification head, trained
(optionally with DP-SGD) on teacher labels.

Public API (also importable from the modules named):

- :class:`TrainExample` (``examples``): one distilled record (text, teacher label, soft label).
- :func:`build_student`, :class:`StudentModel` (``model``): build a fresh student; load a
  saved folder (``predict_proba``, ``per_example_loss``: what the privacy evaluation attacks).
- :func:`train_student` (``train``): train, save a Hugging Face folder + ``training.json``.
- :func:`evaluate_student` (``metrics``): held-out agreement, accuracy, calibration.
- :data:`MEAN_POOL_ARCHITECTURE`, :func:`load_student_module` (``meanpool``): the default
  mean-pooling head and the loader of a saved folder.
"""

from __future__ import annotations

from pipeline.student.classifier.examples import TrainExample
from pipeline.student.classifier.meanpool import MEAN_POOL_ARCHITECTURE, load_student_module
from pipeline.student.classifier.metrics import evaluate_student
from pipeline.student.classifier.model import StudentModel, build_student
from pipeline.student.classifier.train import CLASSIFICATION_TASK_KIND, train_student

__all__ = [
    "CLASSIFICATION_TASK_KIND",
    "MEAN_POOL_ARCHITECTURE",
    "StudentModel",
    "TrainExample",
    "build_student",
    "evaluate_student",
    "load_student_module",
    "train_student",
]
