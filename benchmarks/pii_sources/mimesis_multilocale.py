"""HELD-OUT source: support tickets and e-mails with values of 30 countries (mimesis).

Names, e-mails, streets, cities, cards, IPs and URLs from ``mimesis`` in each country's
locale (short hand-made name lists where mimesis has none: IN, JP romanized, NG, ZA);
national identifiers with check digits by python-stdnum (:mod:`.national_ids`), phone numbers
by libphonenumber in national and international notation (:mod:`.phones`), IBANs of every
registered country (:mod:`.ibans`), postal addresses in each country's layout
(:mod:`.mimesis_addresses`) and look-alike negatives (:mod:`.lookalikes`). The templates are
this module's own (not those of ``pii_corpus.py``). Nobody tunes the gateway on this source.
"""

from __future__ import annotations

import random
import unicodedata

from mimesis import Address, Datetime, Internet, Payment, Person
from mimesis.enums import CardType
from mimesis.locales import Locale

from benchmarks.pii_sources.ibans import iban_countries, random_iban
from benchmarks.pii_sources.lookalikes import LOOKALIKE_KINDS, lookalike
from benchmarks.pii_sources.mimesis_addresses import ADDRESS_LAYOUTS, postal_address
from benchmarks.pii_sources.model import Example
from benchmarks.pii_sources.national_ids import ID_KINDS, national_id
from benchmarks.pii_sources.phones import phone_number
from benchmarks.pii_sources.templating import Filled, fill

__all__ = ["COUNTRIES", "TEMPLATES", "build"]

COUNTRIES: tuple[str, ...] = tuple(ADDRESS_LAYOUTS)
_NAME_LOCALE = {
    "US": "en",
    "CA": "en-ca",
    "MX": "es-mx",
    "BR": "pt-br",
    "AR": "es",
    "GB": "en-gb",
    "IE": "en-gb",
    "FR": "fr",
    "DE": "de",
    "AT": "de-at",
    "CH": "de-ch",
    "BE": "nl-be",
    "NL": "nl",
    "LU": "fr",
    "ES": "es",
    "PT": "pt",
    "IT": "it",
    "PL": "pl",
    "CZ": "cs",
    "SE": "sv",
    "DK": "da",
    "NO": "no",
    "FI": "fi",
    "TR": "tr",
    "AU": "en-au",
    "NZ": "en-au",
}
_HAND_NAMES = {
    "IN": (
        ("Priya", "Raghunathan"),
        ("Arjun", "Mehta"),
        ("Lakshmi", "Venkatesan"),
        ("Rohit", "Chatterjee"),
        ("Ananya", "Iyer"),
        ("Sandeep", "Kulkarni"),
    ),
    "JP": (
        ("Haruto", "Takahashi"),
        ("Yui", "Nakamura"),
        ("Kenji", "Watanabe"),
        ("Aoi", "Yamamoto"),
        ("Sora", "Kobayashi"),
        ("Emi", "Fujiwara"),
    ),
    "NG": (
        ("Chiamaka", "Okonkwo"),
        ("Oluwaseun", "Adeyemi"),
        ("Ngozi", "Eze"),
        ("Ibrahim", "Bello"),
        ("Funmilayo", "Adebayo"),
        ("Emeka", "Nwosu"),
    ),
    "ZA": (
        ("Thandiwe", "Nkosi"),
        ("Pieter", "van der Merwe"),
        ("Sipho", "Dlamini"),
        ("Lerato", "Mokoena"),
        ("Johan", "Botha"),
        ("Zanele", "Khumalo"),
    ),
}
_MAIL_DOMAINS = (
    "example.com",
    "mail.example.org",
    "example.net",
    "example.de",
    "firma.example.de",
)

TEMPLATES: tuple[str, ...] = (
    "Subject: refund for {ORDER}\n\nHi team,\nthe parcel {TRACKING} came back to sender. "
    "Please refund {PRICE} to IBAN {IBAN}.\nThanks, {NAME}",
    "Hello,\nI cannot log in since the update to {VERSION}. My account is {EMAIL}, "
    "you can also reach me on {PHONE}.\n{FIRST}",
    "Please change the shipping address of {ORDER} to:\n{ADDR_ML}\nRegards,\n{NAME}",
    "Customer {SURNAME_FIRST} ({EMAIL}) disputes the charge of {PRICE} on card {CARD}.",
    "Ticket {TICKET}: caller {NAME}, callback {PHONE}, {ID_CUE} {ID}.",
    "We received a login for {EMAIL} from {IP} on {DATE} at {TIME}, was that you?",
    "My {ID_CUE} is {ID} and my date of birth is {DOB}; please verify my identity.",
    "Invoice {INVOICE} was sent to {ADDR} but I moved to {CITY} last month.",
    "Dear {NAME},\nyour replacement for item {SKU} ships on {DATE}. Tracking: {TRACKING}.",
    "Could you call {FIRST} on {PHONE} or {PHONE2}? She is the one who ordered {SKU}.",
    "Forwarding for my colleague: {NAME}, {ADDR}, {PHONE}, {EMAIL}.",
    "The firmware {VERSION} on serial {SERIAL} keeps rebooting, logs show {IP}.",
    "Hi, I paid {PRICE} twice for {ORDER}. The card {CARD} was charged on {DATE}.",
    "Please update my bank details: account holder {NAME}, IBAN {IBAN}.",
    "From: {NAME} <{EMAIL}>\nTo: support\nI never received {INVOICE}. My phone: {PHONE}.",
    "Our shop moved. New address for all deliveries:\n{ADDR_ML}\nOrder {ORDER} is still pending.",
    "Profile {URL} shows my old number, please replace it with {PHONE}.",
    "Hello, {FIRST} here from {CITY}, {COUNTRY}. Ticket {TICKET} is still open after a week.",
    "Payroll query: employee {SURNAME_FIRST}, {ID_CUE} {ID}, paid into {IBAN}.",
    "The tracking page {TRACKING} says delivered on {DATE} but nothing is at {ADDR}.",
    "Version {VERSION} and build {SERIAL}: both fail the licence check for order {ORDER}.",
    "Thanks for the quick fix on {TICKET}! The total of {PRICE} is correct now.",
    "Please send the contract to {EMAIL} and a printed copy to\n{ADDR_ML}\nBest,\n{NAME}",
    "{NAME} ({DOB}) asked us to delete the account linked to {EMAIL} and {PHONE}.",
    "Kind regards\n\n{SIGN_NAME}\n{PHONE}\n{URL}",
    "Urgent: card {CARD} was used from {IP}; the cardholder {NAME} lives at {ADDR}.",
)


def _ascii(text: str) -> str:
    return (
        unicodedata.normalize("NFKD", text)
        .encode("ascii", "ignore")
        .decode()
        .lower()
        .replace(" ", "")
    )


class _Values:
    """Slot values for one example of one country."""

    def __init__(self, country: str, rng: random.Random) -> None:
        self.country, self.rng = country, rng
        seed = rng.randrange(2**31)
        self.locale = _NAME_LOCALE.get(country, "en")
        self.person = Person(Locale(self.locale), seed=seed)
        if country in _HAND_NAMES:
            self.first, self.last = rng.choice(_HAND_NAMES[country])
        else:
            self.first, self.last = self.person.first_name(), self.person.last_name()
        self.ids = [k for k in ID_KINDS if k.country == country]
        self.id_kind = rng.choice(self.ids) if self.ids else None
        self.internet, self.payment = Internet(seed=seed), Payment(seed=seed)

    def email(self) -> str:
        if self.rng.random() < 0.5:
            return self.person.email()
        sep = self.rng.choice([".", "_", ""])
        return f"{_ascii(self.first)}{sep}{_ascii(self.last)}@{self.rng.choice(_MAIL_DOMAINS)}"

    def card(self) -> str:
        kind = self.rng.choice([CardType.VISA, CardType.MASTER_CARD, CardType.AMERICAN_EXPRESS])
        number: str = self.payment.credit_card_number(kind)
        return self.rng.choice([number, number.replace(" ", ""), number.replace(" ", "-")])

    def name(self, slot: str) -> str:
        r = self.rng
        if slot == "FIRST":
            return self.first
        if slot == "SURNAME_FIRST":
            return r.choice([f"{self.last}, {self.first}", f"{self.last.upper()} {self.first}"])
        full = f"{self.first} {self.last}"
        return r.choice([full, full, full, full.lower(), f"{self.first[0]}. {self.last}"])

    def resolve(self, slot: str) -> Filled:
        r, c = self.rng, self.country
        if slot in {"NAME", "FIRST", "SURNAME_FIRST", "SIGN_NAME"}:
            return Filled(self.name(slot), "PERSON")
        if slot == "EMAIL":
            return Filled(self.email(), "EMAIL_ADDRESS")
        if slot in {"PHONE", "PHONE2"}:
            value, notation = phone_number(c, r)
            return Filled(value, "PHONE_NUMBER", notation)
        if slot in {"ADDR", "ADDR_ML"}:
            multiline = slot == "ADDR_ML"
            value = postal_address(c, r, multiline=multiline, with_country=r.random() < 0.3)
            return Filled(value, "STREET_ADDRESS", "MULTILINE" if multiline else "ONE_LINE")
        if slot == "CARD":
            return Filled(self.card(), "CREDIT_CARD")
        if slot == "IBAN":
            country = c if c in iban_countries() else r.choice(iban_countries())
            return Filled(random_iban(country, r), "IBAN_CODE", country)
        if slot == "IP":
            return Filled(
                self.internet.ip_v4() if r.random() < 0.7 else self.internet.ip_v6(), "IP_ADDRESS"
            )
        if slot == "ID_CUE":
            return Filled(self.id_kind.cue if self.id_kind else "ID number")
        if slot == "ID":
            kind = self.id_kind or r.choice(ID_KINDS)
            return Filled(national_id(kind, r), "NATIONAL_ID", kind.subtype)
        if slot == "DOB":
            return Filled(
                Datetime(Locale(self.locale), seed=r.randrange(2**31)).formatted_date(),
                "DATE_TIME",
                "BIRTH_DATE",
            )
        if slot == "URL":
            handle = f"{_ascii(self.first)}-{_ascii(self.last)}-{r.randint(10, 999)}"
            profile = f"https://www.linkedin.com/in/{handle}"
            return Filled(r.choice([self.internet.url(), profile]), "URL")
        if slot == "CITY":
            return Filled(
                Address(Locale(self.locale), seed=r.randrange(2**31)).city(), "LOCATION", "CITY"
            )
        if slot == "COUNTRY":
            return Filled(
                Address(Locale("en"), seed=r.randrange(2**31)).country(), "LOCATION", "COUNTRY"
            )
        negative = _NEGATIVE_SLOTS[slot]
        return Filled(lookalike(negative, r), kind=negative)


_NEGATIVE_SLOTS = {
    "ORDER": "ORDER_NUMBER",
    "SKU": "SKU",
    "VERSION": "VERSION",
    "TRACKING": "TRACKING_NUMBER",
    "PRICE": "PRICE",
    "DATE": "DATE",
    "TIME": "TIME",
    "INVOICE": "INVOICE_NUMBER",
    "TICKET": "TICKET_ID",
    "SERIAL": "SERIAL_NUMBER",
}
assert set(_NEGATIVE_SLOTS.values()) <= set(LOOKALIKE_KINDS)


def build(n: int = 900, *, seed: int = 1701) -> list[Example]:
    """``n`` examples, countries and templates in turn (every country and template occurs)."""
    rng = random.Random(seed)
    out: list[Example] = []
    for i in range(n):
        country = COUNTRIES[i % len(COUNTRIES)]
        template = TEMPLATES[(i // len(COUNTRIES) + i) % len(TEMPLATES)]
        out.append(fill(template, _Values(country, rng).resolve, tag=country))
    return out
