"""The embedded demo source: synthetic customer-support tickets full of realistic PII.

Tickets are generated deterministically from a seeded Faker, so the same ``(count, seed)``
always gives the same tickets. Each ticket has an id, a subject, a body and a channel, plus
its intent, which is hidden ground truth used only for evaluation. The PII values seeded into
each ticket are returned beside it (:attr:`SyntheticTicket.pii`) so that tests can prove none
of them leaks into prompts, logs, datasets or reports.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from faker import Faker

from governance.policy.jobs import DEFAULT_INTENTS

__all__ = ["CHANNELS", "SyntheticTicket", "generate_tickets", "luhn_complete"]

CHANNELS: tuple[str, ...] = ("email", "chat", "web_form", "phone_transcript")

_SUBJECTS: dict[str, tuple[str, ...]] = {
    "billing": (
        "Charged twice this month",
        "Question about my invoice",
        "Wrong amount on my bill",
        "Unexpected charge on my statement",
    ),
    "refund": (
        "Refund request",
        "Still waiting for my money back",
        "Please refund my order",
        "Return and refund status",
    ),
    "login": (
        "Cannot log in",
        "Password reset not working",
        "Locked out of my account",
        "Two-factor code never arrives",
    ),
    "shipping": (
        "Where is my package?",
        "Delivery is late",
        "Tracking number shows no updates",
        "Parcel delivered to the wrong address",
    ),
    "cancellation": (
        "Cancel my subscription",
        "Please close my plan",
        "I want to cancel",
        "Stop my membership renewal",
    ),
    "technical_issue": (
        "App keeps crashing",
        "Error message when saving",
        "Sync is broken",
        "Website does not load",
    ),
    "account_update": (
        "Change my email address",
        "Update my phone number",
        "New mailing address",
        "Update the name on my account",
    ),
    "product_question": (
        "Question about the premium plan",
        "Does the device support USB-C?",
        "Which model should I buy?",
        "Is the product compatible with my setup?",
    ),
}

_PROBLEMS: dict[str, tuple[str, ...]] = {
    "billing": (
        "I was charged twice for my subscription this month and the invoice shows a wrong total.",
        "My last bill is higher than my plan price. Can you explain the extra charge?",
        "There is a payment on my statement I do not recognise, please check the billing.",
        "The invoice lists a fee I never agreed to pay.",
    ),
    "refund": (
        "I returned the item two weeks ago and I am still waiting for my refund.",
        "Please refund the order, it arrived broken and I sent it back.",
        "You promised me my money back but nothing has reached my account yet.",
        "I would like a refund for the duplicate order I placed by mistake.",
    ),
    "login": (
        "I cannot log in to my account, the password reset link expires immediately.",
        "The site says my password is wrong although I just reset it.",
        "My account is locked after too many sign-in attempts.",
        "The two-factor code never arrives so I cannot sign in.",
    ),
    "shipping": (
        "My package was supposed to arrive last week and tracking has not moved.",
        "The courier says the parcel was delivered but nothing is at my door.",
        "Delivery keeps getting postponed, where is my shipment?",
        "The tracking page shows the order stuck at the depot for days.",
    ),
    "cancellation": (
        "Please cancel my subscription effective immediately and stop the renewal.",
        "I want to close my plan at the end of this billing period.",
        "Cancel my membership, I no longer use the service.",
        "How do I cancel? I do not want to be renewed next month.",
    ),
    "technical_issue": (
        "The app crashes every time I open the settings screen.",
        "I get an error message whenever I try to save a document.",
        "Sync between my phone and laptop stopped working after the update.",
        "The web page stays blank and the upload button does nothing.",
    ),
    "account_update": (
        "Please update the email address on my account.",
        "I changed my phone number and need it updated in my profile.",
        "I moved, please change the mailing address on file.",
        "My last name changed after marriage, please update my account.",
    ),
    "product_question": (
        "Does the premium plan include offline access and family sharing?",
        "Is the new model compatible with USB-C chargers?",
        "What is the difference between the standard and the pro version?",
        "Can I use the device with my existing smart home hub?",
    ),
}

_GREETINGS: tuple[str, ...] = (
    "Hi, I'm {name}.",
    "Hello, my name is {name}.",
    "Dear support team, this is {name} writing.",
    "Hi there,",
    "Hello,",
    "Good morning,",
)

_SIGNOFFS: tuple[str, ...] = (
    "Regards,\n{name}",
    "Thanks,\n{name}",
    "Best wishes, {name}",
    "Thank you!\n{name}",
    "Cheers",
    "Thanks in advance.",
)


def luhn_complete(prefix_digits: str) -> str:
    """Append the Luhn check digit to ``prefix_digits``.

    >>> luhn_complete("411111111111111")
    '4111111111111111'
    """
    total = 0
    for i, ch in enumerate(reversed(prefix_digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return prefix_digits + str((10 - total % 10) % 10)


@dataclass(frozen=True)
class SyntheticTicket:
    """One generated ticket and the raw PII values seeded into it (for tests only)."""

    id: str
    subject: str
    body: str
    channel: str
    intent: str
    pii: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def as_record(self) -> dict[str, str]:
        """The ticket as stored in the source: no PII bookkeeping."""
        return {
            "id": self.id,
            "subject": self.subject,
            "body": self.body,
            "channel": self.channel,
            "intent": self.intent,
        }


def _card(rng: random.Random) -> tuple[str, str]:
    prefix = rng.choice(("4", "51", "52", "37", "6011"))
    length = 15 if prefix == "37" else 16
    digits = luhn_complete(
        prefix + "".join(str(rng.randrange(10)) for _ in range(length - len(prefix) - 1))
    )
    style = rng.random()
    if style < 0.4:
        shown = " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))
    elif style < 0.6:
        shown = "-".join(digits[i : i + 4] for i in range(0, len(digits), 4))
    else:
        shown = digits
    return shown, digits


def _ssn(rng: random.Random) -> str:
    area = rng.choice([n for n in range(1, 900) if n != 666])
    return f"{area:03d}-{rng.randrange(1, 100):02d}-{rng.randrange(1, 10000):04d}"


def _phone(fake: Faker, rng: random.Random) -> str:
    area = rng.randrange(201, 990)
    exchange = rng.randrange(200, 1000)
    line = rng.randrange(0, 10000)
    fmt = rng.choice(
        (
            "({a}) {e}-{l}",
            "{a}-{e}-{l}",
            "{a}.{e}.{l}",
            "+1 {a} {e} {l}",
            "+1-{a}-{e}-{l}",
        )
    )
    return fmt.format(a=area, e=exchange, l=f"{line:04d}")


def _pii_sentences(
    fake: Faker, rng: random.Random, intent: str
) -> tuple[list[str], dict[str, list[str]]]:
    """A few sentences carrying PII that fit the intent, and the raw values used."""
    found: dict[str, list[str]] = {}

    def note(kind: str, value: str) -> str:
        found.setdefault(kind, []).append(value)
        return value

    pool: list[Callable[[], str]] = [
        lambda: f"You can reach me at {note('EMAIL_ADDRESS', fake.email())}.",
        lambda: f"My phone number is {note('PHONE_NUMBER', _phone(fake, rng))}.",
        lambda: f"Call me back on {note('PHONE_NUMBER', _phone(fake, rng))} after 5pm.",
    ]
    if intent in ("billing", "refund", "cancellation"):
        pool += [
            lambda: "The card I used is " + _note_card(note, rng) + ".",
            lambda: f"Please send the refund to IBAN {note('IBAN_CODE', fake.iban())}.",
        ]
    if intent in ("shipping", "account_update", "refund"):
        pool.append(
            lambda: (
                "Ship to "
                + note("STREET_ADDRESS", fake.street_address())
                + f", {fake.city()}, {fake.state_abbr()} {fake.zipcode()}."
            )
        )
    if intent in ("login", "technical_issue"):
        pool.append(lambda: f"My IP address is {note('IP_ADDRESS', fake.ipv4_public())}.")
    if intent in ("account_update", "billing", "login"):
        pool.append(
            lambda: (
                f"For verification my SSN is {note('US_SSN', _ssn(rng))}."
                if rng.random() < 0.25
                else f"My account email is {note('EMAIL_ADDRESS', fake.email())}."
            )
        )
    rng.shuffle(pool)
    sentences = [make() for make in pool[: rng.randint(1, 3)]]
    return sentences, found


def _note_card(note: Callable[[str, str], str], rng: random.Random) -> str:
    shown, digits = _card(rng)
    note("CREDIT_CARD", shown)
    if shown != digits:
        note("CREDIT_CARD", digits)
    return shown


def generate_tickets(count: int = 2000, *, seed: int = 20261128) -> list[SyntheticTicket]:
    """Generate ``count`` tickets deterministically from ``seed``.

    >>> a = generate_tickets(3, seed=1); b = generate_tickets(3, seed=1)
    >>> [t.body for t in a] == [t.body for t in b]
    True
    >>> sorted({t.intent for t in generate_tickets(200)}) == sorted(DEFAULT_INTENTS)
    True
    """
    fake = Faker("en_US")
    fake.seed_instance(seed)
    rng = random.Random(seed)  # nosec B311  # seeded, reproducible, not a secret
    tickets: list[SyntheticTicket] = []
    for i in range(count):
        intent = (
            DEFAULT_INTENTS[i % len(DEFAULT_INTENTS)]
            if i < len(DEFAULT_INTENTS)
            else rng.choice(DEFAULT_INTENTS)
        )
        name = f"{fake.first_name()} {fake.last_name()}"
        greeting = rng.choice(_GREETINGS)
        signoff = rng.choice(_SIGNOFFS)
        pii: dict[str, list[str]] = {}
        parts: list[str] = []
        if "{name}" in greeting or "{name}" in signoff:
            pii["PERSON"] = [name]
        opening = greeting.format(name=name)
        problem = rng.choice(_PROBLEMS[intent])
        parts.append(opening + ("\n" if opening.endswith(",") else " ") + problem)
        sentences, found = _pii_sentences(fake, rng, intent)
        parts.extend(sentences)
        for kind, values in found.items():
            pii.setdefault(kind, []).extend(values)
        parts.append(signoff.format(name=name))
        body = " ".join(parts[:-1]) + "\n\n" + parts[-1]
        tickets.append(
            SyntheticTicket(
                id=f"T{i + 1:05d}",
                subject=rng.choice(_SUBJECTS[intent]),
                body=body,
                channel=rng.choice(CHANNELS),
                intent=intent,
                pii={k: tuple(v) for k, v in pii.items()},
            )
        )
    return tickets
