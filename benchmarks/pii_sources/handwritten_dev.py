"""TUNED-ON source: a second set of hand-written messages, written on 2026-12-05 by
writers who had not read the held-out ``handwritten`` set, for finding phenomena.

160 messages in eleven genres (chat, support e-mail, HR, care, sales CRM, e-mail signatures,
logistics, SMS, finance, IT logs, forms), 18 of them in French. Its failures may be read and
the gateway tuned on them, so its figures are not evidence of generalisation: the held-out
sources are. Markup: see :mod:`.markup`.
"""

from __future__ import annotations

from benchmarks.pii_sources.dev_data.batch_a import BATCH_A
from benchmarks.pii_sources.dev_data.batch_b import BATCH_B
from benchmarks.pii_sources.markup import parse
from benchmarks.pii_sources.model import Example

__all__ = ["build"]


def build() -> list[Example]:
    """Every development message, tagged with its genre (``genre/fr`` for French)."""
    return [parse(text, tag=genre) for genre, text in (*BATCH_A, *BATCH_B)]
