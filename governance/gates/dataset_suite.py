"""Distilled dataset suite: schema, unique ids, no residual PII, labels, lengths, no overlap.

The frame holds one row per record of both splits plus computed columns: the PII rescan count
(``residual_pii_count``), regex hit counts for e-mails, card numbers and SSNs, the text length
and overlap flags. No expectation reads the text itself, so results never quote it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from governance.errors import GateError
from governance.gates.expectations import (
    ExpectColumnDistinctValuesToEqualSet,
    ExpectColumnValuesToBeInSet,
    ExpectColumnValuesToBeInTypeList,
    ExpectColumnValuesToBeUnique,
    ExpectColumnValuesToNotBeNull,
    ExpectTableColumnsToMatchSet,
    ExpectTableRowCountToBeBetween,
)
from governance.gates.residual_pii import (
    PII_PATTERNS,
    add_residual_pii_columns,
    length_expectation,
    residual_pii_columns,
    residual_pii_expectations,
)
from governance.gates.spec import ExpectationSpec, GateInputs

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
_SPLITS = ("train", "eval")
_COMPUTED = (
    *residual_pii_columns("text", qualified=False),
    "label_matches_index",
    "soft_label_valid",
    "ground_truth_outside_eval",
    "id_in_both_splits",
    "text_in_both_splits",
)


def load_dataset_frame(dataset_dir: Path) -> pd.DataFrame:
    """Both splits of a ``save_to_disk`` dataset as one frame (column ``split`` kept as stored)."""
    import datasets

    try:
        loaded = datasets.load_from_disk(str(dataset_dir))
    except (FileNotFoundError, ValueError) as exc:
        raise GateError(f"cannot read the distilled dataset at {dataset_dir}: {exc}") from exc
    if not isinstance(loaded, datasets.DatasetDict):
        raise GateError(f"{dataset_dir} holds one split; expected 'train' and 'eval'")
    frames = []
    for split in _SPLITS:
        if split not in loaded:
            raise GateError(f"the distilled dataset at {dataset_dir} has no '{split}' split")
        frame = loaded[split].to_pandas()
        assert isinstance(frame, pd.DataFrame)
        frame["_stored_split"] = split
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


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
        frame = load_dataset_frame(inputs.run_dir / "dataset")
        for column in DATASET_COLUMNS:
            if column not in frame.columns:
                frame[column] = None
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
            for g, s in zip(frame["ground_truth"], frame["_stored_split"], strict=True)
        ]
        frame["split"] = [
            s if s == stored else f"{s} (stored in {stored})"
            for s, stored in zip(frame["split"], frame["_stored_split"], strict=True)
        ]
        train = frame["_stored_split"] == "train"
        for column, flag in (("example_id", "id_in_both_splits"), ("text", "text_in_both_splits")):
            shared = set(frame.loc[train, column]) & set(frame.loc[~train, column])
            frame[flag] = frame[column].isin(shared)
        return frame.drop(columns=["_stored_split"])

    def expectations(self, inputs: GateInputs) -> Sequence[ExpectationSpec]:
        expected_columns = [*DATASET_COLUMNS, *_COMPUTED]
        specs = [
            ExpectationSpec(
                "schema_columns",
                ExpectTableColumnsToMatchSet(column_set=expected_columns, exact_match=True),
                list(DATASET_COLUMNS),
                "the dataset has exactly the distilled columns",
            ),
            ExpectationSpec(
                "has_records",
                ExpectTableRowCountToBeBetween(min_value=1),
                ">= 1",
                "the dataset holds at least one record",
            ),
            ExpectationSpec(
                "both_splits_present",
                ExpectColumnDistinctValuesToEqualSet(column="split", value_set=list(_SPLITS)),
                list(_SPLITS),
                "records carry split 'train' or 'eval', matching where they are stored",
            ),
            ExpectationSpec(
                "label_index_is_integer",
                ExpectColumnValuesToBeInTypeList(
                    column="label_index", type_list=["int64", "int32", "int16", "int8"]
                ),
                "integer",
                "label_index is an integer column",
            ),
            ExpectationSpec(
                "example_id_unique",
                ExpectColumnValuesToBeUnique(column="example_id"),
                "unique",
                "every example id occurs once",
            ),
        ]
        specs += [
            ExpectationSpec(
                f"{column}_not_null",
                ExpectColumnValuesToNotBeNull(column=column),
                "not null",
                f"every record has a {column}",
            )
            for column in ("example_id", "text", "label", "label_index")
        ]
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
        specs += [
            ExpectationSpec(
                f"no_{what}_overlap",
                ExpectColumnValuesToBeInSet(column=f"{what}_in_both_splits", value_set=[False]),
                False,
                f"no {what} occurs in both the train and the eval split",
            )
            for what in ("id", "text")
        ]
        return specs
