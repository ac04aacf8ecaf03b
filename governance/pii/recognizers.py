"""The gateway's recognizers: Presidio recognizers, fixed for offline use and false positives,
plus its own patterns (names after cues, street addresses, US phone formats) and the policy's
custom recognizers. Built once per analyzer."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import regex
import tldextract
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer
from presidio_analyzer.predefined_recognizers import (
    AuAbnRecognizer,
    AuTfnRecognizer,
    CreditCardRecognizer,
    CryptoRecognizer,
    DateRecognizer,
    EmailRecognizer,
    EsNifRecognizer,
    IbanRecognizer,
    InAadhaarRecognizer,
    InPanRecognizer,
    IpRecognizer,
    ItFiscalCodeRecognizer,
    MedicalLicenseRecognizer,
    NhsRecognizer,
    PhoneRecognizer,
    SgFinRecognizer,
    UkNinoRecognizer,
    UrlRecognizer,
    UsBankRecognizer,
    UsItinRecognizer,
    UsLicenseRecognizer,
    UsPassportRecognizer,
    UsSsnRecognizer,
)

from governance.pii import patterns as p
from governance.pii.fast_recognizer import (
    GatedRecognizer,
    has_at,
    has_digit,
    has_digit_and_licence_cue,
    has_digit_or_colon,
    has_dot_or_colon,
)
from governance.policy.models import CustomRecognizer

__all__ = [
    "COUNTRY_RECOGNIZERS",
    "BoundedUrlRecognizer",
    "LuhnCardRecognizer",
    "OfflineEmailRecognizer",
    "RecognizerSpec",
    "build_core_recognizers",
    "build_country_recognizers",
    "build_custom_recognizers",
]

#: tldextract with the bundled public-suffix snapshot: never touches the network.
_TLD = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


@functools.lru_cache(maxsize=4096)
def _has_public_suffix(host: str) -> bool:
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


def _digits(recognizer: EntityRecognizer) -> GatedRecognizer:
    return GatedRecognizer(recognizer, has_digit)


class OfflineEmailRecognizer(EmailRecognizer):  # type: ignore[misc]
    """Presidio's email recognizer validating the domain against the bundled suffix list."""

    def validate_result(self, pattern_text: str) -> bool:
        """A match is an email only if its domain has a known public suffix."""
        return _has_public_suffix(pattern_text.rsplit("@", 1)[-1])


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
        if self._SCHEME.match(pattern_text) and _has_public_suffix(host):
            return None
        return False


class LuhnCardRecognizer(PatternRecognizer):  # type: ignore[misc]
    """Card numbers of any issuer series (incl. Mastercard 2-series), Luhn-validated."""

    _IIN = regex.compile(r"^(?:[2-6]|1800)")

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

    def validate_result(self, pattern_text: str) -> bool:
        """IIN prefix and Luhn checksum."""
        digits = [int(c) for c in pattern_text if c.isdigit()]
        if not self._IIN.match("".join(map(str, digits[:4]))):
            return False
        total = 0
        for i, d in enumerate(reversed(digits)):
            if i % 2 == 1:
                d = d * 2 - 9 if d > 4 else d * 2
            total += d
        return total % 10 == 0


class _ScoredPhoneRecognizer(PhoneRecognizer):  # type: ignore[misc]
    """phonenumbers-based recognizer (international numbers) at a usable score."""

    SCORE = 0.6


def _pattern(
    entity: str, name: str, items: list[tuple[str, str, float]], *, case: bool
) -> PatternRecognizer:
    return PatternRecognizer(
        supported_entity=entity,
        name=name,
        patterns=[Pattern(n, r, s) for n, r, s in items],
        global_regex_flags=_CASE_SENSITIVE if case else _CASE_SENSITIVE | regex.IGNORECASE,
    )


_PHONE_CONTEXT: tuple[str, ...] = (
    "phone",
    "call",
    "cell",
    "mobile",
    "tel",
    "telephone",
    "reach",
    "text",
    "fax",
    "contact",
    "dial",
    "whatsapp",
    "sms",
)
_ADDRESS_CONTEXT = (
    "address",
    "live",
    "living",
    "ship",
    "shipping",
    "deliver",
    "delivery",
    "street",
    "located",
    "reside",
    "mail",
    "send",
    "moved",
    "billing",
    "home",
    "arrive",
    "package",
    "parcel",
    "shipment",
)


def build_core_recognizers() -> list[RecognizerSpec]:
    """Recognizers for the entity types every policy gets (no country-specific ones)."""
    names = _pattern(
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
        case=True,
    )
    names_lower = _pattern(
        "PERSON", "person_cue_lower", [("self introduction", p.INTRO_NAME_LOWER, 0.7)], case=True
    )
    street = _pattern(
        "STREET_ADDRESS",
        "street_address",
        [
            ("street address", p.STREET_ADDRESS, 0.85),
            ("po box", p.PO_BOX, 0.7),
            ("military", p.MILITARY_ADDRESS, 0.8),
        ],
        case=True,
    )
    street_lower = _pattern(
        "STREET_ADDRESS",
        "street_address_lower",
        [("lower", p.STREET_ADDRESS_LOWER, 0.4)],
        case=True,
    )
    city = _pattern(
        "LOCATION",
        "location_cue",
        [("city state zip", p.CITY_STATE_ZIP, 0.8), ("place cue", p.PLACE_AFTER_CUE, 0.75)],
        case=True,
    )
    iban_shape = _pattern("IBAN_CODE", "iban_shape", [("iban shape", p.IBAN_SHAPE, 0.4)], case=True)
    license_cue = _pattern(
        "US_DRIVER_LICENSE",
        "us_driver_license_cue",
        [("license cue", p.DRIVER_LICENSE_AFTER_CUE, 0.8)],
        case=True,
    )
    phone = _pattern(
        "PHONE_NUMBER",
        "us_phone",
        [("separated", p.US_PHONE, 0.65), ("bare ten digits", p.US_PHONE_BARE, 0.5)],
        case=False,
    )
    ssn_cue = _pattern("US_SSN", "us_ssn_cue", [("ssn cue", p.SSN_AFTER_CUE, 0.7)], case=True)
    intl_phone = _ScoredPhoneRecognizer(supported_regions=("US",), name="phonenumbers")
    return [
        RecognizerSpec(
            GatedRecognizer(OfflineEmailRecognizer(name="email"), has_at),
            ("email", "mail", "e-mail"),
        ),
        RecognizerSpec(
            GatedRecognizer(BoundedUrlRecognizer(), has_dot_or_colon),
            ("url", "website", "link", "site"),
        ),
        RecognizerSpec(
            _digits(CreditCardRecognizer(name="credit_card")),
            ("card", "credit", "visa", "mastercard", "amex", "cc"),
            digits_view=True,
        ),
        RecognizerSpec(
            _digits(LuhnCardRecognizer()), ("card", "credit", "visa", "mastercard", "cc")
        ),
        RecognizerSpec(
            _digits(IbanRecognizer(name="iban")), ("iban", "bank", "account", "transfer")
        ),
        RecognizerSpec(
            GatedRecognizer(IpRecognizer(name="ip_address"), has_digit_or_colon),
            ("ip", "address", "ipv4", "ipv6", "server"),
        ),
        RecognizerSpec(
            _digits(UsSsnRecognizer(name="us_ssn")),
            ("ssn", "social", "security", "ss#", "ssid"),
            digits_view=True,
        ),
        RecognizerSpec(_digits(ssn_cue), (), digits_view=True),
        RecognizerSpec(GatedRecognizer(license_cue, has_digit_and_licence_cue), ()),
        RecognizerSpec(_digits(iban_shape), ("iban", "bank", "transfer", "wire", "account")),
        RecognizerSpec(_digits(phone), _PHONE_CONTEXT, digits_view=True),
        RecognizerSpec(_digits(intl_phone), _PHONE_CONTEXT),
        RecognizerSpec(
            _digits(DateRecognizer(name="date")), ("date", "birth", "dob", "born", "on")
        ),
        RecognizerSpec(
            _digits(UsLicenseRecognizer(name="us_driver_license")),
            ("driver", "license", "licence", "permit", "lic", "dl", "driving"),
        ),
        RecognizerSpec(GatedRecognizer(names), ()),
        RecognizerSpec(GatedRecognizer(names_lower), ()),
        RecognizerSpec(_digits(street), _ADDRESS_CONTEXT),
        RecognizerSpec(_digits(street_lower), _ADDRESS_CONTEXT),
        RecognizerSpec(GatedRecognizer(city), _ADDRESS_CONTEXT),
        RecognizerSpec(_digits(CryptoRecognizer(name="crypto")), ("wallet", "btc", "bitcoin")),
    ]


#: Country code -> Presidio recognizers enabled only when a policy lists that country.
COUNTRY_RECOGNIZERS: dict[str, tuple[type[EntityRecognizer], ...]] = {
    "US": (UsPassportRecognizer, UsBankRecognizer, UsItinRecognizer, MedicalLicenseRecognizer),
    "UK": (NhsRecognizer, UkNinoRecognizer),
    "GB": (NhsRecognizer, UkNinoRecognizer),
    "ES": (EsNifRecognizer,),
    "IT": (ItFiscalCodeRecognizer,),
    "SG": (SgFinRecognizer,),
    "AU": (AuTfnRecognizer, AuAbnRecognizer),
    "IN": (InPanRecognizer, InAadhaarRecognizer),
}


def build_country_recognizers(countries: list[str]) -> list[RecognizerSpec]:
    """Country-specific recognizers for the listed ISO codes only (duplicates removed)."""
    seen: set[type[EntityRecognizer]] = set()
    specs: list[RecognizerSpec] = []
    for code in countries:
        for cls in COUNTRY_RECOGNIZERS.get(code.upper(), ()):
            if cls in seen:
                continue
            seen.add(cls)
            recognizer = cls()  # type: ignore[call-arg]
            specs.append(RecognizerSpec(recognizer, tuple(recognizer.context or ())))
    return specs


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
