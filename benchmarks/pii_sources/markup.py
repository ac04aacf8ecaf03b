"""Inline markup of hand-written messages: ``[[P:Alice Walker]]`` becomes a gold span.

``[[TYPE:value]]`` or ``[[TYPE/SUBTYPE:value]]`` marks personal data; ``[[~KIND:value]]``
marks a look-alike negative. TYPE is a canonical type or one of the short aliases below.
Values may span lines; they may not contain ``]]``.
"""

from __future__ import annotations

import re

from benchmarks.pii_sources.model import Example, TextBuilder

__all__ = ["ALIASES", "parse"]

ALIASES: dict[str, str] = {
    "P": "PERSON",
    "PH": "PHONE_NUMBER",
    "EM": "EMAIL_ADDRESS",
    "CC": "CREDIT_CARD",
    "IBAN": "IBAN_CODE",
    "IP": "IP_ADDRESS",
    "ADDR": "STREET_ADDRESS",
    "ID": "NATIONAL_ID",
    "DT": "DATE_TIME",
    "URL": "URL",
    "LOC": "LOCATION",
}
_MARK = re.compile(r"\[\[(~?)([A-Z_]+)(?:/([A-Z0-9_]+))?:(.*?)\]\]", re.DOTALL)


def parse(marked: str, *, tag: str = "") -> Example:
    """The example written as ``marked``; unknown types raise ``ValueError``."""
    builder = TextBuilder()
    pos = 0
    for match in _MARK.finditer(marked):
        _literal(builder, marked[pos : match.start()])
        negative, kind, subtype, value = match.groups()
        if negative:
            builder.lookalike(kind, value)
        else:
            builder.pii(ALIASES.get(kind, kind), value, subtype or "")
        pos = match.end()
    _literal(builder, marked[pos:])
    return builder.build(tag)


def _literal(builder: TextBuilder, text: str) -> None:
    if "[[" in text or "]]" in text:
        raise ValueError(f"unbalanced markup near: {text[:40]!r}")
    builder.text(text)
