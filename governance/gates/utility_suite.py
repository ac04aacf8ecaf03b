"""Utility suite: the student's agreement with the teacher and its accuracy.

For a generation student, agreement is the mean ROUGE-L F1 against the teacher's answers and
the threshold is the policy's ``min_generation_agreement`` (``min_agreement`` when unset).

Figures come from the student's metrics (``<run>/student/training.json``, key ``metrics``)
unless the caller passes them. Accuracy is checked only when it is known or required.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from governance.errors import GateError
from governance.gates.expectations import ExpectColumnMinToBeBetween
from governance.gates.spec import ExpectationSpec, GateInputs
from governance.runfiles.layout import RunLayout

__all__ = ["UtilitySuite", "load_student_metrics"]


def load_student_metrics(path: Path) -> dict[str, float]:
    """The numeric entries of ``metrics`` in the student's ``training.json``."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise GateError(f"{path} does not exist: the student has not been trained") from exc
    except ValueError as exc:
        raise GateError(f"{path} is not valid JSON: {exc}") from exc
    metrics = document.get("metrics") if isinstance(document, dict) else None
    if not isinstance(metrics, dict):
        raise GateError(f"{path} has no 'metrics' object")
    return {
        str(k): float(v)
        for k, v in metrics.items()
        if isinstance(v, int | float) and not isinstance(v, bool)
    }


class UtilitySuite:
    """Expectations over the student's agreement and accuracy."""

    name = "utility"

    def _metrics(self, inputs: GateInputs) -> Mapping[str, float]:
        if inputs.metrics is not None:
            return inputs.metrics
        return load_student_metrics(RunLayout(inputs.run_dir).training)

    def frame(self, inputs: GateInputs) -> pd.DataFrame:
        metrics = self._metrics(inputs)
        row = {"agreement": metrics.get("agreement"), "accuracy": metrics.get("accuracy")}
        return pd.DataFrame([row], dtype=object)

    def expectations(self, inputs: GateInputs) -> Sequence[ExpectationSpec]:
        rules = inputs.policy.export
        if inputs.task_kind == "generation":
            return [_generation_agreement(inputs)]
        specs = [
            ExpectationSpec(
                "agreement_above_minimum",
                ExpectColumnMinToBeBetween(column="agreement", min_value=rules.min_agreement),
                f">= {rules.min_agreement}",
                "the student agrees with the teacher at least as often as the policy demands",
                observed_column="agreement",
            )
        ]
        if rules.min_accuracy > 0 or self._metrics(inputs).get("accuracy") is not None:
            specs.append(
                ExpectationSpec(
                    "accuracy_above_minimum",
                    ExpectColumnMinToBeBetween(column="accuracy", min_value=rules.min_accuracy),
                    f">= {rules.min_accuracy}",
                    "the student's accuracy against ground truth meets the policy's minimum",
                    observed_column="accuracy",
                )
            )
        return specs


def _generation_agreement(inputs: GateInputs) -> ExpectationSpec:
    """ROUGE-L agreement of a generation student; accuracy (exact match) is not gated: the
    policy's ``min_accuracy`` is about labels against ground truth."""
    rules = inputs.policy.export
    minimum = (
        rules.min_generation_agreement
        if rules.min_generation_agreement is not None
        else rules.min_agreement
    )
    source = (
        "min_generation_agreement"
        if rules.min_generation_agreement is not None
        else ("min_agreement")
    )
    return ExpectationSpec(
        "agreement_above_minimum",
        ExpectColumnMinToBeBetween(column="agreement", min_value=minimum),
        f">= {minimum}",
        "the student's answers agree with the teacher's (mean ROUGE-L F1 on held-out "
        f"records) at least as the policy demands ({source})",
        observed_column="agreement",
    )
