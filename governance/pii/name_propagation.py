"""A name found once in a text is found everywhere in it: ``Lars Eriksson ... Lars is
remote``, ``Ms Okafor ... Okafor's line``.

After the recognizers and the NER have run, every word of a PERSON finding that can stand
for the person on its own (capitalized or written as found, three letters or more, no common
word or stop word of the seven languages) is looked up in the rest of the text; each whole
word occurrence not yet covered by a finding becomes a PERSON finding with the score of the
finding it came from (``'s`` after it is left out). One message rarely uses a person's
name for anything else, and a model that misses the second mention leaks it.
"""

from __future__ import annotations

from collections.abc import Sequence

from governance.pii.name_gazetteer import NAME_WORD, POSSESSIVE
from governance.pii.name_stoplist import COMMON_WORDS, NEVER_SURNAMES
from governance.pii.types import PiiFinding

__all__ = ["propagate_names"]

_RECOGNIZER = "name_propagation"
#: A word glued to these, or to a letter or digit (``Lars2``), is part of an address or
#: identifier (``mail.lars``, ``lars@``), not a mention.
_GLUED_BEFORE = frozenset("@_./-\\")
_GLUED_AFTER = frozenset("@_")


def _anchors(text: str, findings: Sequence[PiiFinding], min_score: float) -> dict[str, float]:
    words: dict[str, float] = {}
    for f in findings:
        if f.entity_type != "PERSON" or f.score < min_score:
            continue
        for match in NAME_WORD.finditer(text, f.start, f.end):
            word = POSSESSIVE.sub("", match.group())
            folded = word.casefold()
            if len(word) < 3 or folded in COMMON_WORDS or folded in NEVER_SURNAMES:
                continue
            if not (word[0].isupper() or word.islower()):
                continue
            words[word] = max(words.get(word, 0.0), f.score)
    return words


def propagate_names(
    text: str, findings: Sequence[PiiFinding], *, min_score: float
) -> list[PiiFinding]:
    """``findings`` and the further mentions of their PERSON words, sorted by start.

    Only PERSON findings scoring at least ``min_score`` lend their words; a mention inside
    or overlapping any finding is left alone."""
    anchors = _anchors(text, findings, min_score)
    if not anchors:
        return list(findings)
    taken = sorted((f.start, f.end) for f in findings)
    extra: list[PiiFinding] = []
    for match in NAME_WORD.finditer(text):
        word = POSSESSIVE.sub("", match.group())
        score = anchors.get(word)
        if score is None:
            continue
        start, end = match.start(), match.start() + len(word)
        before, after = text[start - 1 : start], text[end : end + 1]
        if before.isalnum() or after.isalnum() or before in _GLUED_BEFORE or after in _GLUED_AFTER:
            continue
        if any(a < end and start < b for a, b in taken):
            continue
        extra.append(PiiFinding("PERSON", start, end, score, _RECOGNIZER))
    if not extra:
        return list(findings)
    return sorted([*findings, *extra], key=lambda f: (f.start, f.end))
