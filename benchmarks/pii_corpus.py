"""Labeled synthetic corpus for the PII benchmark (templates disjoint from the tests').

Each sentence comes from a template with typed slots filled by Faker (en_US, fixed seed);
labels are character spans. 5% of sentences are lower-cased. A separate evasion set applies
zero-width characters inside emails, fullwidth digits, spaced card numbers and homoglyphs.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from faker import Faker

__all__ = ["Labeled", "Span", "build_corpus", "build_evasion_set"]


@dataclass(frozen=True)
class Span:
    entity_type: str
    start: int
    end: int


@dataclass(frozen=True)
class Labeled:
    text: str
    spans: tuple[Span, ...]


TEMPLATES: list[str] = [
    "Hello support, {PERSON} here. My account email is {EMAIL_ADDRESS}.",
    "Good morning, this is {PERSON}; please call me back on {PHONE_NUMBER}.",
    "Could you update the delivery address to {STREET_ADDRESS}, {LOCATION}?",
    "The charge on my card {CREDIT_CARD} looks wrong, can someone check it?",
    "For the payroll form my social security number is {US_SSN}.",
    "Please wire the refund to IBAN {IBAN_CODE} as soon as possible.",
    "The suspicious login came from {IP_ADDRESS} at {DATE_TIME}.",
    "My driver's license number {US_DRIVER_LICENSE} was rejected at checkout.",
    "The invoice link {URL} returns an error page.",
    "I was born on {DATE_TIME} and the form says otherwise.",
    "Ping me at {EMAIL_ADDRESS} or text {PHONE_NUMBER} whenever you can.",
    "Sincerely,\n{PERSON}",
    "Talk soon, {FIRST}",
    "Package never arrived at {STREET_ADDRESS}.",
    "We moved from {LOCATION} last spring, please change my billing city.",
    "Dear {PERSON}, your case has been escalated.",
    "Our office IPv6 is {IPV6} and the firewall blocks it.",
    "Account holder: {PERSON}, phone {PHONE_NUMBER}, email {EMAIL_ADDRESS}.",
    "The login page keeps asking for a password reset.",
    "How long does a refund usually take to process?",
    "The app crashes whenever I open the settings screen.",
    "Is there a discount for annual plans?",
    "I entered card number {CREDIT_CARD_SPACED} and got declined.",
    "Reach my colleague {PERSON} at {PHONE_NUMBER}.",
    "Send the replacement to {FULL_ADDRESS} please.",
    "Two-factor codes go to {PHONE_NUMBER} but I changed numbers.",
    "My SSN {US_SSN} appears on the wrong statement.",
    "Visit {URL} for the receipt, it was issued on {DATE_TIME}.",
    "I am writing on behalf of {PERSON} who cannot log in.",
    "Thank you for the quick reply!\nBest wishes,\n{PERSON}",
]

_SLOT = re.compile(r"\{([A-Z_0-9]+)\}")


def _value(fake: Faker, slot: str, rng: random.Random) -> tuple[str, str]:
    if slot == "PERSON":
        return "PERSON", fake.name()
    if slot == "FIRST":
        return "PERSON", fake.first_name()
    if slot == "EMAIL_ADDRESS":
        return slot, fake.email()
    if slot == "PHONE_NUMBER":
        return slot, fake.phone_number()
    if slot == "STREET_ADDRESS":
        return slot, fake.street_address()
    if slot == "FULL_ADDRESS":
        return "STREET_ADDRESS", fake.address().replace("\n", ", ")
    if slot == "LOCATION":
        return slot, rng.choice([fake.city(), fake.state(), fake.country()])
    if slot == "CREDIT_CARD":
        return slot, fake.credit_card_number()
    if slot == "CREDIT_CARD_SPACED":
        digits = fake.credit_card_number(card_type=rng.choice(["visa16", "mastercard"]))
        sep = rng.choice([" ", "-"])
        return "CREDIT_CARD", sep.join(digits[i : i + 4] for i in range(0, len(digits), 4))
    if slot == "US_SSN":
        return slot, fake.ssn()
    if slot == "IBAN_CODE":
        return slot, fake.iban()
    if slot == "IP_ADDRESS":
        return slot, fake.ipv4() if rng.random() < 0.7 else fake.ipv6()
    if slot == "IPV6":
        return "IP_ADDRESS", fake.ipv6()
    if slot == "US_DRIVER_LICENSE":
        return slot, fake.bothify(rng.choice(["?#######", "?########", "##########"])).upper()
    if slot == "URL":
        return slot, fake.url() + rng.choice(["", "invoices/2231", "help"])
    if slot == "DATE_TIME":
        return slot, fake.date(pattern=rng.choice(["%B %d, %Y", "%m/%d/%Y", "%Y-%m-%d"]))
    raise KeyError(slot)


def _fill(template: str, fake: Faker, rng: random.Random) -> Labeled:
    out: list[str] = []
    spans: list[Span] = []
    pos = 0
    length = 0
    for match in _SLOT.finditer(template):
        literal = template[pos : match.start()]
        out.append(literal)
        length += len(literal)
        entity, value = _value(fake, match.group(1), rng)
        spans.append(Span(entity, length, length + len(value)))
        out.append(value)
        length += len(value)
        pos = match.end()
    out.append(template[pos:])
    return Labeled("".join(out), tuple(spans))


def build_corpus(n: int = 2000, *, seed: int = 7, lower_fraction: float = 0.05) -> list[Labeled]:
    """``n`` labeled sentences; ``lower_fraction`` of them lower-cased."""
    fake = Faker("en_US")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    corpus: list[Labeled] = []
    for i in range(n):
        item = _fill(TEMPLATES[i % len(TEMPLATES)], fake, rng)
        if rng.random() < lower_fraction and len(item.text.lower()) == len(item.text):
            item = Labeled(item.text.lower(), item.spans)
        corpus.append(item)
    return corpus


_FULLWIDTH = {c: chr(ord(c) + 0xFEE0) for c in "0123456789"}
_HOMO = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с"}


def _zero_width(value: str, rng: random.Random) -> str:
    cut = sorted(rng.sample(range(1, len(value)), k=min(2, len(value) - 1)), reverse=True)
    for c in cut:
        value = value[:c] + rng.choice(["\u200b", "\u200c", "\u2060", "\ufeff"]) + value[c:]
    return value


def build_evasion_set(n: int = 200, *, seed: int = 11) -> list[Labeled]:
    """Sentences whose PII is obfuscated by one evasion trick each."""
    fake = Faker("en_US")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    tricks = [
        ("EMAIL_ADDRESS", lambda: _zero_width(fake.email(), rng), "Contact address: {}."),
        (
            "PHONE_NUMBER",
            lambda: "".join(_FULLWIDTH.get(c, c) for c in fake.numerify("###-###-####")),
            "Best number to call is {} today.",
        ),
        (
            "CREDIT_CARD",
            lambda: " ".join(fake.credit_card_number(card_type="visa16")),
            "The card digits are {} if that helps.",
        ),
        (
            "EMAIL_ADDRESS",
            lambda: "".join(_HOMO.get(c, c) for c in fake.email()),
            "Forward everything to {} thanks.",
        ),
        (
            "CREDIT_CARD",
            lambda: "".join(_FULLWIDTH.get(c, c) for c in fake.credit_card_number("visa16")),
            "Charge {} for the upgrade.",
        ),
        ("US_SSN", lambda: "-".join(fake.ssn().replace("-", "")), "My SSN is {} for the form."),
    ]
    items: list[Labeled] = []
    for i in range(n):
        entity, make, template = tricks[i % len(tricks)]
        value = make()
        start = template.index("{}")
        items.append(Labeled(template.format(value), (Span(entity, start, start + len(value)),)))
    return items
