"""Canaries: synthetic secrets planted into the student's training set for auditing.

Each canary is a ticket-like sentence holding one synthetic secret in a realistic format:

- ``card``: a 16-digit Luhn-valid number (test issuer prefix 4000, grouped by four);
- ``ssn``: ``9XX-XX-XXXX``; area numbers 900-999 are never issued as SSNs;
- ``phone``: ``(NPA) 555-01XX``, the range reserved for fiction.

For one-run auditing (Steinke et al. 2023) every canary is included in training with
probability 1/2; the others are held out and serve as the non-member reference. Raw canary
texts and secrets live only in the in-memory :class:`CanaryPlan`; reports get keyed digests
(:func:`governance.pii.digest.value_digest`). Canaries are planted after the PII gateway and
the teacher, into the student's training set only.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from governance.errors import ConfigError
from governance.jsontypes import JsonValue
from governance.pii.digest import value_digest

__all__ = [
    "CANARY_FORMATS",
    "Canary",
    "CanaryKind",
    "CanaryPlan",
    "fresh_candidates",
    "luhn_valid",
    "plant_canaries",
]

CanaryKind = Literal["card", "ssn", "phone"]

# North American area codes: first digit 2-9, middle digit not 9, no N11 service codes.
_AREA_CODES = tuple(
    f"{a}{b}{c}" for a in range(2, 10) for b in range(9) for c in range(10) if (b, c) != (1, 1)
)


def _luhn_check_digit(payload: str) -> str:
    total = 0
    for position, char in enumerate(reversed(payload)):
        digit = int(char)
        if position % 2 == 0:  # doubled: these sit left of the check digit
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    """Whether the digits of ``number`` pass the Luhn checksum.

    >>> luhn_valid("4000 0012 3456 7899"), luhn_valid("4000 0012 3456 7890")
    (True, False)
    """
    digits = [c for c in number if c.isdigit()]
    if len(digits) < 2:
        return False
    payload = "".join(digits[:-1])
    return _luhn_check_digit(payload) == digits[-1]


def _card(rng: random.Random) -> str:
    payload = "4000" + "".join(rng.choice("0123456789") for _ in range(11))
    number = payload + _luhn_check_digit(payload)
    return " ".join(number[i : i + 4] for i in range(0, 16, 4))


def _ssn(rng: random.Random) -> str:
    return f"{rng.randint(900, 999)}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"


def _phone(rng: random.Random) -> str:
    return f"({rng.choice(_AREA_CODES)}) 555-01{rng.randint(0, 99):02d}"


CANARY_FORMATS: dict[str, Callable[[random.Random], str]] = {
    "card": _card,
    "ssn": _ssn,
    "phone": _phone,
}

_TEMPLATES: dict[str, tuple[str, ...]] = {
    "card": (
        "Ticket {ref}: customer asked us to replace the card on file with {secret} before "
        "the next invoice.",
        "Ticket {ref}: the payment with card {secret} was declined twice this morning, "
        "please check.",
        "Ticket {ref}: refund the duplicate charge to card number {secret} as discussed.",
    ),
    "ssn": (
        "Ticket {ref}: for the tax form the member confirmed SSN {secret} over the phone.",
        "Ticket {ref}: payroll shows the wrong social security number, correct one is {secret}.",
        "Ticket {ref}: identity check failed, applicant typed {secret} as their SSN.",
    ),
    "phone": (
        "Ticket {ref}: please call the customer back at {secret} about the delayed order.",
        "Ticket {ref}: new contact number for delivery updates is {secret}.",
        "Ticket {ref}: the technician could not reach {secret}, reschedule the visit.",
    ),
}

_REF_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class Canary:
    """One canary. ``text`` and ``secret`` are kept out of ``repr`` so logs never show them."""

    canary_id: str
    kind: CanaryKind
    label: str
    included: bool
    template: str = field(repr=False)
    secret: str = field(repr=False)
    digest: str

    @property
    def text(self) -> str:
        """The training sentence holding the secret."""
        return self.template.format(secret=self.secret)


@dataclass(frozen=True)
class CanaryPlan:
    """Canaries and the training records with the included ones planted (in memory only)."""

    canaries: tuple[Canary, ...] = field(repr=False)
    training_records: tuple[dict[str, JsonValue], ...] = field(repr=False)
    repetitions: int
    seed: int

    @property
    def inserted(self) -> tuple[Canary, ...]:
        """Canaries placed in the training records (each ``repetitions`` times)."""
        return tuple(c for c in self.canaries if c.included)

    @property
    def held_out(self) -> tuple[Canary, ...]:
        """Canaries drawn the same way but left out: the non-member reference."""
        return tuple(c for c in self.canaries if not c.included)

    @property
    def digests(self) -> list[str]:
        """Keyed digests of every canary secret, in canary order (safe for reports)."""
        return [c.digest for c in self.canaries]


def _reference(rng: random.Random) -> str:
    return "".join(rng.choice(_REF_ALPHABET) for _ in range(8))


def _template(kind: str, rng: random.Random) -> str:
    sentence = rng.choice(_TEMPLATES[kind])
    # the ticket reference is fixed per canary; only the secret varies among candidates
    return sentence.replace("{ref}", "#" + _reference(rng))


def plant_canaries(
    records: Sequence[dict[str, JsonValue]],
    *,
    count: int,
    repetitions: int,
    secret: bytes,
    seed: int,
    text_field: str,
    labels: Sequence[str],
    label_field: str = "label",
    id_field: str = "id",
    kinds: Sequence[CanaryKind] = ("card", "ssn", "phone"),
) -> CanaryPlan:
    """Draw ``count`` canaries; plant each with probability 1/2, ``repetitions`` times.

    The returned plan's ``training_records`` are ``records`` plus the planted canary records,
    shuffled with ``seed``. A canary record has ``id_field``, ``text_field`` and
    ``label_field`` set; every other key found in ``records`` is set to ``None`` so the
    records keep one schema. ``secret`` keys the digests (the per-deployment PII key).
    """
    if count < 1 or repetitions < 1:
        raise ConfigError(f"need count >= 1 and repetitions >= 1, got {count}, {repetitions}")
    if not labels:
        raise ConfigError("canaries need at least one label")
    unknown = sorted(set(kinds) - set(CANARY_FORMATS))
    if unknown or not kinds:
        raise ConfigError(
            f"unknown canary kinds {unknown}", hint=f"known: {sorted(CANARY_FORMATS)}"
        )
    rng = random.Random(seed)  # nosec B311  # seeded, reproducible, not a secret
    keys: dict[str, None] = {}
    for existing in records:
        keys.update(dict.fromkeys(existing))
    canaries: list[Canary] = []
    planted: list[dict[str, JsonValue]] = []
    seen: set[str] = set()
    for index in range(count):
        kind: CanaryKind = kinds[index % len(kinds)]
        value = CANARY_FORMATS[kind](rng)
        while value in seen:
            value = CANARY_FORMATS[kind](rng)
        seen.add(value)
        canary = Canary(
            canary_id=f"canary-{index:05d}",
            kind=kind,
            label=rng.choice(list(labels)),
            included=rng.random() < 0.5,
            template=_template(kind, rng),
            secret=value,
            digest=value_digest(secret, value),
        )
        canaries.append(canary)
        if canary.included:
            for repetition in range(repetitions):
                row: dict[str, JsonValue] = dict.fromkeys(keys)
                row[id_field] = f"{canary.canary_id}-{repetition}"
                row[text_field] = canary.text
                row[label_field] = canary.label
                planted.append(row)
    training = [dict(r) for r in records] + planted
    rng.shuffle(training)
    return CanaryPlan(
        canaries=tuple(canaries),
        training_records=tuple(training),
        repetitions=repetitions,
        seed=seed,
    )


def fresh_candidates(canary: Canary, *, count: int, seed: int) -> list[str]:
    """``count`` texts like ``canary.text`` with fresh secrets of the same format.

    They form the reference set for rank-based exposure; none equals the canary's secret.
    """
    rng = random.Random(f"{seed}:{canary.canary_id}")  # nosec B311  # seeded, reproducible, not a secret
    make = CANARY_FORMATS[canary.kind]
    texts: list[str] = []
    used = {canary.secret}
    while len(texts) < count:
        value = make(rng)
        if value in used:
            continue
        used.add(value)
        texts.append(canary.template.format(secret=value))
    return texts
