"""HELD-OUT source: messages written by hand in seven genres, with traps.

Genres: chat, e-mail signatures, HR, care notes, CRM exports, logistics, SMS; some in French
and some English ones quoting French data. Traps: names that are common words, lower-case,
surname-first, hyphenated and apostrophe names and names of many cultures, names alone on a
signature line, one-line and multi-line addresses of many countries, a name in embedded JSON,
a card number broken across a line, spelled-out and base64-encoded e-mails, NUL characters
inside values, UK NINO, passport numbers and CVVs next to a cue word; plus look-alikes
(order numbers, SKUs, versions, tracking numbers, prices, dates). Written, not generated; the
markup (``[[P:...]]``) is turned into offsets by :mod:`.markup`.
"""

from __future__ import annotations

from benchmarks.pii_sources.handwritten_data.care import CARE
from benchmarks.pii_sources.handwritten_data.chat import CHAT
from benchmarks.pii_sources.handwritten_data.crm import CRM
from benchmarks.pii_sources.handwritten_data.french import FRENCH
from benchmarks.pii_sources.handwritten_data.hr import HR
from benchmarks.pii_sources.handwritten_data.logistics import LOGISTICS
from benchmarks.pii_sources.handwritten_data.signatures import SIGNATURES
from benchmarks.pii_sources.handwritten_data.sms import SMS
from benchmarks.pii_sources.markup import parse
from benchmarks.pii_sources.model import Example

__all__ = ["GENRES", "build"]

GENRES: dict[str, tuple[str, ...]] = {
    "chat": CHAT,
    "email_signature": SIGNATURES,
    "hr": HR,
    "care": CARE,
    "crm": CRM,
    "logistics": LOGISTICS,
    "sms": SMS,
}


def build() -> list[Example]:
    """Every hand-written message, tagged ``genre`` or ``genre/fr``."""
    out = [parse(text, tag=genre) for genre, texts in GENRES.items() for text in texts]
    out += [parse(text, tag=f"{genre}/fr") for genre, text in FRENCH]
    return out
