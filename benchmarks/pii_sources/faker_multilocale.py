"""TUNING source: HR, e-mail and chat messages with Faker values of 30 countries.

The recognizer work may tune on this source (it is the tuning half of the split; the
held-out sources are ``mimesis_multilocale`` and ``handwritten``). Values come from Faker in
each country's locale: names, phone numbers as Faker writes them, multi-line postal addresses
(``Faker.address()``), IBANs, cards, national identifiers where the locale's ``ssn()`` is a
local one (else a passport number), dates of birth, URLs. Templates are this module's own.
"""

from __future__ import annotations

import random

from faker import Faker

from benchmarks.pii_sources.lookalikes import lookalike
from benchmarks.pii_sources.model import Example
from benchmarks.pii_sources.templating import Filled, fill

__all__ = ["LOCALES", "TEMPLATES", "build"]

#: Country -> Faker locales (one drawn per example).
LOCALES: dict[str, tuple[str, ...]] = {
    "US": ("en_US",),
    "CA": ("en_CA", "fr_CA"),
    "MX": ("es_MX",),
    "BR": ("pt_BR",),
    "AR": ("es_AR",),
    "GB": ("en_GB",),
    "IE": ("en_IE",),
    "FR": ("fr_FR",),
    "DE": ("de_DE",),
    "AT": ("de_AT",),
    "CH": ("de_CH", "fr_CH"),
    "BE": ("nl_BE", "fr_BE"),
    "NL": ("nl_NL",),
    "LU": ("de_LU",),
    "ES": ("es_ES",),
    "PT": ("pt_PT",),
    "IT": ("it_IT",),
    "PL": ("pl_PL",),
    "CZ": ("cs_CZ",),
    "SE": ("sv_SE",),
    "DK": ("da_DK",),
    "NO": ("no_NO",),
    "FI": ("fi_FI",),
    "TR": ("tr_TR",),
    "IN": ("en_IN",),
    "JP": ("ja_JP",),
    "AU": ("en_AU",),
    "NZ": ("en_NZ",),
    "ZA": ("zu_ZA",),
    "NG": ("en_NG", "yo_NG"),
}
#: Locales whose ``ssn()`` is that country's identifier: (subtype, cue word).
_LOCAL_IDS = {
    "en_US": ("US_SSN", "SSN"),
    "en_CA": ("CA_SIN", "SIN"),
    "es_MX": ("MX_NSS", "NSS"),
    "pt_BR": ("BR_CPF", "CPF"),
    "es_AR": ("AR_CUIT", "CUIT"),
    "en_GB": ("UK_NINO", "NI number"),
    "fr_FR": ("FR_NIR", "n° de sécu"),
    "de_AT": ("AT_SVNR", "SVNR"),
    "de_CH": ("CH_AHV", "AHV"),
    "fr_CH": ("CH_AHV", "AVS"),
    "nl_BE": ("BE_NN", "rijksregisternummer"),
    "nl_NL": ("NL_BSN", "BSN"),
    "it_IT": ("IT_FISCAL_CODE", "CF"),
    "pl_PL": ("PL_PESEL", "PESEL"),
    "sv_SE": ("SE_PERSONNUMMER", "personnr"),
    "no_NO": ("NO_FODSELSNUMMER", "fnr"),
    "fi_FI": ("FI_HETU", "hetu"),
    "tr_TR": ("TR_TCKIMLIK", "TCKN"),
}

TEMPLATES: tuple[str, ...] = (
    "New starter form\nName: {NAME}\nDate of birth: {DOB}\n"
    "Home address:\n{ADDRESS}\nMobile: {PHONE}",
    "hey {FIRST}, can you resend the onboarding pack to {EMAIL}? thx",
    "Re: expenses\nPlease reimburse {PRICE} to {IBAN} (account holder {NAME}). "
    "Receipt {INVOICE} attached.",
    "{NAME} called about {ORDER}: wants a callback on {PHONE} after {TIME}.",
    "Emergency contact for {NAME}: {NAME2}, {PHONE}.",
    "Shipping label\n{NAME}\n{ADDRESS}\nTel. {PHONE}",
    "Background check request for {NAME}, {ID_CUE}: {ID}.",
    "The VPN logs show {EMAIL} connecting from {IP} with client {VERSION}.",
    "Salary for {MONTH} goes to {IBAN}; please confirm, {FIRST}.",
    "Order {ORDER} ({SKU}) is stuck in customs, tracking {TRACKING}.",
    "Meeting notes: {NAME} and {NAME2} agreed to move the office to {CITY}.",
    "Card on file {CARD} expired; new card for {NAME} to follow.",
    "Please whitelist {IP} and {IP2} for the partner portal {URL}.",
    "Hi all, {FIRST} from payroll. The {PRICE} bonus will be paid on {DATE}.",
    "Tenant: {NAME}\nProperty:\n{ADDRESS}\nDeposit paid from {IBAN}",
    "Patient {NAME}, born {DOB}, {ID_CUE} {ID}, phone {PHONE}.",
    "lol {FIRST} just sent me {URL} again",
    "Contact sheet: {NAME} | {EMAIL} | {PHONE} | {CITY}",
    "Build {VERSION} shipped with ticket {TICKET}; no customer data involved.",
    "Dear {NAME},\nwe will deliver your order {ORDER} to\n{ADDRESS}\non {DATE}.",
)

_NEG = {
    "ORDER": "ORDER_NUMBER",
    "SKU": "SKU",
    "VERSION": "VERSION",
    "TRACKING": "TRACKING_NUMBER",
    "PRICE": "PRICE",
    "DATE": "DATE",
    "TIME": "TIME",
    "INVOICE": "INVOICE_NUMBER",
    "TICKET": "TICKET_ID",
}
_MONTHS = ("January", "March", "June", "September", "November")


class _Values:
    def __init__(self, fake: Faker, locale: str, rng: random.Random) -> None:
        self.fake, self.locale, self.rng = fake, locale, rng
        self.id_subtype, self.id_cue = _LOCAL_IDS.get(locale, ("PASSPORT", "passport no."))

    def _name(self) -> str:
        if self.locale == "ja_JP":
            return f"{self.fake.first_romanized_name()} {self.fake.last_romanized_name()}"
        return f"{self.fake.first_name()} {self.fake.last_name()}"

    def resolve(self, slot: str) -> Filled:
        f, r = self.fake, self.rng
        if slot in {"NAME", "NAME2"}:
            return Filled(self._name(), "PERSON")
        if slot == "FIRST":
            first = f.first_romanized_name() if self.locale == "ja_JP" else f.first_name()
            return Filled(first.lower() if r.random() < 0.2 else first, "PERSON")
        if slot == "EMAIL":
            return Filled(f.email(), "EMAIL_ADDRESS")
        if slot == "PHONE":
            return Filled(f.phone_number(), "PHONE_NUMBER")
        if slot == "ADDRESS":
            return Filled(f.address(), "STREET_ADDRESS", "MULTILINE")
        if slot == "IBAN":
            return Filled(f.iban(), "IBAN_CODE")
        if slot == "CARD":
            return Filled(f.credit_card_number(), "CREDIT_CARD")
        if slot in {"IP", "IP2"}:
            return Filled(f.ipv4() if r.random() < 0.75 else f.ipv6(), "IP_ADDRESS")
        if slot == "URL":
            return Filled(f.url() + r.choice(["", "profile/" + f.user_name()]), "URL")
        if slot == "DOB":
            return Filled(
                f.date_of_birth().strftime(r.choice(["%d/%m/%Y", "%Y-%m-%d", "%d %B %Y"])),
                "DATE_TIME",
                "BIRTH_DATE",
            )
        if slot == "CITY":
            return Filled(f.city(), "LOCATION", "CITY")
        if slot == "ID_CUE":
            return Filled(self.id_cue)
        if slot == "ID":
            value = f.ssn() if self.id_subtype != "PASSPORT" else f.passport_number()
            return Filled(value, "NATIONAL_ID", self.id_subtype)
        if slot == "MONTH":
            return Filled(r.choice(_MONTHS))
        kind = _NEG[slot]
        return Filled(lookalike(kind, r), kind=kind)


def build(n: int = 900, *, seed: int = 4242) -> list[Example]:
    """``n`` examples, countries and templates in turn."""
    rng = random.Random(seed)
    fakers: dict[str, Faker] = {}
    countries = list(LOCALES)
    out: list[Example] = []
    for i in range(n):
        country = countries[i % len(countries)]
        locale = rng.choice(LOCALES[country])
        if locale not in fakers:
            fakers[locale] = Faker(locale)
            fakers[locale].seed_instance(seed + len(fakers))
        template = TEMPLATES[(i // len(countries) + i) % len(TEMPLATES)]
        out.append(fill(template, _Values(fakers[locale], locale, rng).resolve, tag=country))
    return out
