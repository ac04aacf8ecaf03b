"""The two-split frame of a distilled dataset and the expectations every dataset suite asks of it.

Both dataset suites (classification and generation) load the ``train`` and ``eval`` splits of
``<run>/dataset`` into one frame, fill the columns a record lacks with nulls, mark a record
whose ``split`` differs from the split it is stored in (``"train (stored in eval)"``) and flag
the ids and texts found in both splits. They then hold that frame to the same table
expectations (exact columns, at least one record, both splits), the same record expectations
(unique, non-null ids and non-null required columns) and the same no-overlap expectations.
The expectation names are part of ``gate.json`` and must not change.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from governance.errors import GateError
from governance.gates.expectations import (
    ExpectColumnDistinctValuesToEqualSet,
    ExpectColumnValuesToBeInSet,
    ExpectColumnValuesToBeUnique,
    ExpectColumnValuesToNotBeNull,
    ExpectTableColumnsToMatchSet,
    ExpectTableRowCountToBeBetween,
)
from governance.gates.spec import ExpectationSpec

__all__ = [
    "OVERLAP_COLUMNS",
    "SPLITS",
    "STORED_SPLIT",
    "load_dataset_frame",
    "mark_splits",
    "overlap_expectations",
    "record_expectations",
    "table_expectations",
]

#: The splits a distilled dataset must hold, in load order.
SPLITS: tuple[str, ...] = ("train", "eval")
#: Temporary column of :func:`load_dataset_frame`: the split a record is stored in.
STORED_SPLIT = "_stored_split"
#: (column, short name) of each column that must not repeat across the splits.
_OVERLAP_CHECKS: tuple[tuple[str, str], ...] = (("example_id", "id"), ("text", "text"))
#: Computed flag columns of :func:`mark_splits`, one per overlap check.
OVERLAP_COLUMNS: tuple[str, ...] = tuple(f"{what}_in_both_splits" for _, what in _OVERLAP_CHECKS)


def load_dataset_frame(dataset_dir: Path, *, columns: Sequence[str] = ()) -> pd.DataFrame:
    """Both splits of a ``save_to_disk`` dataset as one frame (column ``split`` kept as stored).

    The frame has a :data:`STORED_SPLIT` column naming the split each record was read from;
    each of ``columns`` the dataset lacks is added, all null.
    """
    import datasets

    try:
        loaded = datasets.load_from_disk(str(dataset_dir))
    except (FileNotFoundError, ValueError) as exc:
        raise GateError(f"cannot read the distilled dataset at {dataset_dir}: {exc}") from exc
    if not isinstance(loaded, datasets.DatasetDict):
        raise GateError(f"{dataset_dir} holds one split; expected 'train' and 'eval'")
    frames = []
    for split in SPLITS:
        if split not in loaded:
            raise GateError(f"the distilled dataset at {dataset_dir} has no '{split}' split")
        frame = loaded[split].to_pandas()
        assert isinstance(frame, pd.DataFrame)
        frame[STORED_SPLIT] = split
        frames.append(frame)
    frame = pd.concat(frames, ignore_index=True)
    for column in columns:
        if column not in frame.columns:
            frame[column] = None
    return frame


def mark_splits(frame: pd.DataFrame) -> pd.DataFrame:
    """Mark misfiled records in ``split``, add :data:`OVERLAP_COLUMNS`, drop :data:`STORED_SPLIT`.

    A record whose ``split`` is not the split it is stored in reads ``"<split> (stored in
    <stored>)"``; each overlap flag is true for a record whose value of the checked column
    occurs in both splits.
    """
    frame["split"] = [
        s if s == stored else f"{s} (stored in {stored})"
        for s, stored in zip(frame["split"], frame[STORED_SPLIT], strict=True)
    ]
    train = frame[STORED_SPLIT] == "train"
    for (column, _), flag in zip(_OVERLAP_CHECKS, OVERLAP_COLUMNS, strict=True):
        shared = set(frame.loc[train, column]) & set(frame.loc[~train, column])
        frame[flag] = frame[column].isin(shared)
    return frame.drop(columns=[STORED_SPLIT])


def table_expectations(
    columns: Sequence[str], computed: Sequence[str], *, meaning: str
) -> list[ExpectationSpec]:
    """Exactly ``columns`` plus ``computed`` (``meaning`` describes it), a record, both splits."""
    return [
        ExpectationSpec(
            "schema_columns",
            ExpectTableColumnsToMatchSet(column_set=[*columns, *computed], exact_match=True),
            list(columns),
            meaning,
        ),
        ExpectationSpec(
            "has_records",
            ExpectTableRowCountToBeBetween(min_value=1),
            ">= 1",
            "the dataset holds at least one record",
        ),
        ExpectationSpec(
            "both_splits_present",
            ExpectColumnDistinctValuesToEqualSet(column="split", value_set=list(SPLITS)),
            list(SPLITS),
            "records carry split 'train' or 'eval', matching where they are stored",
        ),
    ]


def record_expectations(not_null: Sequence[str]) -> list[ExpectationSpec]:
    """Unique example ids, then one ``<column>_not_null`` per column of ``not_null``."""
    specs = [
        ExpectationSpec(
            "example_id_unique",
            ExpectColumnValuesToBeUnique(column="example_id"),
            "unique",
            "every example id occurs once",
        )
    ]
    specs += [
        ExpectationSpec(
            f"{column}_not_null",
            ExpectColumnValuesToNotBeNull(column=column),
            "not null",
            f"every record has a {column}",
        )
        for column in not_null
    ]
    return specs


def overlap_expectations() -> list[ExpectationSpec]:
    """No id and no text flagged by :func:`mark_splits` as occurring in both splits."""
    return [
        ExpectationSpec(
            f"no_{what}_overlap",
            ExpectColumnValuesToBeInSet(column=flag, value_set=[False]),
            False,
            f"no {what} occurs in both the train and the eval split",
        )
        for (_, what), flag in zip(_OVERLAP_CHECKS, OVERLAP_COLUMNS, strict=True)
    ]
