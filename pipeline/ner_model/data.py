"""Training texts for the shipped NER model: this module's own templates, Faker values.

Seven genres (chat, e-mail with signature, HR, care notes, CRM and CSV exports, logistics,
SMS) plus JSON and form layouts. ``{NAME}``/``{GIVEN}``/``{FAMILY}`` slots are gold
``PERSON`` spans, ``{CITY}``/``{COUNTRY}`` ``GPE``, ``{COMPANY}`` ``ORG``, ``{DATE}``
``DATE``; the other slots (e-mails, phones, order numbers, products, teams, addresses) are
not persons, and the model is taught so. Nothing here reads a benchmark source.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from faker import Faker

from pipeline.ner_model.names import NameMaker
from pipeline.ner_model.templates_world import ROLES, TEMPLATES_WORLD

__all__ = ["TEMPLATES", "Generated", "generate"]

#: Slot -> entity label (slots not listed are plain text).
_LABELS = {
    "NAME": "PERSON",
    "NAME2": "PERSON",
    "GIVEN": "PERSON",
    "FAMILY": "PERSON",
    "LGIVEN": "PERSON",
    "USER": "PERSON",
    "KANJI": "PERSON",
    "CITY": "GPE",
    "COUNTRY": "GPE",
    "COMPANY": "ORG",
    "DATE": "DATE",
}

TEMPLATES: tuple[str, ...] = (
    # chat and SMS
    "hi, this is {NAME}, my order {ORDER} never arrived",
    "hey its {GIVEN} again. still no refund for {PRODUCT}??",
    "Hello, {NAME} here. I moved to {CITY} and need to update my address.",
    "my name is {NAME} and I can't log in since {DATE}",
    "can you call me back? {PHONE} - {GIVEN}",
    "ok thanks {GIVEN}, that fixed it",
    "{GIVEN}: the {PRODUCT} keeps restarting\n{NAME2}: did you try a reset?",
    "[{TIME}] {NAME}: anyone from billing online?",
    "pls send the invoice to {NAME}, {EMAIL}",
    "Thx {GIVEN}! Picking it up tmrw in {CITY}",
    "this is {GIVEN} {FAMILY} calling about ticket {ORDER}",
    "Agent {GIVEN} said the {PRODUCT} would ship on {DATE}",
    "i spoke to {NAME} at your {CITY} store, nobody called back",
    # e-mail with signatures
    "Dear {NAME},\n\nThank you for contacting {COMPANY}. Your case {ORDER} is closed.\n\n"
    "Kind regards,\n{NAME2}\n{TEAM}",
    "Hi {GIVEN},\n\nplease find the signed contract attached.\n\n"
    "Best,\n{NAME}\n{COMPANY} | {PHONE}",
    "Hello {TEAM},\n\nI was charged twice for {PRODUCT}.\n\nThanks\n{NAME}\n{ADDRESS}",
    "Dear Mr. {FAMILY},\nyour appointment is confirmed for {DATE}.\nSincerely,\n{NAME}",
    "Dear Ms {FAMILY},\nwe received your request. {TEAM}",
    "From: {NAME} <{EMAIL}>\nTo: {TEAM}\nSubject: Refund for order {ORDER}\n\nSee below.",
    "On {DATE}, {NAME} <{EMAIL}> wrote:\n> when will the {PRODUCT} be back in stock?",
    "-- \n{NAME}\nSenior Buyer, {COMPANY}\nM: {PHONE}",
    "Cheers,\n{GIVEN}\n\nSent from my phone",
    "Regards,\n\n{NAME}\n{ADDRESS}\n{PHONE}",
    "cc: {NAME}; {NAME2}\nPlease review before {DATE}.",
    "Thanks again {GIVEN} and {NAME2} for the quick help.",
    # HR
    "Employee {NAME} (ID {ORDER}) starts in the {CITY} office on {DATE}.",
    "HR note: {NAME} requested parental leave from {DATE}. Manager: {NAME2}.",
    "Reference check for {NAME}: worked at {COMPANY} in {CITY} until {DATE}.",
    "Exit interview with {GIVEN} {FAMILY} scheduled; cc {NAME2}.",
    "Payroll: please update the bank details of {NAME}, hired {DATE}.",
    "The candidate, {NAME}, is relocating from {CITY}, {COUNTRY}.",
    "Performance review: {FAMILY} exceeded targets; reviewer {NAME2}",
    # care notes
    "Patient {NAME}, seen on {DATE}, complains of back pain. Next of kin: {NAME2}.",
    "Visit note: Mrs {FAMILY} was in good spirits; daughter {GIVEN} present.",
    "Carer {GIVEN} reported that {NAME} missed the evening medication.",
    "Referral to Dr. {FAMILY} at {COMPANY} clinic, {CITY}.",
    "{NAME} (DOB {DATE}) discharged home to {ADDRESS}",
    "Resident: {NAME}\nRoom 12\nKey worker: {NAME2}",
    # CRM and CSV exports
    "Name: {NAME}\nEmail: {EMAIL}\nPhone: {PHONE}\nCity: {CITY}",
    "customer_name={NAME}; account={ORDER}; city={CITY}",
    "{NAME},{EMAIL},{PHONE},{CITY},{COUNTRY}",
    "{ORDER};{NAME};{PRODUCT};{DATE}",
    "Contact | {NAME} | {COMPANY} | {PHONE}",
    "Lead owner: {NAME2}\nLead: {NAME} ({COMPANY}, {CITY})",
    "Full name\t{NAME}\nCountry\t{COUNTRY}",
    "LAST NAME: {FAMILY}\nFIRST NAME: {GIVEN}\nDATE OF BIRTH: {DATE}",
    # JSON and forms
    '{{"name": "{NAME}", "city": "{CITY}", "order": "{ORDER}"}}',
    '{{"customer": {{"full_name": "{NAME}", "email": "{EMAIL}"}}}}',
    '{{"first_name": "{GIVEN}", "last_name": "{FAMILY}", "country": "{COUNTRY}"}}',
    "<customer>{NAME}</customer><product>{PRODUCT}</product>",
    "Requested by: {NAME}\nApproved by: {NAME2}\nDate: {DATE}",
    # logistics
    "Deliver to {NAME}, {ADDRESS}. Tracking {ORDER}.",
    "Parcel {ORDER} left the {CITY} depot on {DATE}; recipient {NAME}.",
    "Driver {GIVEN} could not deliver: {NAME} not at home.",
    "Consignee: {NAME}\n{ADDRESS}\nTel {PHONE}",
    "Return label for {PRODUCT} issued to {NAME} ({COMPANY}).",
    "Signed for by {FAMILY} at {TIME} on {DATE}",
    # imperative verbs and labels right before a value: not names
    "Call {PHONE} tonight.",
    "Email {EMAIL} for the return label.",
    "Text me on {PHONE} when you arrive",
    "Ping me at {EMAIL} or {PHONE}.",
    "Login from {ORDER} failed.",
    "Charge card {ORDER} again.",
    "Send the invoice to {EMAIL} please.",
    "Reply to {EMAIL}. Thanks!",
    "My name is {NAME}. Call {PHONE} tonight.",
    # no person: the model must leave these words alone
    "The {PRODUCT} I ordered from {COMPANY} arrived broken.",
    "{TEAM} will review order {ORDER} by {DATE}.",
    "Shipping to {CITY}, {COUNTRY} takes 3-5 business days.",
    "Your {PRODUCT} warranty expires on {DATE}. Contact {TEAM} at {EMAIL}.",
    "Customer Support\nOrder Status: Delayed\nNext Steps: Refund",
    "Please reset the password for account {ORDER}; the {PRODUCT} app shows Error 403.",
    "Meeting notes - Billing Sync - {DATE}\nAction: update the {PRODUCT} FAQ",
    "Thanks, {TEAM}",
)

_PRODUCTS = (
    "Galaxy Tab S9", "Kindle Paperwhite", "AirPods Pro", "ThinkPad X1", "Surface Go",
    "Nest Thermostat", "Pixel 8", "Echo Dot", "Roomba j7", "Instant Pot", "Dyson V15",
    "Apple Watch", "PlayStation 5", "Fitbit Charge", "Philips Hue bulb", "Sonos One",
    "premium plan", "gift card", "Model 3", "Office 365", "Bosch dishwasher",
)  # fmt: skip
_TEAMS = (
    "Customer Support", "Billing Team", "The Returns Team", "Support Desk", "HR Services",
    "Service Client", "Kundenservice", "Accounts Payable", "Customer Care", "Help Desk",
)  # fmt: skip
#: Ordinary sentences put before or after a template: the words around names in real
#: messages (lower-case verbs, capitalised roles and field labels) that are not names.
_CHATTER = (
    "I have been stuck on this for two days.",
    "Can someone move the delivery to next week?",
    "Talk soon.",
    "Reach out if you need anything else.",
    "Please confirm the license number on file.",
    "The Tenant portal shows a blank page.",
    "Mobile data stopped working after the update.",
    "Salary for June was paid late.",
    "Two-factor authentication keeps failing.",
    "Thanks for getting back to me so quickly!",
    "We got the replacement but it is the wrong size.",
    "The Account Manager never answered.",
    "Status: Pending Review",
    "Priority: High",
    "Ticket closed by the system.",
    "Please do not reply to this automated message.",
    "All items were checked at the warehouse.",
    "Our Finance Department needs the VAT invoice.",
    "See the attached screenshot.",
    "Any update on this?",
    "The Property Manager approved the repair.",
    "Build 4.2.0.117 fixed the crash on startup.",
    "Invoice Total: 149.90",
    "Next Steps: replace the battery",
    "Customer Satisfaction Survey - tell us how we did",
    "Happy Friday everyone!",
    "Sorry for the late reply, I was on leave.",
    "Bank Transfer Reference: see below",
    "Emergency Contact: see HR file",
    "Delivery Note attached.",
    "the courier said he left it with a neighbour",
    "no one picked up when I called",
    "Monday works for me.",
    "The Main Street branch was closed.",
    "It was a Christmas present.",
    "I love the new design, great job!",
    "Room 214, second floor",
    "Date of Birth: see form",
    "Account Holder: see statement",
    "Full Name: as on passport",
    # the same in other languages: lower-case nouns and verbs, capitalized labels
    "Merci de votre retour rapide.",
    "Le colis n'a pas été livré, le livreur est passé mardi.",
    "J'attends le remboursement depuis lundi.",
    "Suite à votre appel, voici le devis.",
    "Objet : demande de remboursement",
    "Pouvez-vous vérifier mon compte client ?",
    "Je suis en congé maladie jusqu'à vendredi.",
    "La facture est jointe, merci de la valider.",
    "Avis de passage : colis en attente au bureau de poste",
    "bonjour, petite question sur ma commande",
    "Vielen Dank für die schnelle Antwort.",
    "Rückerstattung bitte auf mein Konto überweisen.",
    "Die Lieferung kam leider beschädigt an.",
    "Betreff: Kündigung des Vertrags",
    "Muchas gracias por su ayuda.",
    "El pedido llegó incompleto, faltan dos cajas.",
    "Reembolso pendiente desde el martes.",
    "Obrigado pelo retorno, aguardo a fatura.",
    "Grazie mille, attendo la conferma.",
    "Bedankt voor je snelle reactie!",
    "Handover: bed 4 stable overnight.",
    "Discharge summary attached.",
    "Barcode scanned at the depot.",
    "Failed password for invalid user admin from 10.0.0.8",
    "image=registry.internal/api:2.31.0 restarted",
    "Your food order is on its way!",
)
_PLACE_LOCALES = (
    "en_US", "en_CA", "es_MX", "pt_BR", "es_AR", "en_GB", "en_IE", "fr_FR", "de_DE", "de_AT",
    "de_CH", "nl_BE", "nl_NL", "es_ES", "pt_PT", "it_IT", "pl_PL", "cs_CZ", "sv_SE",
    "da_DK", "no_NO", "fi_FI", "tr_TR", "en_IN", "en_AU", "en_NZ", "en_NG", "fr_CH",
)  # fmt: skip
_ALL_TEMPLATES = TEMPLATES + TEMPLATES_WORLD
_SLOT = re.compile(r"\{([A-Z_0-9]+)\}")


@cache
def _place_faker(locale: str) -> Faker:
    return Faker(locale)


@dataclass(frozen=True)
class Generated:
    """A text and its gold spans ``(start, end, label)``; ``silver_ok`` marks the spans
    (addresses) where the base model's own non-person labels may stand."""

    text: str
    spans: tuple[tuple[int, int, str], ...]
    free: tuple[tuple[int, int], ...]


class _Filler:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names = NameMaker(rng)

    def _fake(self) -> Faker:
        fake = _place_faker(self.rng.choice(_PLACE_LOCALES))
        fake.seed_instance(self.rng.randrange(1 << 30))
        return fake

    def value(self, slot: str) -> str:
        rng = self.rng
        if slot in ("NAME", "NAME2"):
            return self.names.full()
        if slot == "GIVEN":
            given = self.names.given()
            return given.lower() if rng.random() < 0.04 else given
        if slot == "FAMILY":
            return self.names.family()
        if slot == "LGIVEN":
            return self.names.given().lower()
        if slot == "USER":
            return self.names.user()
        if slot == "KANJI":
            return self.names.native()
        if slot == "ROLE":
            return rng.choice(ROLES)
        if slot == "URL":
            return self._fake().url() + rng.choice(("", "profile", "t/" + str(rng.randrange(9999))))
        if slot == "HOST":
            return self._fake().domain_name()
        if slot == "CITY":
            return self._fake().city()
        if slot == "COUNTRY":
            return rng.choice(("France", "Germany", "Brazil", "India", "Japan", "Nigeria",
                               "Canada", "Mexico", "Poland", "Turkey", "Spain", "Italy",
                               "the Netherlands", "Australia", "South Africa", "UK"))  # fmt: skip
        if slot == "COMPANY":
            return self._fake().company()
        if slot == "DATE":
            return self._fake().date(
                pattern=rng.choice(("%d/%m/%Y", "%B %d, %Y", "%Y-%m-%d", "%d %b"))
            )
        if slot == "TIME":
            return f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
        if slot == "EMAIL":
            return self._fake().email()
        if slot == "PHONE":
            return self._fake().phone_number()
        if slot == "ORDER":
            return rng.choice(("#", "ORD-", "TCK-", "", "1Z")) + str(rng.randrange(10**5, 10**9))
        if slot == "PRODUCT":
            return rng.choice(_PRODUCTS)
        if slot == "TEAM":
            return rng.choice(_TEAMS)
        if slot == "ADDRESS":
            return self._fake().address()
        raise KeyError(slot)


#: Slots an anonymized text shows as a placeholder (gateway operators: replace, hash,
#: redact, mask); the placeholder is no entity.
_ANONYMIZABLE = {"NAME": "PERSON", "NAME2": "PERSON", "GIVEN": "PERSON", "FAMILY": "PERSON",
                 "LGIVEN": "PERSON", "USER": "PERSON", "KANJI": "PERSON",
                 "EMAIL": "EMAIL_ADDRESS", "PHONE": "PHONE_NUMBER", "ORDER": "CREDIT_CARD",
                 "ADDRESS": "STREET_ADDRESS"}  # fmt: skip


def _placeholder(rng: random.Random, entity_type: str, value: str) -> str:
    kind = rng.randrange(5)
    if kind == 0:
        return f"<{entity_type}>"
    if kind == 1:
        return f"<{entity_type}_{rng.randrange(16**8):08x}>"
    if kind == 2:
        return ""
    if kind == 3:
        return "*" * max(3, len(value) - 4) + value[-4:]
    return "[REDACTED]"


def _one(template: str, filler: _Filler) -> Generated:
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    free: list[tuple[int, int]] = []
    pos = length = 0
    rng = filler.rng
    if rng.random() < 0.5:
        template = (
            rng.choice(_CHATTER).replace("{", "{{").replace("}", "}}")
            + rng.choice((" ", "\n"))
            + template
        )
    if rng.random() < 0.5:
        template += rng.choice((" ", "\n", "\n\n")) + rng.choice(_CHATTER)
    anonymized = rng.random() < 0.2
    for match in _SLOT.finditer(template):
        literal = template[pos : match.start()].replace("{{", "{").replace("}}", "}")
        parts.append(literal)
        length += len(literal)
        slot = match.group(1)
        value = filler.value(slot)
        if anonymized and slot in _ANONYMIZABLE:
            value = _placeholder(rng, _ANONYMIZABLE[slot], value)
        elif slot in _LABELS:
            spans.append((length, length + len(value), _LABELS[slot]))
        elif slot == "ADDRESS":
            free.append((length, length + len(value)))
        parts.append(value)
        length += len(value)
        pos = match.end()
    parts.append(template[pos:].replace("{{", "{").replace("}}", "}"))
    text = "".join(parts)
    return Generated(text, tuple(_join_names(text, spans)), tuple(free))


def _join_names(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``{GIVEN} {FAMILY}`` is one name: person spans one space apart become one span."""
    out: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        if out and label == "PERSON" == out[-1][2] and text[out[-1][1] : start] == " ":
            out[-1] = (out[-1][0], end, label)
        else:
            out.append((start, end, label))
    return out


def generate(count: int, *, seed: int) -> Iterator[Generated]:
    """``count`` labelled texts, reproducible from ``seed``."""
    rng = random.Random(seed)  # nosec B311  # seeded, reproducible training data; not a secret
    filler = _Filler(rng)
    for _ in range(count):
        yield _one(rng.choice(_ALL_TEMPLATES), filler)
