"""Student training with DP-SGD (Opacus): plan, train, save, evaluate.

Public entry points: :func:`pipeline.student.train.train_student`,
:func:`pipeline.student.dp_plan.resolve_dp` and :class:`pipeline.student.model.StudentModel`.
Import them from their modules (this package keeps its import light).
"""

from __future__ import annotations

__all__: list[str] = []
