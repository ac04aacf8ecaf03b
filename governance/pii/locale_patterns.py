"""Registry factories for the international patterns: postal addresses of many countries,
names in fields, JSON and signatures, card security codes and passport numbers after a cue.

The regular expressions live in :mod:`governance.pii.intl_patterns`.
"""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern, PatternRecognizer

from governance.pii import intl_patterns as ip

__all__ = ["card_cvv", "intl_address", "passport_cue", "person_field"]

_FLAGS = regex.DOTALL | regex.MULTILINE


def _recognizer(entity: str, name: str, items: list[tuple[str, str, float]]) -> PatternRecognizer:
    return PatternRecognizer(
        supported_entity=entity,
        name=name,
        patterns=[Pattern(n, r, s) for n, r, s in items],
        global_regex_flags=_FLAGS,
    )


def intl_address(countries: tuple[str, ...]) -> PatternRecognizer:
    """Street lines of many countries with their postcode/city lines; P.O. boxes; a
    postcode and city alone (weak: needs an address cue)."""
    return _recognizer(
        "STREET_ADDRESS",
        "intl_address",
        [
            ("address block", ip.ADDRESS_BLOCK, 0.85),
            ("postal box", ip.POSTAL_BOX, 0.6),
            ("lower-case address", ip.LOWER_ADDRESS, 0.6),
            ("postcode and city", ip.POSTCODE_ALONE, 0.4),
        ],
    )


def person_field(countries: tuple[str, ...]) -> PatternRecognizer:
    """Names in header and form fields, JSON values, signature blocks, lower-case greetings."""
    return _recognizer(
        "PERSON",
        "person_field",
        [
            ("field", ip.FIELD_NAME, 0.8),
            ("surname first", ip.FIELD_SURNAME_FIRST, 0.8),
            ("field lower", ip.FIELD_NAME_LOWER, 0.7),
            ("json value", ip.JSON_NAME, 0.8),
            ("signature", ip.SIGNATURE_NAME, 0.75),
            ("greeting lower", ip.GREETING_LOWER, 0.6),
        ],
    )


def card_cvv(countries: tuple[str, ...]) -> PatternRecognizer:
    """Card security codes after a cue word."""
    return _recognizer("CARD_CVV", "card_cvv", [("cvv cue", ip.CVV_AFTER_CUE, 0.85)])


def passport_cue(countries: tuple[str, ...]) -> PatternRecognizer:
    """Passport numbers of any country after a cue word."""
    return _recognizer("PASSPORT", "passport_cue", [("passport cue", ip.PASSPORT_AFTER_CUE, 0.8)])
