"""Synthetic probe values: one table row per entity type, and look-alikes that are not PII.

Each :class:`ValueKind` makes known synthetic values of one entity type in the formats of a
country (Faker locales, libphonenumber's numbering plans, python-stdnum check digits), and
names the sentence frames a value may be inserted with. A new entity type is one new row of
:data:`VALUE_KINDS`; a country-specific type lists the policy countries it belongs to.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

import phonenumbers
from faker import Faker
from stdnum import iban as stdnum_iban

__all__ = [
    "DEFAULT_COUNTRIES",
    "LOOKALIKE_KINDS",
    "VALUE_KINDS",
    "LookalikeKind",
    "ValueKind",
    "ValueSource",
]

#: Countries whose formats probes use when a policy names none.
DEFAULT_COUNTRIES: tuple[str, ...] = ("US",)
_LOCALES = {
    "US": "en_US", "UK": "en_GB", "GB": "en_GB", "IE": "en_IE", "CA": "en_CA", "AU": "en_AU",
    "NZ": "en_NZ", "IN": "en_IN", "DE": "de_DE", "AT": "de_AT", "CH": "de_CH", "FR": "fr_FR",
    "ES": "es_ES", "IT": "it_IT", "NL": "nl_NL", "PT": "pt_PT", "PL": "pl_PL", "SE": "sv_SE",
}  # fmt: skip
_PHONE_REGIONS = {"UK": "GB"}
#: IBAN countries used for countries without IBANs (the US, Australia, India...).
_IBAN_FALLBACK = ("DE", "FR", "ES", "IT", "NL", "GB")
_DIGITS = string.digits
_UPPER = string.ascii_uppercase


class ValueSource:
    """Seeded randomness and one seeded Faker per locale, for deterministic probe sets."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._fakers: dict[str, Faker] = {}

    def faker(self, country: str) -> Faker:
        locale = _LOCALES.get(country.upper(), "en_US")
        fake = self._fakers.get(locale)
        if fake is None:
            fake = Faker(locale)
            fake.seed_instance(self.rng.getrandbits(32))
            self._fakers[locale] = fake
        return fake

    def digits(self, n: int) -> str:
        return "".join(self.rng.choice(_DIGITS) for _ in range(n))

    def letters(self, n: int) -> str:
        return "".join(self.rng.choice(_UPPER) for _ in range(n))


Maker = Callable[[ValueSource, str], str]


@dataclass(frozen=True)
class ValueKind:
    """Synthetic values of ``entity_type``: ``make(source, country)`` and insertion frames.

    ``countries``: the policy countries this type belongs to (None: every policy).
    """

    entity_type: str
    make: Maker
    frames: tuple[str, ...]
    countries: frozenset[str] | None = None


def _phone(src: ValueSource, country: str) -> str:
    region = _PHONE_REGIONS.get(country.upper(), country.upper())
    kind = src.rng.choice(
        (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)
    )
    example = phonenumbers.example_number_for_type(region, kind)
    if example is None:
        example = phonenumbers.example_number_for_type("US", kind)
    assert example is not None  # libphonenumber has US examples of both types
    national = str(example.national_number)
    for _ in range(100):
        keep = max(1, len(national) - 6)
        number = phonenumbers.PhoneNumber(
            country_code=example.country_code,
            national_number=int(national[:keep] + src.digits(len(national) - keep)),
        )
        if phonenumbers.is_valid_number(number):
            fmt = src.rng.choice(
                (
                    phonenumbers.PhoneNumberFormat.NATIONAL,
                    phonenumbers.PhoneNumberFormat.INTERNATIONAL,
                    phonenumbers.PhoneNumberFormat.E164,
                )
            )
            return phonenumbers.format_number(number, fmt)
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _card(src: ValueSource, _country: str) -> str:
    issuer = src.rng.choice(("visa", "mastercard", "amex", "discover", "visa16"))
    # Issuer numbering is international; every Faker locale does not know every issuer.
    number = src.faker("US").credit_card_number(issuer)
    style = src.rng.choice(("", " ", "-"))
    if not style:
        return str(number)
    groups = [number[i : i + 4] for i in range(0, len(number), 4)]
    if len(number) == 15:
        groups = [number[:4], number[4:10], number[10:]]
    return style.join(groups)


def _iban(src: ValueSource, country: str) -> str:
    code = "GB" if country.upper() == "UK" else country.upper()
    if code not in _IBAN_FALLBACK and code not in {"AT", "CH", "IE", "PT", "PL", "SE"}:
        code = src.rng.choice(_IBAN_FALLBACK)
    for _ in range(50):
        value = str(src.faker(code).iban())
        if value.startswith(code) and stdnum_iban.is_valid(value):
            break
    return str(stdnum_iban.format(value)) if src.rng.random() < 0.5 else value


def _address(src: ValueSource, country: str) -> str:
    fake = src.faker(country)
    street = " ".join(str(fake.street_address()).replace("\n", ", ").split())
    return f"{street}, {fake.city()}" if src.rng.random() < 0.5 else street


def _stdnum_id(module: str, body: Callable[[ValueSource], str], alphabet: str = _DIGITS) -> Maker:
    """A valid identifier: a random body completed by the check character stdnum accepts."""

    def make(src: ValueSource, country: str) -> str:
        validator = import_module(module)
        for _ in range(200):
            stem = body(src)
            valid = [stem + c for c in alphabet if validator.is_valid(stem + c)]
            if valid:
                value = src.rng.choice(valid)
                if hasattr(validator, "format") and src.rng.random() < 0.5:
                    return str(validator.format(value))
                return value
        raise RuntimeError(f"no valid {module} value in 200 draws")

    return make


def _ssn(src: ValueSource, country: str) -> str:
    area, group, serial = src.rng.randint(1, 665), src.rng.randint(1, 99), src.rng.randint(1, 9999)
    sep = src.rng.choice(("-", " "))
    return f"{area:03d}{sep}{group:02d}{sep}{serial:04d}"


def _nino(src: ValueSource, country: str) -> str:
    prefix = src.rng.choice("ABCEGHJKLMNPRSTWXYZ") + src.rng.choice("ABCEGHJKLMNPRSTWXYZ")
    digits = src.digits(6)
    suffix = src.rng.choice("ABCD")
    if src.rng.random() < 0.5:
        return f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"
    return f"{prefix}{digits}{suffix}"


def _frames(cue: str) -> tuple[str, ...]:
    return (f"My {cue} is {{v}}.", f"{cue[0].upper()}{cue[1:]}: {{v}}", "Reference {v}.")


_NAME_FRAMES = ("My name is {v}.", "Please forward this to {v}.", "{v} asked me to write.")
VALUE_KINDS: dict[str, ValueKind] = {
    kind.entity_type: kind
    for kind in (
        ValueKind("PERSON", lambda s, c: str(s.faker(c).name()), _NAME_FRAMES),
        ValueKind(
            "EMAIL_ADDRESS",
            lambda s, c: str(s.faker(c).email()),
            ("You can email me at {v}.", "Copy {v} on the reply.", "{v}"),
        ),
        ValueKind(
            "PHONE_NUMBER",
            _phone,
            ("Call me on {v}.", "My number is {v}.", "{v} is the best way to reach me."),
        ),
        ValueKind(
            "CREDIT_CARD",
            _card,
            ("I paid with card {v}.", "Card number: {v}", "It was charged to {v}."),
        ),
        ValueKind(
            "IBAN_CODE", _iban, ("Please refund to IBAN {v}.", "Account {v}", "Send it to {v}.")
        ),
        ValueKind(
            "IP_ADDRESS",
            lambda s, c: str(s.faker(c).ipv4() if s.rng.random() < 0.7 else s.faker(c).ipv6()),
            ("My IP address is {v}.", "The login came from {v}.", "Server {v} rejected it."),
        ),
        ValueKind(
            "LOCATION",
            lambda s, c: str(s.faker(c).city()),
            ("I live in {v}.", "I am travelling to {v} next week.", "Our office in {v} too."),
        ),
        ValueKind(
            "STREET_ADDRESS",
            _address,
            ("Please ship it to {v}.", "My address is {v}.", "I moved to {v} last month."),
        ),
        ValueKind(
            "URL",
            lambda s, c: str(s.faker(c).url() if s.rng.random() < 0.5 else s.faker(c).uri()),
            ("See {v} for details.", "The link {v} does not open.", "{v}"),
        ),
        ValueKind(
            "DATE_TIME",
            lambda s, c: str(s.faker(c).date(s.rng.choice(("%d/%m/%Y", "%B %d, %Y", "%Y-%m-%d")))),
            ("It happened on {v}.", "Born {v}.", "Since {v} nothing works."),
        ),
        ValueKind("US_SSN", _ssn, _frames("SSN")),
        ValueKind(
            "US_DRIVER_LICENSE",
            lambda s, c: s.letters(1) + s.digits(7),
            _frames("driver's license number"),
        ),
        ValueKind(
            "US_ITIN",
            _stdnum_id("stdnum.us.itin", lambda s: "9" + s.digits(2) + "7" + s.digits(4)),
            _frames("ITIN"),
            frozenset({"US"}),
        ),
        ValueKind(
            "US_PASSPORT",
            lambda s, c: s.digits(9),
            _frames("passport number"),
            frozenset({"US"}),
        ),
        ValueKind(
            "UK_NHS",
            _stdnum_id("stdnum.gb.nhs", lambda s: "4" + s.digits(8)),
            _frames("NHS number"),
            frozenset({"UK", "GB"}),
        ),
        ValueKind("UK_NINO", _nino, _frames("National Insurance number"), frozenset({"UK", "GB"})),
        ValueKind(
            "ES_NIF",
            _stdnum_id("stdnum.es.dni", lambda s: s.digits(8), _UPPER),
            _frames("DNI"),
            frozenset({"ES"}),
        ),
        ValueKind(
            "IT_FISCAL_CODE",
            _stdnum_id(
                "stdnum.it.codicefiscale",
                lambda s: (
                    s.letters(6)
                    + s.digits(2)
                    + s.rng.choice("ABCDEHLMPRST")
                    + f"{s.rng.randint(1, 28):02d}"
                    + s.rng.choice("ABCDEFGHLM")
                    + s.digits(3)
                ),
                _UPPER,
            ),
            _frames("codice fiscale"),
            frozenset({"IT"}),
        ),
        ValueKind(
            "AU_TFN",
            _stdnum_id("stdnum.au.tfn", lambda s: s.digits(8)),
            _frames("TFN"),
            frozenset({"AU"}),
        ),
        ValueKind(
            "IN_PAN",
            lambda s, c: s.letters(3) + "P" + s.letters(1) + s.digits(4) + s.letters(1),
            _frames("PAN"),
            frozenset({"IN"}),
        ),
        ValueKind(
            "IN_AADHAAR",
            _stdnum_id("stdnum.in_.aadhaar", lambda s: s.rng.choice("23456789") + s.digits(10)),
            _frames("Aadhaar number"),
            frozenset({"IN"}),
        ),
    )
}


@dataclass(frozen=True)
class LookalikeKind:
    """Strings shaped like PII that are not personal data (order numbers, SKUs, prices...)."""

    kind: str
    make: Callable[[ValueSource], str]
    frames: tuple[str, ...]


LOOKALIKE_KINDS: tuple[LookalikeKind, ...] = (
    LookalikeKind(
        "order_number",
        lambda s: s.rng.choice(("ORD-", "#", "")) + s.digits(s.rng.choice((8, 10, 12))),
        ("Order {v} has not arrived.", "About order {v}."),
    ),
    LookalikeKind(
        "sku",
        lambda s: f"SKU-{s.letters(2)}-{s.digits(4)}-{s.rng.choice(('S', 'M', 'XL'))}",
        ("The item {v} is out of stock.", "I ordered {v}."),
    ),
    LookalikeKind(
        "tracking_number",
        lambda s: "1Z" + s.letters(3) + s.digits(13),
        ("Tracking number {v} shows no movement.", "Parcel {v} is late."),
    ),
    LookalikeKind(
        "version",
        lambda s: f"{s.rng.randint(1, 19)}.{s.rng.randint(0, 40)}.{s.rng.randint(0, 200)}",
        ("After the update to version {v} it crashes.", "I run {v}."),
    ),
    LookalikeKind(
        "price",
        lambda s: s.rng.choice(("$", "€", "£")) + f"{s.rng.randint(1, 2999):,}.{s.digits(2)}",
        ("I was charged {v} twice.", "The total was {v}."),
    ),
    LookalikeKind(
        "invoice_number",
        lambda s: f"INV-{s.rng.randint(2019, 2026)}-{s.digits(6)}",
        ("Invoice {v} shows the wrong total.", "See invoice {v}."),
    ),
)
