"""Fills ``{SLOT}`` templates into labelled examples (shared by the generated sources)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from benchmarks.pii_sources.model import Example, TextBuilder

__all__ = ["Filled", "fill"]

_SLOT = re.compile(r"\{([A-Z_0-9]+)\}")


@dataclass(frozen=True)
class Filled:
    """What a slot becomes: a gold value (``entity_type`` set), a look-alike (``kind`` set)
    or plain text (neither)."""

    value: str
    entity_type: str = ""
    subtype: str = ""
    kind: str = ""


def fill(template: str, resolve: Callable[[str], Filled], *, tag: str = "") -> Example:
    """The example made from ``template``, each ``{SLOT}`` replaced by ``resolve(SLOT)``."""
    builder = TextBuilder()
    pos = 0
    for match in _SLOT.finditer(template):
        builder.text(template[pos : match.start()])
        filled = resolve(match.group(1))
        if filled.entity_type:
            builder.pii(filled.entity_type, filled.value, filled.subtype)
        elif filled.kind:
            builder.lookalike(filled.kind, filled.value)
        else:
            builder.text(filled.value)
        pos = match.end()
    builder.text(template[pos:])
    return builder.build(tag)
