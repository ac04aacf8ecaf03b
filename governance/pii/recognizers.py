"""The gateway's recognizers: Presidio recognizers, fixed for offline use and false positives,
its own patterns (names after cues, US street addresses and phone formats), the factories
the registry (:mod:`governance.catalog.registry`) names, and the policy's custom recognizers.
Built once per analyzer."""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import regex
import tldextract
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer
from presidio_analyzer.predefined_recognizers import (
    AuAbnRecognizer,
    CreditCardRecognizer,
    CryptoRecognizer,
    DateRecognizer,
    EmailRecognizer,
    IpRecognizer,
    MedicalLicenseRecognizer,
    SgFinRecognizer,
    UrlRecognizer,
    UsBankRecognizer,
    UsItinRecognizer,
    UsLicenseRecognizer,
    UsPassportRecognizer,
    UsSsnRecognizer,
)

from governance.catalog.registry import RecognizerEntry, canonical_country, entries_for
from governance.pii import patterns as p
from governance.pii.fast_recognizer import GATES, GatedRecognizer
from governance.policy.models import CustomRecognizer

__all__ = [
    "BoundedUrlRecognizer",
    "LuhnCardRecognizer",
    "OfflineEmailRecognizer",
    "RecognizerSpec",
    "build_custom_recognizers",
    "build_entry",
    "build_registry_recognizers",
    "has_public_suffix",
]

#: tldextract with the bundled public-suffix snapshot: never touches the network.
_TLD = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


@functools.lru_cache(maxsize=4096)
def has_public_suffix(host: str) -> bool:
    """Whether ``host`` ends in a suffix of the bundled list (hosts repeat: cached)."""
    return bool(_TLD(host).suffix)


_MIN_STRONG_CARD = 13
_CASE_SENSITIVE = regex.DOTALL | regex.MULTILINE


@dataclass(frozen=True)
class RecognizerSpec:
    """A recognizer, the words that raise its score nearby, and which text view it reads.

    ``digits_view``: run it also on the view whose separated digit runs are joined.
    """

    recognizer: EntityRecognizer
    context: tuple[str, ...]
    digits_view: bool = False


class OfflineEmailRecognizer(EmailRecognizer):  # type: ignore[misc]
    """Presidio's email recognizer validating the domain against the bundled suffix list."""

    def validate_result(self, pattern_text: str) -> bool:
        """A match is an email only if its domain has a known public suffix."""
        return has_public_suffix(pattern_text.rsplit("@", 1)[-1])


#: Top-level domains Presidio's URL recognizer knows (taken from its pattern).
_URL_TLDS: frozenset[str] = frozenset(
    regex.findall(r"\(\?:([a-z]+)\)", UrlRecognizer.BASE_URL_REGEX)
)


class BoundedUrlRecognizer(PatternRecognizer):  # type: ignore[misc]
    """URLs found by one cheap candidate pattern, then validated by top-level domain.

    Anchored so that ``john.sm`` in ``john.smith@x.com`` is no URL. Without a scheme the
    TLD must be one Presidio knows; with ``http(s)://`` or ``www.`` any public suffix of
    the bundled (offline) list is accepted.
    """

    _SCHEME = regex.compile(r"(?i)^(?:https?://|www\d{0,3}\.)")

    def __init__(self, name: str = "url") -> None:
        super().__init__(
            supported_entity="URL",
            name=name,
            patterns=[
                Pattern("Scheme URL", p.URL_WITH_SCHEME, 0.6),
                Pattern("Non schema URL", p.URL_CANDIDATE, 0.5),
            ],
            context=["url", "website", "link"],
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        """None (keep the pattern's score) when the domain's suffix is known, else False."""
        rest = self._SCHEME.sub("", pattern_text)
        host = regex.split(r"[/?#:]", rest, maxsplit=1)[0].lower().rstrip(".")
        tld = host.rsplit(".", 1)[-1]
        if tld in _URL_TLDS:
            return None
        if self._SCHEME.match(pattern_text) and has_public_suffix(host):
            return None
        return False


class LuhnCardRecognizer(PatternRecognizer):  # type: ignore[misc]
    """Card numbers of any issuer series (incl. Mastercard 2-series), Luhn-validated."""

    _IIN = regex.compile(r"^(?:[2-6]|1800)")
    _CARD_GROUPS = regex.compile(r"\d{4}([ -])\d{4}\1\d{4}\1\d{4}|3[47]\d\d([ -])\d{6}\2\d{5}")

    def __init__(self) -> None:
        super().__init__(
            supported_entity="CREDIT_CARD",
            name="luhn_card",
            patterns=[Pattern("digits", p.CARD_NUMBER, 0.3)],
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: Any = None,
        regex_flags: int | None = None,
    ) -> list[Any]:
        """Matches; 12-digit ones (Maestro) stay weak unless context such as "card" is near."""
        results: list[Any] = super().analyze(text, entities, nlp_artifacts, regex_flags)
        for result in results:
            if sum(c.isdigit() for c in text[result.start : result.end]) < _MIN_STRONG_CARD:
                result.score = min(result.score, 0.45)
        return results

    def validate_result(self, pattern_text: str) -> bool | None:
        """IIN prefix and Luhn checksum. A number written in a card's groups (``4-4-4-4``,
        Amex ``4-6-5``) that fails Luhn is a mistyped card, not nothing: it stays a weak
        candidate (None keeps the pattern's score) that a card cue lifts over the threshold."""
        digits = [int(c) for c in pattern_text if c.isdigit()]
        if not self._IIN.match("".join(map(str, digits[:4]))):
            return False
        total = 0
        for i, d in enumerate(reversed(digits)):
            if i % 2 == 1:
                d = d * 2 - 9 if d > 4 else d * 2
            total += d
        if total % 10 == 0:
            return True
        return None if self._CARD_GROUPS.fullmatch(pattern_text) else False


def _pattern(
    entity: str, name: str, items: list[tuple[str, str, float]], *, case: bool
) -> PatternRecognizer:
    return PatternRecognizer(
        supported_entity=entity,
        name=name,
        patterns=[Pattern(n, r, s) for n, r, s in items],
        global_regex_flags=_CASE_SENSITIVE if case else _CASE_SENSITIVE | regex.IGNORECASE,
    )


def _phrase(entity: str, name: str, items: list[tuple[str, str, float]]) -> PatternRecognizer:
    return _pattern(entity, name, items, case=True)


# -- registry factories (see governance.catalog.registry); each takes the policy's countries --
def email(countries: tuple[str, ...]) -> EntityRecognizer:
    """Email addresses with a known public suffix."""
    return OfflineEmailRecognizer(name="email")


def url(countries: tuple[str, ...]) -> EntityRecognizer:
    """URLs, validated by top-level domain."""
    return BoundedUrlRecognizer()


def ip_address(countries: tuple[str, ...]) -> EntityRecognizer:
    """IPv4 and IPv6 addresses (Presidio)."""
    return IpRecognizer(name="ip_address")


def us_phone(countries: tuple[str, ...]) -> EntityRecognizer:
    """NANP numbers, separated or ten bare digits (weak)."""
    return _pattern(
        "PHONE_NUMBER",
        "us_phone",
        [("separated", p.US_PHONE, 0.65), ("bare ten digits", p.US_PHONE_BARE, 0.5)],
        case=False,
    )


def credit_card(countries: tuple[str, ...]) -> EntityRecognizer:
    """Presidio's card recognizer (Luhn)."""
    return CreditCardRecognizer(name="credit_card")


def luhn_card(countries: tuple[str, ...]) -> EntityRecognizer:
    """Cards of any issuer series, Luhn-validated."""
    return LuhnCardRecognizer()


def iban_shape(countries: tuple[str, ...]) -> EntityRecognizer:
    """IBAN-shaped strings failing the checksum (weak: needs context)."""
    return _phrase("IBAN_CODE", "iban_shape", [("iban shape", p.IBAN_SHAPE, 0.4)])


def crypto(countries: tuple[str, ...]) -> EntityRecognizer:
    """Bitcoin addresses (Presidio)."""
    return CryptoRecognizer(name="crypto")


def us_ssn(countries: tuple[str, ...]) -> EntityRecognizer:
    """US SSN (Presidio)."""
    return UsSsnRecognizer(name="us_ssn")


def us_ssn_cue(countries: tuple[str, ...]) -> EntityRecognizer:
    """Nine digits right after an SSN cue."""
    return _phrase("US_SSN", "us_ssn_cue", [("ssn cue", p.SSN_AFTER_CUE, 0.7)])


def us_itin(countries: tuple[str, ...]) -> EntityRecognizer:
    """US ITIN (Presidio)."""
    return UsItinRecognizer(name="us_itin")


def au_abn(countries: tuple[str, ...]) -> EntityRecognizer:
    """Australian Business Number (Presidio)."""
    return AuAbnRecognizer(name="au_abn")


def sg_nric_fin(countries: tuple[str, ...]) -> EntityRecognizer:
    """Singapore NRIC/FIN (Presidio)."""
    return SgFinRecognizer(name="sg_nric_fin")


def us_passport(countries: tuple[str, ...]) -> EntityRecognizer:
    """US passport numbers (Presidio; weak without context)."""
    return UsPassportRecognizer(name="us_passport")


def us_bank_number(countries: tuple[str, ...]) -> EntityRecognizer:
    """US bank account numbers (Presidio; weak without context)."""
    return UsBankRecognizer(name="us_bank_number")


def medical_license(countries: tuple[str, ...]) -> EntityRecognizer:
    """DEA numbers (Presidio)."""
    return MedicalLicenseRecognizer(name="medical_license")


def street_address(countries: tuple[str, ...]) -> EntityRecognizer:
    """US-shaped street addresses, P.O. boxes and military addresses."""
    return _phrase(
        "STREET_ADDRESS",
        "street_address",
        [
            ("street address", p.STREET_ADDRESS, 0.85),
            ("po box", p.PO_BOX, 0.7),
            ("military", p.MILITARY_ADDRESS, 0.8),
        ],
    )


def street_address_lower(countries: tuple[str, ...]) -> EntityRecognizer:
    """Lower-cased street address (weak; needs context)."""
    return _phrase(
        "STREET_ADDRESS", "street_address_lower", [("lower", p.STREET_ADDRESS_LOWER, 0.4)]
    )


def person_cue(countries: tuple[str, ...]) -> EntityRecognizer:
    """Names after cues: introductions, sign-offs, greetings, honorifics, relations."""
    return _phrase(
        "PERSON",
        "person_cue",
        [
            ("self introduction", p.INTRO_NAME, 0.85),
            ("sign-off same line", p.SIGNOFF_NAME_SAME_LINE, 0.8),
            ("sign-off next line", p.SIGNOFF_NAME_NEXT_LINE, 0.85),
            ("greeting", p.GREETING_NAME, 0.75),
            ("honorific", p.HONORIFIC_NAME, 0.85),
            ("relation", p.RELATION_NAME, 0.8),
            ("name here", p.NAME_HERE, 0.8),
        ],
    )


def person_cue_lower(countries: tuple[str, ...]) -> EntityRecognizer:
    """Lower-cased self-introductions."""
    return _phrase("PERSON", "person_cue_lower", [("self introduction", p.INTRO_NAME_LOWER, 0.7)])


def location_cue(countries: tuple[str, ...]) -> EntityRecognizer:
    """ "City, ST 12345" and places after "moved to", "live in"."""
    return _phrase(
        "LOCATION",
        "location_cue",
        [("city state zip", p.CITY_STATE_ZIP, 0.8), ("place cue", p.PLACE_AFTER_CUE, 0.75)],
    )


def date(countries: tuple[str, ...]) -> EntityRecognizer:
    """Dates (Presidio)."""
    return DateRecognizer(name="date")


def us_driver_license(countries: tuple[str, ...]) -> EntityRecognizer:
    """US driver licence numbers (Presidio; weak without context)."""
    return UsLicenseRecognizer(name="us_driver_license")


def us_driver_license_cue(countries: tuple[str, ...]) -> EntityRecognizer:
    """A licence number right after a driver licence cue."""
    return _phrase(
        "US_DRIVER_LICENSE",
        "us_driver_license_cue",
        [("license cue", p.DRIVER_LICENSE_AFTER_CUE, 0.8)],
    )


def _resolve(factory: str) -> Callable[[tuple[str, ...]], EntityRecognizer]:
    module, _, attr = factory.partition(":")
    built: Callable[[tuple[str, ...]], EntityRecognizer] = getattr(
        importlib.import_module(module), attr
    )
    return built


def build_entry(entry: RecognizerEntry, countries: tuple[str, ...]) -> RecognizerSpec:
    """One registry row built: its recognizer behind its gate, with its context words."""
    recognizer = _resolve(entry.factory)(countries)
    return RecognizerSpec(
        GatedRecognizer(recognizer, GATES[entry.gate]), entry.context, entry.digits_view
    )


def build_registry_recognizers(countries: Sequence[str]) -> list[RecognizerSpec]:
    """Every registry row for a policy listing ``countries`` (empty: all supported)."""
    wanted = tuple(canonical_country(c) for c in countries)
    return [build_entry(entry, wanted) for entry in entries_for(wanted)]


def build_custom_recognizers(custom: list[CustomRecognizer]) -> list[RecognizerSpec]:
    """The policy's regex and deny-list recognizers."""
    specs: list[RecognizerSpec] = []
    for rule in custom:
        kwargs: dict[str, Any] = {
            "patterns": [Pattern(x.name, x.regex, x.score) for x in rule.patterns] or None,
            "deny_list": list(rule.deny_list) or None,
            "context": list(rule.context) or None,
        }
        recognizer = PatternRecognizer(supported_entity=rule.entity_type, name=rule.name, **kwargs)
        specs.append(RecognizerSpec(recognizer, tuple(w.lower() for w in rule.context)))
    return specs
