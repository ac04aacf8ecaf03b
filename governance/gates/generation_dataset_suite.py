"""Distilled dataset suite of a generation run: prompts and teacher answers (targets).

No label checks; instead every target is a non-empty answer within length bounds, neither
the prompt nor the target holds residual PII (scanner and regex columns for both), ids are
unique and no id or prompt occurs in both splits. As in the classification suite, no
expectation reads a text itself, so results never quote one.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from governance.gates.dataset_frame import (
    OVERLAP_COLUMNS,
    load_dataset_frame,
    mark_splits,
    overlap_expectations,
    record_expectations,
    table_expectations,
)
from governance.gates.residual_pii import (
    add_residual_pii_columns,
    length_expectation,
    residual_pii_columns,
    residual_pii_expectations,
)
from governance.gates.spec import ExpectationSpec, GateInputs
from governance.runfiles.layout import RunLayout

__all__ = ["GENERATION_COLUMNS", "MAX_TARGET_CHARS", "GenerationDatasetSuite"]

#: Columns the distilled dataset of a generation run must have, nothing more.
GENERATION_COLUMNS: tuple[str, ...] = ("example_id", "text", "target", "split")
#: Longest teacher answer accepted (characters).
MAX_TARGET_CHARS = 4096
_TEXT_COLUMNS = ("text", "target")


def _computed() -> tuple[str, ...]:
    per_column = [
        name for column in _TEXT_COLUMNS for name in residual_pii_columns(column, qualified=True)
    ]
    return (*per_column, *OVERLAP_COLUMNS)


class GenerationDatasetSuite:
    """Expectations over the prompts and targets of a generation run."""

    name = "distilled_dataset"

    def frame(self, inputs: GateInputs) -> pd.DataFrame:
        frame = load_dataset_frame(
            RunLayout(inputs.run_dir).dataset_dir, columns=GENERATION_COLUMNS
        )
        for column in _TEXT_COLUMNS:
            add_residual_pii_columns(frame, column, qualified=True, pii_scan=inputs.pii_scan)
        return mark_splits(frame)

    def expectations(self, inputs: GateInputs) -> Sequence[ExpectationSpec]:
        specs = table_expectations(
            GENERATION_COLUMNS,
            _computed(),
            meaning="the dataset has exactly the distilled columns of a generation run",
        )
        specs += record_expectations(("example_id", "text", "target"))
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
        specs += overlap_expectations()
        return specs
