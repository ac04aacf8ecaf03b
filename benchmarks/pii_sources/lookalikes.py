"""Look-alike negatives: strings shaped like PII that a gateway must leave alone.

Order and invoice numbers, SKUs, version strings, parcel tracking numbers, prices, dates of
things (not of people), times, serial numbers and ticket ids. Values only; each source puts
them in its own sentences.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable

__all__ = ["LOOKALIKE_KINDS", "lookalike"]


def _d(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _a(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.ascii_uppercase) for _ in range(n))


def _order(rng: random.Random) -> str:
    return rng.choice(
        [
            f"ORD-{_d(rng, 8)}",
            f"#{_d(rng, 9)}",
            f"{rng.randint(2019, 2026)}-{_d(rng, 6)}",
            f"PO-{_d(rng, 4)}-{_d(rng, 5)}",
            _d(rng, 10),
        ]
    )


def _sku(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{_d(rng, 4)}-{_a(rng, 3)}-{rng.choice(['XS', 'S', 'M', 'L', 'XL'])}",
            f"{_a(rng, 2)}{_d(rng, 6)}",
            f"SKU-{_d(rng, 3)}-{_d(rng, 4)}-{_d(rng, 2)}",
        ]
    )


def _version(rng: random.Random) -> str:
    return rng.choice(
        [
            ".".join(str(rng.randint(*b)) for b in ((1, 12), (0, 20), (0, 9), (100, 9999))),
            f"v{rng.randint(1, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 12)}",
            f"10.0.{rng.randint(17000, 26000)}.{rng.randint(100, 4000)}",
            f"{rng.randint(1, 4)}.{rng.randint(0, 9)}.{rng.randint(0, 99)}-rc{rng.randint(1, 5)}",
        ]
    )


def _tracking(rng: random.Random) -> str:
    return rng.choice(
        [
            f"1Z{_a(rng, 3)}{_d(rng, 3)}{_d(rng, 10)}",
            f"{_a(rng, 2)}{_d(rng, 9)}{rng.choice(['GB', 'DE', 'FR', 'NL', 'CN'])}",
            f"9400 {_d(rng, 4)} {_d(rng, 4)} {_d(rng, 4)} {_d(rng, 4)} {_d(rng, 2)}",
            f"JJD{_d(rng, 18)}",
            _d(rng, 12),
        ]
    )


def _price(rng: random.Random) -> str:
    euros, cents = rng.randint(1, 4999), rng.randint(0, 99)
    return rng.choice(
        [
            f"€{euros:,}.{cents:02d}",
            f"${euros}.{cents:02d}",
            f"{euros:,}.{cents:02d} EUR".replace(",", "X").replace(".", ",").replace("X", "."),
            f"£{euros}.{cents:02d}",
            f"CHF {euros}.{cents:02d}",
            f"R$ {euros},{cents:02d}",
            f"₹{euros * 10:,}",
        ]
    )


def _date(rng: random.Random) -> str:
    y, m, d = rng.randint(2019, 2026), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice(
        [f"{y}-{m:02d}-{d:02d}", f"{d:02d}.{m:02d}.{y}", f"{m:02d}/{d:02d}/{y}", f"{d}/{m}/{y}"]
    )


def _time(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}",
            f"{rng.randint(1, 12)}:{rng.randint(0, 59):02d} pm",
        ]
    )


def _invoice(rng: random.Random) -> str:
    return rng.choice(
        [
            f"INV-{rng.randint(2019, 2026)}-{_d(rng, 5)}",
            f"RE{_d(rng, 8)}",
            f"F{_d(rng, 2)}/{_d(rng, 6)}",
        ]
    )


def _ticket(rng: random.Random) -> str:
    return rng.choice(
        [
            f"INC{_d(rng, 7)}",
            f"CS-{_d(rng, 6)}",
            f"TKT-{_d(rng, 5)}",
            f"JIRA-{rng.randint(100, 9999)}",
        ]
    )


def _serial(rng: random.Random) -> str:
    return rng.choice(
        [
            f"SN {_a(rng, 1)}{_d(rng, 2)}{_a(rng, 4)}{_d(rng, 1)}{_a(rng, 4)}",
            f"{_d(rng, 4)}-{_d(rng, 4)}-{_d(rng, 4)}",
            f"S/N {_d(rng, 3)}{_a(rng, 2)}{_d(rng, 5)}",
        ]
    )


LOOKALIKE_KINDS: dict[str, Callable[[random.Random], str]] = {
    "ORDER_NUMBER": _order,
    "SKU": _sku,
    "VERSION": _version,
    "TRACKING_NUMBER": _tracking,
    "PRICE": _price,
    "DATE": _date,
    "TIME": _time,
    "INVOICE_NUMBER": _invoice,
    "TICKET_ID": _ticket,
    "SERIAL_NUMBER": _serial,
}


def lookalike(kind: str, rng: random.Random) -> str:
    """A value of look-alike ``kind`` (a key of :data:`LOOKALIKE_KINDS`)."""
    return LOOKALIKE_KINDS[kind](rng)
