"""Distilled dataset suite: schema, unique ids, no residual PII, labels, lengths, no overlap.

The frame holds one row per record of both splits plus computed columns: the PII rescan count
(``residual_pii_count``), regex hit counts for e-mails, card numbers and SSNs, the text length
and overlap flags. No expectation reads the text itself, so results never quote it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from governance.gates.dataset_frame import (
    OVERLAP_COLUMNS,
    STORED_SPLIT,
    load_dataset_frame,
    mark_splits,
    overlap_expectations,
    record_expectations,
    table_expectations,
)
from governance.gates.expectations import (
    ExpectColumnValuesToBeInSet,
    ExpectColumnValuesToBeInTypeList,
)
from governance.gates.residual_pii import (
    PII_PATTERNS,
    add_residual_pii_columns,
    length_expectation,
    residual_pii_columns,
    residual_pii_expectations,
)
from governance.gates.spec import ExpectationSpec, GateInputs
from governance.runfiles.layout import RunLayout

__all__ = ["DATASET_COLUMNS", "PII_PATTERNS", "DatasetSuite", "load_dataset_frame"]

#: Columns the distilled dataset must have, nothing more.
DATASET_COLUMNS: tuple[str, ...] = (
    "example_id",
    "text",
    "label",
    "label_index",
    "soft_label",
    "ground_truth",
    "split",
)
_COMPUTED = (
    *residual_pii_columns("text", qualified=False),
    "label_matches_index",
    "soft_label_valid",
    "ground_truth_outside_eval",
    *OVERLAP_COLUMNS,
)


def _is_null(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _soft_label_valid(value: Any, n_labels: int) -> bool:
    if _is_null(value):
        return True
    probabilities = [float(p) for p in value]
    return (
        len(probabilities) == n_labels
        and all(0.0 <= p <= 1.0 for p in probabilities)
        and math.isclose(sum(probabilities), 1.0, abs_tol=1e-3)
    )


def _label_matches(label: Any, index: Any, labels: tuple[str, ...]) -> bool:
    try:
        return 0 <= int(index) < len(labels) and labels[int(index)] == label
    except (TypeError, ValueError):
        return False


class DatasetSuite:
    """Expectations over the distilled dataset."""

    name = "distilled_dataset"

    def frame(self, inputs: GateInputs) -> pd.DataFrame:
        frame = load_dataset_frame(RunLayout(inputs.run_dir).dataset_dir, columns=DATASET_COLUMNS)
        add_residual_pii_columns(frame, "text", qualified=False, pii_scan=inputs.pii_scan)
        frame["label_matches_index"] = [
            _label_matches(label, index, inputs.labels)
            for label, index in zip(frame["label"], frame["label_index"], strict=True)
        ]
        frame["soft_label_valid"] = [
            _soft_label_valid(v, len(inputs.labels)) for v in frame["soft_label"]
        ]
        frame["ground_truth_outside_eval"] = [
            not _is_null(g) and s != "eval"
            for g, s in zip(frame["ground_truth"], frame[STORED_SPLIT], strict=True)
        ]
        return mark_splits(frame)

    def expectations(self, inputs: GateInputs) -> Sequence[ExpectationSpec]:
        specs = table_expectations(
            DATASET_COLUMNS, _COMPUTED, meaning="the dataset has exactly the distilled columns"
        )
        specs.append(
            ExpectationSpec(
                "label_index_is_integer",
                ExpectColumnValuesToBeInTypeList(
                    column="label_index", type_list=["int64", "int32", "int16", "int8"]
                ),
                "integer",
                "label_index is an integer column",
            )
        )
        specs += record_expectations(("example_id", "text", "label", "label_index"))
        specs += [
            ExpectationSpec(
                "label_in_allowed_set",
                ExpectColumnValuesToBeInSet(column="label", value_set=list(inputs.labels)),
                list(inputs.labels),
                "every label is one of the task's labels",
            ),
            ExpectationSpec(
                "label_index_matches_label",
                ExpectColumnValuesToBeInSet(column="label_matches_index", value_set=[True]),
                True,
                "label_index points at the record's label",
            ),
            ExpectationSpec(
                "soft_label_valid",
                ExpectColumnValuesToBeInSet(column="soft_label_valid", value_set=[True]),
                True,
                "soft labels are null or a probability per label summing to 1",
            ),
            ExpectationSpec(
                "ground_truth_only_in_eval",
                ExpectColumnValuesToBeInSet(column="ground_truth_outside_eval", value_set=[False]),
                False,
                "hidden ground truth appears only in the eval split",
            ),
            length_expectation(
                "text", min_chars=inputs.min_text_chars, max_chars=inputs.max_text_chars
            ),
        ]
        specs += residual_pii_expectations(
            "text", qualified=False, max_residual_pii=inputs.policy.export.max_residual_pii
        )
        specs += overlap_expectations()
        return specs
