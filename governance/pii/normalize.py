"""Normalization against evasion, with an offset map back to the original text.

Steps: Unicode NFKC (per character, which folds fullwidth forms), removal of zero-width, bidi
and other control characters (``john\u0000smith`` -> ``johnsmith``; tab, newline and carriage
return stay), folding of common homoglyphs to ASCII. A second, derived view joins digit runs
separated by single spaces, dots or dashes (``4 1 1 1`` -> ``4111``), and card numbers broken
across a line (``4111 1111\n1111 1111``, joined only when the whole passes Luhn), for the
number recognizers. Every character of a view knows the original span it came from, so a
finding on a view maps back to exactly the original characters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["CONTROL", "HOMOGLYPHS", "INVISIBLE", "NormalizedText", "join_digits", "normalize"]

#: Zero-width, joiner, word-joiner, BOM, soft hyphen and bidi control characters.
INVISIBLE: frozenset[str] = frozenset(
    "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)

#: C0 and C1 control characters except tab, newline and carriage return.
CONTROL: frozenset[str] = frozenset(
    chr(c) for c in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)] if chr(c) not in "\t\n\r"
)
_CONTROL = re.compile("[" + "".join(sorted(CONTROL)).replace("\\", "\\\\") + "]")

#: Common Cyrillic and Greek letters that look like ASCII letters, and look-alike punctuation.
HOMOGLYPHS: dict[str, str] = {
    **dict(zip("аеорсухіјѕԁһӏԛԝ", "aeopcyxijsdhlqw", strict=True)),
    **dict(zip("АВЕКМНОРСТХІЈЅ", "ABEKMHOPCTXIJS", strict=True)),
    **dict(zip("οαντικρυχ", "oavtikpux", strict=True)),
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX", strict=True)),
    "\u2018": "'",
    "\u2019": "'",
    "\u02bc": "'",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
    "\u2024": ".",
    "\u3002": ".",
    "\uff0e": ".",
    "\u2219": ".",
}

_DIGIT_RUN = re.compile(r"\d(?:[ .\-]?\d)+")
#: Digit groups continued on the next line (a card number broken by a line break).
_BROKEN_RUN = re.compile(r"\d(?:(?:[ .\-]|[ \t]*\r?\n[ \t]*)?\d)+")
_MIN_JOINED_DIGITS = 9
_CARD_LENGTHS = range(13, 20)


def _luhn(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _runs(text: str) -> list[tuple[int, int]]:
    """Spans of digit runs: across a line break only when the whole is a Luhn-valid card."""
    spans: list[tuple[int, int]] = []
    for match in _BROKEN_RUN.finditer(text):
        run = match.group()
        digits = "".join(c for c in run if c.isdigit())
        if "\n" not in run or (len(digits) in _CARD_LENGTHS and _luhn(digits)):
            spans.append(match.span())
            continue
        spans.extend(
            (match.start() + m.start(), match.start() + m.end()) for m in _DIGIT_RUN.finditer(run)
        )
    return spans


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A view of a text: ``text`` and, per character, the original ``[starts[i], ends[i])``."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    original_length: int

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the view span ``[start, end)`` to the original text's span."""
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else self.original_length
            return pos, pos
        return self.starts[start], self.ends[end - 1]


def _fold(char: str) -> str:
    if char in INVISIBLE or char in CONTROL:
        return ""
    if char.isascii():
        return char
    folded = unicodedata.normalize("NFKC", char)
    return "".join(HOMOGLYPHS.get(c, c) for c in folded if c not in INVISIBLE)


def normalize(text: str) -> NormalizedText:
    """NFKC, invisible-character removal and homoglyph folding, with the offset map.

    >>> n = normalize("a\u200bb\uff11")
    >>> n.text, n.to_original(0, 3)
    ('ab1', (0, 4))
    """
    if text.isascii() and _CONTROL.search(text) is None:
        idx = tuple(range(len(text)))
        return NormalizedText(text, idx, tuple(i + 1 for i in idx), len(text))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, char in enumerate(text):
        folded = _fold(char)
        for c in folded:
            out.append(c)
            starts.append(i)
            ends.append(i + 1)
    return NormalizedText("".join(out), tuple(starts), tuple(ends), len(text))


def join_digits(view: NormalizedText) -> NormalizedText:
    """Derived view where digit runs split by single separators (>= 9 digits) are joined.

    >>> j = join_digits(normalize("card 4 1 1 1-1111 1111.1111 ok"))
    >>> j.text
    'card 4111111111111111 ok'
    >>> j.to_original(5, 21)
    (5, 27)
    """
    text = view.text
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last = 0
    if not any(c.isdigit() for c in text):
        return view
    for run_start, run_end in _runs(text):
        run = text[run_start:run_end]
        digits = [i for i, c in enumerate(run) if c.isdigit()]
        if len(digits) < _MIN_JOINED_DIGITS or len(digits) == len(run):
            continue
        pieces.append(text[last:run_start])
        starts.extend(view.starts[last:run_start])
        ends.extend(view.ends[last:run_start])
        for i in digits:
            pieces.append(run[i])
            starts.append(view.starts[run_start + i])
            ends.append(view.ends[run_start + i])
        last = run_end
    if last == 0:
        return view
    pieces.append(text[last:])
    starts.extend(view.starts[last:])
    ends.extend(view.ends[last:])
    return NormalizedText("".join(pieces), tuple(starts), tuple(ends), view.original_length)
