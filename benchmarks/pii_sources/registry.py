"""Labelled sources of the PII benchmark: one table, each source TUNED-ON or HELD-OUT.

``HELD-OUT`` sources must never be used to tune the gateway (recognizers, context words,
thresholds, models); the figures that count are theirs. ``TUNED-ON`` sources may be.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from benchmarks.pii_sources import (
    corpus_adapter,
    faker_multilocale,
    handwritten,
    handwritten_dev,
    mimesis_multilocale,
)
from benchmarks.pii_sources.model import Example

__all__ = ["SOURCES", "Source", "Status"]

Status = Literal["TUNED-ON", "HELD-OUT"]


@dataclass(frozen=True)
class Source:
    """A labelled source: ``build(quick)`` returns its examples."""

    name: str
    status: Status
    description: str
    build: Callable[[bool], list[Example]]
    #: Only the no-regression check applies (recall >= 0.95), not the held-out targets.
    regression_only: bool = False


SOURCES: tuple[Source, ...] = (
    Source(
        "mimesis_multilocale",
        "HELD-OUT",
        "support tickets and e-mails, mimesis values of 30 countries, stdnum IDs, "
        "libphonenumber phones",
        lambda quick: mimesis_multilocale.build(300 if quick else 900),
    ),
    Source(
        "handwritten",
        "HELD-OUT",
        "messages written by hand in 7 genres, with traps and some French",
        lambda quick: handwritten.build(),
    ),
    Source(
        "faker_multilocale",
        "TUNED-ON",
        "HR, e-mail and chat messages, Faker values of 30 countries, multi-line addresses",
        lambda quick: faker_multilocale.build(300 if quick else 900),
    ),
    Source(
        "handwritten_dev",
        "TUNED-ON",
        "a second set of hand-written messages in 11 genres, read and tuned on",
        lambda quick: handwritten_dev.build(),
    ),
    Source(
        "pii_corpus",
        "TUNED-ON",
        "the original corpus: Faker en_US in 30 templates, 5% lower-cased",
        lambda quick: corpus_adapter.corpus(600 if quick else 2000),
        regression_only=True,
    ),
    Source(
        "evasion",
        "TUNED-ON",
        "the original evasion set: zero-width, fullwidth, spaced digits, homoglyphs",
        lambda quick: corpus_adapter.evasion(60 if quick else 200),
        regression_only=True,
    ),
)
