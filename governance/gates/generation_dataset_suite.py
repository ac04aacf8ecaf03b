"""Distilled dataset suite of a generation run: prompts and teacher answers (targets).

No label checks; instead every target is a non-empty answer within length bounds, neither
the prompt nor the target holds residual PII (scanner and regex columns for both), ids are
unique and no id or prompt occurs in both splits. As in the classification suite, no
expectation reads a text itself, so results never quote one.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from governance.gates.dataset_suite import load_dataset_frame
from governance.gates.expectations import (
    ExpectColumnDistinctValuesToEqualSet,
    ExpectColumnValuesToBeInSet,
    ExpectColumnValuesToBeUnique,
    ExpectColumnValuesToNotBeNull,
    ExpectTableColumnsToMatchSet,
    ExpectTableRowCountToBeBetween,
)
from governance.gates.residual_pii import (
    add_residual_pii_columns,
    length_expectation,
    residual_pii_columns,
    residual_pii_expectations,
)
from governance.gates.spec import ExpectationSpec, GateInputs

__all__ = ["GENERATION_COLUMNS", "MAX_TARGET_CHARS", "GenerationDatasetSuite"]

#: Columns the distilled dataset of a generation run must have, nothing more.
GENERATION_COLUMNS: tuple[str, ...] = ("example_id", "text", "target", "split")
#: Longest teacher answer accepted (characters).
MAX_TARGET_CHARS = 4096
_SPLITS = ("train", "eval")
_TEXT_COLUMNS = ("text", "target")


def _computed() -> tuple[str, ...]:
    per_column = [
        name for column in _TEXT_COLUMNS for name in residual_pii_columns(column, qualified=True)
    ]
    return (*per_column, "id_in_both_splits", "text_in_both_splits")


class GenerationDatasetSuite:
    """Expectations over the prompts and targets of a generation run."""

    name = "distilled_dataset"

    def frame(self, inputs: GateInputs) -> pd.DataFrame:
        frame = load_dataset_frame(inputs.run_dir / "dataset")
        for column in GENERATION_COLUMNS:
            if column not in frame.columns:
                frame[column] = None
        for column in _TEXT_COLUMNS:
            add_residual_pii_columns(frame, column, qualified=True, pii_scan=inputs.pii_scan)
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
        specs = [
            ExpectationSpec(
                "schema_columns",
                ExpectTableColumnsToMatchSet(
                    column_set=[*GENERATION_COLUMNS, *_computed()], exact_match=True
                ),
                list(GENERATION_COLUMNS),
                "the dataset has exactly the distilled columns of a generation run",
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
            for column in ("example_id", "text", "target")
        ]
        specs += [
            length_expectation(
                "text", min_chars=inputs.min_text_chars, max_chars=inputs.max_text_chars
            ),
            length_expectation(
                "target",
                min_chars=1,
                max_chars=MAX_TARGET_CHARS,
                note=" (no empty teacher answer)",
            ),
        ]
        for column in _TEXT_COLUMNS:
            specs += residual_pii_expectations(
                column, qualified=True, max_residual_pii=inputs.policy.export.max_residual_pii
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
