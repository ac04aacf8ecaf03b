"""Phone numbers of many countries: one candidate regex, then ``phonenumbers`` validation.

A candidate is a run of digits with the separators people write (spaces, dots, dashes,
slashes, parentheses, a ``(0)`` trunk, an extension). Numbers written internationally
(``+44 ...``, ``0044 ...``) are validated against their own country; numbers written
nationally against each of the policy's countries whose metadata admits them (a cheap
pre-filter on the national number pattern, so ``phonenumbers`` parses only a few regions).

Scores: valid in international notation 0.75, possible (right length) 0.65, a known country
code with 7 to 14 further digits 0.55 (synthetic and mistyped numbers are still numbers);
valid in national notation with separators 0.55, other valid ones 0.4; right shape for a
region but not valid 0.4 with separators, 0.3 bare. A context word such as "call" or "tel"
lifts a score by 0.35; words such as "order" or "tracking" lower unsupported ones. Shapes of
other things are refused before any parsing: dates, times, version strings and IPv4
addresses (``4.2.0.117``), prices, and digits glued to letters (SKUs, tracking codes).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

import phonenumbers
from presidio_analyzer import EntityRecognizer, RecognizerResult

from governance.catalog.registry import DEFAULT_COUNTRIES, SUPPORTED_COUNTRIES, canonical_country

__all__ = ["PhoneNumbersRecognizer", "phone_numbers"]

#: Digits joined by at most three separator characters; optional ``+``/``00`` prefix and
#: extension. Never inside a longer token (letters, ``/``, ``.`` or ``-`` glued to it).
_CANDIDATE = re.compile(
    r"(?<![\w+./-])(?:\+[ \t]?|\(\+?)?\d(?:[ \t.\-/()]{0,3}\d){5,17}\)?"
    r"(?:[ \t]*[,;]?[ \t]*(?:x|ext\.?|extn?\.?|extension|poste|durchwahl|dw\.?|#)[ \t]*\d{1,6})?"
    r"(?![\w]|[.\-/,]\d)",
    re.IGNORECASE,
)
_EXTENSION = re.compile(
    r"[ \t]*[,;]?[ \t]*(?:x|ext\.?|extn?\.?|extension|poste|durchwahl|dw\.?|#)[ \t]*\d{1,6}$",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"^\d{1,4}([./-])\d{1,2}\1\d{1,4}$"
    r"|^(?:19|20)\d{2}([./-]?)(?:0[1-9]|1[0-2])\2(?:0[1-9]|[12]\d|3[01])$"
)
_DOTTED = re.compile(r"^[\d.]+$")
_CURRENCY = re.compile(
    r"[$€£¥₹]\s*$|(?i:\b(?:eur|usd|gbp|chf|cad|aud|inr|brl|sek|nok|dkk|pln|czk|try|jpy|"
    r"nzd|zar|ngn|mxn|ars|rs\.?|r\$)\s*)$"
)
_CURRENCY_AFTER = re.compile(r"^\s*(?:[$€£¥₹]|(?i:(?:eur|usd|gbp|chf|kr|zł|kč|euros?|dollars?)\b))")
_MIN_NATIONAL_DIGITS = 8
#: Regions whose national prefix is more than a trunk digit (mobile ``15``, carrier codes).
_COMPLEX_PREFIX_REGIONS = frozenset({"AR", "BR"})
_MAX_DIGITS = 17

VALID_INTERNATIONAL = 0.75
POSSIBLE_INTERNATIONAL = 0.65
KNOWN_COUNTRY_CODE = 0.55
VALID_NATIONAL = 0.55
WEAK_VALID = 0.4
SHAPE_SEPARATED = 0.4
SHAPE_BARE = 0.3
_MIN_LOOSE_DIGITS = 8


@dataclass(frozen=True)
class _Region:
    code: str
    trunk: str
    pattern: re.Pattern[str]
    lengths: frozenset[int]
    #: National prefixes beyond a plain trunk (Argentina's ``15``): no pre-filter.
    complex_prefix: bool


@functools.lru_cache(maxsize=64)
def _region(code: str) -> _Region | None:
    meta = phonenumbers.PhoneMetadata.metadata_for_region(code)
    if meta is None or meta.general_desc is None:
        return None
    desc = meta.general_desc
    pattern = re.compile(desc.national_number_pattern or r"\d+")
    trunk = meta.national_prefix or ""
    complex_prefix = code in _COMPLEX_PREFIX_REGIONS
    return _Region(code, trunk, pattern, frozenset(desc.possible_length), complex_prefix)


def _admits(region: _Region, digits: str) -> bool:
    """Whether the region's general pattern could hold ``digits`` (with or without trunk)."""
    if region.complex_prefix:
        return True
    candidates = [digits]
    if region.trunk and digits.startswith(region.trunk):
        candidates.append(digits[len(region.trunk) :])
    return any(
        len(nsn) in region.lengths and region.pattern.fullmatch(nsn) is not None
        for nsn in candidates
    )


def _valid(text: str, region: str | None) -> bool:
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_valid_number(number))


@functools.lru_cache(maxsize=2048)
def _international(core: str) -> float:
    """Score of a number written with ``+`` or ``00`` (0: not a phone number)."""
    text = core.strip("()")
    loose = text.startswith("+")
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        return 0.0
    if phonenumbers.is_valid_number(number):
        return VALID_INTERNATIONAL
    if phonenumbers.is_possible_number(number):
        return POSSIBLE_INTERNATIONAL
    national = len(str(number.national_number))
    if loose and national >= _MIN_LOOSE_DIGITS - 1 and national <= _MAX_DIGITS - 3:
        return KNOWN_COUNTRY_CODE
    return 0.0


def _looks_like_something_else(core: str) -> bool:
    """Dates, times, versions and IPv4 addresses."""
    if _DATE.match(core):
        return True
    if _DOTTED.match(core):
        groups = core.split(".")
        if len(groups) >= 3 and any(len(g) == 1 for g in groups):
            return True
        if len(groups) == 4 and all(len(g) <= 3 and int(g) <= 255 for g in groups if g):
            return True
    return False


class PhoneNumbersRecognizer(EntityRecognizer):  # type: ignore[misc]
    """PHONE_NUMBER in international and national notation of ``regions``."""

    def __init__(self, regions: tuple[str, ...], name: str = "phonenumbers") -> None:
        self.regions = tuple(r for r in regions if _region(r) is not None)
        super().__init__(supported_entities=["PHONE_NUMBER"], name=name)

    def load(self) -> None:
        """Nothing to load."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
        """Validated phone numbers in ``text``."""
        results: list[RecognizerResult] = []
        for match in _CANDIDATE.finditer(text):
            start, end = match.span()
            candidate = match.group()
            if candidate.startswith("(") and ")" not in candidate[1:]:
                start, candidate = start + 1, candidate[1:]
            if candidate.endswith(")") and candidate.count("(") < candidate.count(")"):
                end, candidate = end - 1, candidate[:-1]
            score = self.score(candidate, text[max(0, start - 6) : start], text[end : end + 6])
            if score > 0:
                results.append(RecognizerResult("PHONE_NUMBER", start, end, score))
        return results

    def score(self, candidate: str, before: str, after: str) -> float:
        """Score of one candidate (0: not a phone number)."""
        ext = _EXTENSION.search(candidate)
        core = candidate[: ext.start()] if ext else candidate
        digits = re.sub(r"\D", "", core)
        if len(digits) > _MAX_DIGITS or _looks_like_something_else(core):
            return 0.0
        if _CURRENCY.search(before) or _CURRENCY_AFTER.match(after):
            return 0.0
        stripped = core.lstrip("(")
        if stripped.startswith("+") or (stripped.startswith("00") and digits[2:3] != "0"):
            return _international(core)
        separated = any(not c.isdigit() for c in core)
        verdict = _national(core, digits, self.regions)
        if verdict is _Verdict.VALID:
            return VALID_NATIONAL if separated and len(digits) >= _MIN_LOOSE_DIGITS else WEAK_VALID
        if verdict is _Verdict.SHAPE:
            return SHAPE_SEPARATED if separated else SHAPE_BARE
        return 0.0


class _Verdict(Enum):
    NONE = 0
    SHAPE = 1
    VALID = 2


@functools.lru_cache(maxsize=2048)
def _national(core: str, digits: str, regions: tuple[str, ...]) -> _Verdict:
    """VALID in one of ``regions``, else SHAPE when one's number pattern admits it."""
    verdict = _Verdict.NONE
    for code in regions:
        region = _region(code)
        if region is None or not _admits(region, digits):
            continue
        if _valid(core, code):
            return _Verdict.VALID
        verdict = _Verdict.SHAPE
    return verdict


def phone_numbers(countries: tuple[str, ...]) -> PhoneNumbersRecognizer:
    """Registry factory: phone numbers of the policy's countries (the 30 if none)."""
    wanted = [canonical_country(c) for c in countries] or sorted(DEFAULT_COUNTRIES)
    # US first: most texts are American, and the first valid region ends the search.
    ordered = sorted(set(wanted) & SUPPORTED_COUNTRIES, key=lambda c: (c != "US", c))
    return PhoneNumbersRecognizer(tuple(ordered))
