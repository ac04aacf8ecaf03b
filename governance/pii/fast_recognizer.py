"""Cheaper evaluation of Presidio recognizers, with the same results.

:class:`GatedRecognizer` wraps a recognizer with a cheap necessary condition of its
patterns (``has_digit``: every card, phone, SSN, date or street pattern needs a digit), so
texts without candidates skip it. For plain pattern recognizers it also evaluates the
patterns itself: the same regexes, validation, invalidation and duplicate removal as
``PatternRecognizer.analyze``, without the per-match explanation objects, timestamps and
debug logging that cost more than the regex matching on short texts.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

import regex
from presidio_analyzer import EntityRecognizer, PatternRecognizer, RecognizerResult
from presidio_analyzer.pattern_recognizer import REGEX_TIMEOUT_SECONDS

from governance.catalog.registry import Gate

__all__ = [
    "GATES",
    "GatedRecognizer",
    "always",
    "has_at",
    "has_at_or_spelled_email",
    "has_cvv_cue",
    "has_digit",
    "has_digit_and_licence_cue",
    "has_digit_or_colon",
    "has_dot_or_colon",
    "has_passport_cue",
    "has_upper",
    "pattern_results",
]

_log = logging.getLogger(__name__)

#: A Unicode decimal digit (a superset of the ``[0-9]`` and ``\d`` the patterns use).
_DIGIT = re.compile(r"\d")


def always(text: str) -> bool:
    """No gate: recognizers whose patterns need no particular character (names after cues)."""
    return True


def has_digit(text: str) -> bool:
    """Numbers of every kind (cards, phones, SSNs, IBANs, dates, street numbers) need a digit."""
    return _DIGIT.search(text) is not None


#: Every cue of the pattern contains one of these; same engine and case folding as it.
_LICENCE_CUE = regex.compile(r"(?i:licen|dl)")


def has_digit_and_licence_cue(text: str) -> bool:
    """Licence numbers after a cue: the cue ("licence", "license", "DL") and a digit."""
    return _LICENCE_CUE.search(text) is not None and has_digit(text)


def has_digit_or_colon(text: str) -> bool:
    """IP addresses: IPv4 needs a digit, IPv6 (``::``, ``fe80::``) a colon."""
    return ":" in text or has_digit(text)


def has_dot_or_colon(text: str) -> bool:
    """URLs: host names need a dot, URLs with a scheme a colon."""
    return "." in text or ":" in text


def has_at(text: str) -> bool:
    """Email addresses need an ``@`` (NFKC normalization folds the fullwidth one)."""
    return "@" in text


#: Spelled-out emails: an ``@`` or a bracketed/worded "at"/"dot".
_SPELLED = re.compile(r"(?i)[\[({<]\s*(?:at|dot)\s*[\])}>]|\sdot\s")


def has_at_or_spelled_email(text: str) -> bool:
    """Emails, also spelled out: ``@``, ``[at]``, ``(dot)``, `` dot ``."""
    return "@" in text or _SPELLED.search(text) is not None


#: Every cue of the CVV pattern contains one of these (same case folding).
_CVV_CUE = re.compile(r"(?i)cvv|cvc|\bcid\b|\bcsc\b|security\s+code|verification|cryptogramme|prüf")


def has_cvv_cue(text: str) -> bool:
    """Card security codes after a cue: the cue and a digit."""
    return _CVV_CUE.search(text) is not None and has_digit(text)


_PASSPORT_CUE = re.compile(r"(?i)pass|pasa|paspo|paszp|\bpas\b")


def has_passport_cue(text: str) -> bool:
    """Passport numbers after a cue: the cue and a digit."""
    return _PASSPORT_CUE.search(text) is not None and has_digit(text)


_UPPER = regex.compile(r"\p{Lu}")


def has_upper(text: str) -> bool:
    """Names from the gazetteer start with a capital letter."""
    return _UPPER.search(text) is not None


def pattern_results(recognizer: PatternRecognizer, text: str) -> list[RecognizerResult]:
    """What ``PatternRecognizer.analyze(text, ...)`` returns, minus explanations.

    Same compiled regexes and flags, same ``validate_result``/``invalidate_result`` scoring,
    same :meth:`EntityRecognizer.remove_duplicates`.
    """
    flags = recognizer.global_regex_flags
    entity_type = recognizer.supported_entities[0]
    results: list[RecognizerResult] = []
    patterns: list[Any] = getattr(recognizer, "patterns", [])
    for pattern in patterns:
        if not pattern.compiled_regex or pattern.compiled_with_flags != flags:
            pattern.compiled_with_flags = flags
            pattern.compiled_regex = regex.compile(pattern.regex, flags=flags)
        try:
            for match in pattern.compiled_regex.finditer(text, timeout=REGEX_TIMEOUT_SECONDS):
                start, end = match.span()
                if start == end:
                    continue
                current = text[start:end]
                score = pattern.score
                validation = recognizer.validate_result(current)
                if validation is not None:
                    score = EntityRecognizer.MAX_SCORE if validation else EntityRecognizer.MIN_SCORE
                if recognizer.invalidate_result(current):
                    score = EntityRecognizer.MIN_SCORE
                if score > EntityRecognizer.MIN_SCORE:
                    results.append(RecognizerResult(entity_type, start, end, score))
        except TimeoutError:
            _log.warning("regex pattern %r timed out, skipping", pattern.name)
    if not results:
        return results
    deduplicated: list[RecognizerResult] = EntityRecognizer.remove_duplicates(results)
    return deduplicated


class GatedRecognizer(EntityRecognizer):  # type: ignore[misc]
    """A recognizer run only on texts that pass ``gate``, a necessary condition of a match.

    ``gate(text)`` must hold for every text in which ``inner`` can find anything, so gating
    never changes the findings. Plain pattern recognizers (``analyze`` not overridden) are
    evaluated by :func:`pattern_results`.
    """

    def __init__(self, inner: EntityRecognizer, gate: Callable[[str], bool] = always) -> None:
        name = str(getattr(inner, "name", type(inner).__name__))
        super().__init__(
            supported_entities=inner.supported_entities,
            name=name,
            supported_language=inner.supported_language,
            context=inner.context,
        )
        self.inner = inner
        self._gate = gate
        self._plain_patterns: PatternRecognizer | None = None
        if (
            isinstance(inner, PatternRecognizer)
            and type(inner).analyze is PatternRecognizer.analyze
        ):
            self._plain_patterns = inner

    def load(self) -> None:
        """Nothing to load (the inner recognizer is built)."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
        """The inner recognizer's results; none when the gate rules every match out."""
        if not self._gate(text):
            return []
        if self._plain_patterns is not None:
            return pattern_results(self._plain_patterns, text)
        results: list[Any] = self.inner.analyze(text, entities, nlp_artifacts)
        return results


#: The function of each registry gate.
GATES: dict[Gate, Callable[[str], bool]] = {
    Gate.NONE: always,
    Gate.DIGIT: has_digit,
    Gate.AT: has_at,
    Gate.DOT_OR_COLON: has_dot_or_colon,
    Gate.DIGIT_OR_COLON: has_digit_or_colon,
    Gate.DIGIT_AND_LICENCE_CUE: has_digit_and_licence_cue,
    Gate.AT_OR_SPELLED: has_at_or_spelled_email,
    Gate.CVV_CUE: has_cvv_cue,
    Gate.PASSPORT_CUE: has_passport_cue,
    Gate.UPPER: has_upper,
}
