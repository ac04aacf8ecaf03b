"""Student training with DP-SGD (Opacus): plan, train, save, evaluate.

Two student kinds of one shape, ``classifier/`` and ``generation/`` (each: examples, model,
loss, metrics, train), around shared modules: the plan (:mod:`.dp_plan`,
:class:`~pipeline.student.plan.StudentPlan`), the run every trainer shares (:mod:`.fit`), the
DP-SGD and plain epoch loops (:mod:`.epochs`), the DP wiring where the noise is scaled
(:mod:`.private`), checkpoints and resuming (:mod:`.checkpoint`, :mod:`.resume`) and the
result (:mod:`.result`).

Public entry points: :func:`pipeline.student.classifier.train.train_student`,
:func:`pipeline.student.generation.train.train_generator`,
:func:`pipeline.student.dp_plan.resolve_dp` and :class:`pipeline.student.plan.StudentPlan`.
Import them from their modules (this package keeps its import light).
"""

from __future__ import annotations

__all__: list[str] = []
