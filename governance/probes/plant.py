"""Planting probe values into the source's own texts (pure apart from the seeded generators).

A probe text is one sampled record with up to :data:`PER_TEXT` synthetic values of distinct
entity types and at most one look-alike planted into it. A value either **replaces** an
entity of its type that the gateway found in that record (the record's own sentence, a value
in another format), or is **inserted** with a sentence frame at a sentence boundary of the
record. Offsets of every planted string are computed, never searched for.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from governance.errors import PiiError
from governance.pii.types import PiiFinding
from governance.probes.values import LOOKALIKE_KINDS, VALUE_KINDS, ValueSource

__all__ = ["PER_TEXT", "REPLACE_SHARE", "PlantedString", "ProbeText", "build_probe_texts"]

#: Most probe values (of distinct types) planted into one record.
PER_TEXT = 3
#: Where the record holds an entity of the probe's type, the share of probes replacing one.
REPLACE_SHARE = 0.5
#: Draws of a probe value before giving up because every one occurs in the source.
_REDRAWS = 50
_BOUNDARY = re.compile(r"[.!?]\s+|\n")

PlantMode = Literal["replace", "insert"]


@dataclass(frozen=True, slots=True)
class PlantedString:
    """``text[start:end]`` of the probe text is ``value``, planted as ``label``.

    ``label``: an entity type for a probe value, a look-alike kind for a look-alike.
    """

    label: str
    value: str
    start: int
    end: int
    mode: PlantMode
    country: str | None


@dataclass(frozen=True, slots=True)
class ProbeText:
    """A sampled record (``record_index`` into the sample) with strings planted into it."""

    record_index: int
    text: str
    values: tuple[PlantedString, ...]
    lookalikes: tuple[PlantedString, ...]


@dataclass(frozen=True, slots=True)
class _Edit:
    start: int
    end: int
    before: str
    value: str
    after: str
    label: str
    mode: PlantMode
    country: str | None
    lookalike: bool


def _apply(text: str, edits: list[_Edit]) -> tuple[str, list[tuple[_Edit, int, int]]]:
    parts: list[str] = []
    placed: list[tuple[_Edit, int, int]] = []
    cursor = length = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        parts.append(text[cursor : edit.start])
        length += edit.start - cursor
        start = length + len(edit.before)
        piece = edit.before + edit.value + edit.after
        parts.append(piece)
        length += len(piece)
        placed.append((edit, start, start + len(edit.value)))
        cursor = edit.end
    parts.append(text[cursor:])
    return "".join(parts), placed


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _parts(value: str) -> list[str]:
    """The pieces of ``value`` that could be someone's data on their own: the value and every
    run of two or more of its words (``jacob smith`` in ``dr. jacob smith``)."""
    words = value.split()
    runs = [" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 2, len(words) + 1)]
    return [value, *runs]


def _email_tails(value: str) -> list[str]:
    """Every shorter address ``value`` ends with (``ymitchell@example.net`` in
    ``wendymitchell@example.net``)."""
    at = value.find("@")
    return [value[i:] for i in range(1, at)] if at > 0 else []


class _Planter:
    def __init__(self, source: ValueSource, countries: Sequence[str], avoid: str) -> None:
        self.src = source
        self.rng = source.rng
        self.countries = tuple(countries)
        self.avoid = avoid
        self.emails = frozenset(_EMAIL.findall(avoid))

    def _value(self, entity_type: str, country: str) -> str:
        """A generated value no part of which occurs in the source (case-folded): a probe
        value holding a real one would put that person's data into ``probes.json``."""
        make = VALUE_KINDS[entity_type].make
        value = make(self.src, country)
        for _ in range(_REDRAWS):
            folded = value.casefold()
            if not any(p in self.avoid for p in _parts(folded)) and not any(
                t in self.emails for t in _email_tails(folded)
            ):
                return value
            value = make(self.src, country)
        raise PiiError(f"no {entity_type} probe value absent from the source in {_REDRAWS} draws")

    def _country(self, entity_type: str) -> str:
        kind = VALUE_KINDS[entity_type]
        own = [c for c in self.countries if kind.countries is None or c.upper() in kind.countries]
        return self.rng.choice(own or self.countries)

    def _insert_point(self, text: str, taken: list[tuple[int, int]]) -> int | None:
        points = [m.end() for m in _BOUNDARY.finditer(text)] + [0, len(text)]
        free = [p for p in points if all(not (s <= p <= e) for s, e in taken)]
        return self.rng.choice(free) if free else None

    def _framed(self, at: int, text: str, frame: str, value: str) -> tuple[str, str]:
        head, tail = frame.split("{v}")
        before = ("" if at == 0 or text[at - 1].isspace() else " ") + head
        after = tail + ("" if at == len(text) or text[at].isspace() else " ")
        return before, after

    def edit_for(
        self,
        text: str,
        findings: Sequence[PiiFinding],
        entity_type: str,
        taken: list[tuple[int, int]],
    ) -> _Edit | None:
        country = self._country(entity_type)
        value = self._value(entity_type, country)
        spans = [
            f
            for f in findings
            if f.entity_type == entity_type and all(f.end <= s or f.start >= e for s, e in taken)
        ]
        if spans and self.rng.random() < REPLACE_SHARE:
            f = self.rng.choice(spans)
            return _Edit(f.start, f.end, "", value, "", entity_type, "replace", country, False)
        at = self._insert_point(text, taken)
        if at is None:
            return None
        frame = self.rng.choice(VALUE_KINDS[entity_type].frames)
        before, after = self._framed(at, text, frame, value)
        return _Edit(at, at, before, value, after, entity_type, "insert", country, False)

    def lookalike_for(self, text: str, taken: list[tuple[int, int]]) -> _Edit | None:
        at = self._insert_point(text, taken)
        if at is None:
            return None
        kind = self.rng.choice(LOOKALIKE_KINDS)
        before, after = self._framed(at, text, self.rng.choice(kind.frames), "")
        return _Edit(at, at, before, kind.make(self.src), after, kind.kind, "insert", None, True)


def build_probe_texts(
    texts: Sequence[str],
    findings: Sequence[Sequence[PiiFinding]],
    *,
    entity_types: Sequence[str],
    count: int,
    lookalikes: int,
    countries: Sequence[str],
    seed: int,
    avoid: Sequence[str] = (),
) -> list[ProbeText]:
    """``count`` probe values of each of ``entity_types`` and ``lookalikes`` look-alikes,
    planted into records drawn (seeded) from ``texts``; ``findings`` are the gateway's
    findings per text that the policy acts on (replacement targets). No probe value occurs
    in ``texts`` or ``avoid`` (the whole source), case-folded."""
    if not texts:
        return []
    unknown = [t for t in entity_types if t not in VALUE_KINDS]
    if unknown:
        raise ValueError(f"no probe values for {', '.join(unknown)}")
    rng = random.Random(seed)  # nosec B311  # seeded, reproducible planting; not a secret
    corpus = "\x00".join([*texts, *avoid]).casefold()
    planter = _Planter(ValueSource(rng), countries, corpus)
    queue = [t for t in entity_types for _ in range(count)]
    rng.shuffle(queue)
    left = lookalikes
    probes: list[ProbeText] = []
    while queue or left:
        index = rng.randrange(len(texts))
        text, found = texts[index], findings[index]
        chosen: list[str] = []
        for t in list(queue):
            if len(chosen) == PER_TEXT:
                break
            if t not in chosen:
                chosen.append(t)
                queue.remove(t)
        edits: list[_Edit] = []
        taken: list[tuple[int, int]] = []
        for t in chosen:
            edit = planter.edit_for(text, found, t, taken)
            if edit is None:
                queue.append(t)
                continue
            edits.append(edit)
            taken.append((edit.start, edit.end))
        if left:
            extra = planter.lookalike_for(text, taken)
            if extra is not None:
                edits.append(extra)
                left -= 1
        new_text, placed = _apply(text, edits)
        planted = [
            PlantedString(e.label, e.value, s, end, e.mode, e.country) for e, s, end in placed
        ]
        probes.append(
            ProbeText(
                record_index=index,
                text=new_text,
                values=tuple(
                    p for p, (e, _, _) in zip(planted, placed, strict=True) if not e.lookalike
                ),
                lookalikes=tuple(
                    p for p, (e, _, _) in zip(planted, placed, strict=True) if e.lookalike
                ),
            )
        )
    return probes
