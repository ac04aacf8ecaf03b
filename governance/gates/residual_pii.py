"""Residual-PII evidence of one text column: its computed columns and their expectations.

Both dataset suites check their text columns the same way: a rescan with the PII gateway
(``residual_pii_count``), one hit count per regex in :data:`PII_PATTERNS` and the text length,
each held to zero hits in all but ``max_residual_pii`` of the records. The classification
suite names its single ``text`` column's evidence unqualified (``residual_pii_count``,
``no_residual_pii_scanner``); the generation suite qualifies each name with the column
(``target_residual_pii_count``, ``no_residual_pii_scanner_target``). ``qualified`` picks
the naming; the names are part of ``gate.json`` and must not change.
"""

from __future__ import annotations

import re

import pandas as pd

from governance.gates.expectations import ExpectColumnValuesToBeBetween
from governance.gates.spec import ExpectationSpec, PiiScan

__all__ = [
    "PII_PATTERNS",
    "add_residual_pii_columns",
    "length_expectation",
    "residual_pii_columns",
    "residual_pii_expectations",
]

#: Regex columns computed next to the scanner's count.
PII_PATTERNS: dict[str, re.Pattern[str]] = {
    "email_matches": re.compile(
        r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
    ),
    # Digit runs inside tokens (e.g. the hex of a keyed-hash placeholder) are not numbers.
    "card_matches": re.compile(r"(?<!\w)(?:\d[ -]?){12,18}\d(?!\w)"),
    "ssn_matches": re.compile(r"(?<!\w)\d{3}-\d{2}-\d{4}(?!\w)"),
}


def _prefix(column: str, *, qualified: bool) -> str:
    return f"{column}_" if qualified else ""


def residual_pii_columns(column: str, *, qualified: bool) -> tuple[str, ...]:
    """The computed columns of ``column``: rescan count, one per pattern, then the length."""
    prefix = _prefix(column, qualified=qualified)
    return (
        f"{prefix}residual_pii_count",
        *(f"{prefix}{name}" for name in PII_PATTERNS),
        f"{column}_length",
    )


def add_residual_pii_columns(
    frame: pd.DataFrame, column: str, *, qualified: bool, pii_scan: PiiScan
) -> None:
    """Add the :func:`residual_pii_columns` of ``column`` to ``frame`` (a null text is "")."""
    prefix = _prefix(column, qualified=qualified)
    texts = [t if isinstance(t, str) else "" for t in frame[column]]
    frame[f"{prefix}residual_pii_count"] = [pii_scan(t) for t in texts]
    for name, pattern in PII_PATTERNS.items():
        frame[f"{prefix}{name}"] = [len(pattern.findall(t)) for t in texts]
    frame[f"{column}_length"] = [len(t) for t in texts]


def residual_pii_expectations(
    column: str, *, qualified: bool, max_residual_pii: float
) -> list[ExpectationSpec]:
    """The scanner expectation, then one per pattern, over ``column``'s computed columns."""
    prefix = _prefix(column, qualified=qualified)
    suffix = f"_{column}" if qualified else ""
    rescan = f"a rescan of the {column}" if qualified else "a rescan"
    subject = column if qualified else "record"
    mostly = 1.0 - max_residual_pii
    specs = [
        ExpectationSpec(
            f"no_residual_pii_scanner{suffix}",
            ExpectColumnValuesToBeBetween(
                column=f"{prefix}residual_pii_count", min_value=0, max_value=0, mostly=mostly
            ),
            max_residual_pii,
            f"{rescan} with the PII gateway finds nothing (fraction of records allowed)",
        )
    ]
    for name in PII_PATTERNS:
        what = name.removesuffix("_matches")
        specs.append(
            ExpectationSpec(
                f"no_residual_pii_{what}_regex{suffix}",
                ExpectColumnValuesToBeBetween(
                    column=f"{prefix}{name}", min_value=0, max_value=0, mostly=mostly
                ),
                max_residual_pii,
                f"no {subject} matches the {what} pattern (fraction of records allowed)",
            )
        )
    return specs


def length_expectation(
    column: str, *, min_chars: int, max_chars: int, note: str = ""
) -> ExpectationSpec:
    """Every length in ``<column>_length`` lies in ``[min_chars, max_chars]``."""
    return ExpectationSpec(
        f"{column}_length_within_bounds",
        ExpectColumnValuesToBeBetween(
            column=f"{column}_length", min_value=min_chars, max_value=max_chars
        ),
        [min_chars, max_chars],
        f"{column} lengths (characters) are within bounds{note}",
    )
