"""Probe values are valid PII of their type, and land exactly where their offsets say."""

from __future__ import annotations

import dataclasses
import itertools
import random

import phonenumbers
import pytest
from stdnum import iban, luhn
from stdnum.es import dni
from stdnum.gb import nhs
from stdnum.it import codicefiscale

from governance.errors import PiiError
from governance.pii.types import PiiFinding
from governance.probes.plant import build_probe_texts
from governance.probes.values import _LOCALES, VALUE_KINDS, ValueSource

TEXTS = [
    "Hi there,\nMy card was charged twice. Call me on (415) 555-0134.\n\nRegards,\nAnna Lee",
    "Hello! The app crashes on start. Thanks.",
    "",
    "Please update my address to 12 Oak Street. My email is anna@example.com!",
]
FINDINGS = [
    [PiiFinding("PHONE_NUMBER", 51, 65, 0.9, "us_phone"), PiiFinding("PERSON", 77, 85, 0.85, "x")],
    [],
    [],
    [
        PiiFinding("STREET_ADDRESS", 28, 41, 0.85, "street"),
        PiiFinding("EMAIL_ADDRESS", 55, 71, 1.0, "email"),
    ],
]


def _digits(value: str) -> str:
    return "".join(c for c in value if c.isalnum())


VALIDATORS = {
    "CREDIT_CARD": lambda v: luhn.is_valid(_digits(v)),
    "IBAN_CODE": iban.is_valid,
    "UK_NHS": nhs.is_valid,
    "ES_NIF": dni.is_valid,
    "IT_FISCAL_CODE": codicefiscale.is_valid,
    "PHONE_NUMBER": lambda v: any(
        phonenumbers.is_valid_number(phonenumbers.parse(v, region))
        for region in ("US", "GB", "DE", "FR")
    ),
}


@pytest.mark.parametrize("entity_type", sorted(VALIDATORS))
def test_values_are_valid_identifiers(entity_type: str) -> None:
    source = ValueSource(random.Random(7))
    kind = VALUE_KINDS[entity_type]
    countries = sorted(kind.countries) if kind.countries else ["US", "DE", "UK", "FR"]
    for i in range(40):
        value = kind.make(source, countries[i % len(countries)])
        assert VALIDATORS[entity_type](value), (entity_type, value)


@pytest.mark.parametrize("country", sorted(_LOCALES))
def test_every_kind_makes_one_line_values_for_every_known_country(country: str) -> None:
    source = ValueSource(random.Random(11))
    for kind in VALUE_KINDS.values():
        for _ in range(5):
            value = kind.make(source, country)
            assert value.strip() == value and value and "\n" not in value, (kind, value)


def test_every_kind_has_frames_with_one_slot() -> None:
    for kind in VALUE_KINDS.values():
        assert kind.frames and all(f.count("{v}") == 1 for f in kind.frames), kind.entity_type


def test_planted_offsets_counts_and_modes() -> None:
    types = ["PHONE_NUMBER", "EMAIL_ADDRESS", "PERSON", "STREET_ADDRESS", "US_SSN"]
    probes = build_probe_texts(
        TEXTS, FINDINGS, entity_types=types, count=30, lookalikes=30, countries=["US"], seed=3
    )
    values = [v for p in probes for v in p.values]
    lookalikes = [la for p in probes for la in p.lookalikes]
    assert {t: sum(v.label == t for v in values) for t in types} == dict.fromkeys(types, 30)
    assert len(lookalikes) == 30
    for probe in probes:
        planted = [*probe.values, *probe.lookalikes]
        for p in planted:
            assert probe.text[p.start : p.end] == p.value
        spans = sorted((p.start, p.end) for p in planted)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
        assert len({v.label for v in probe.values}) == len(probe.values) <= 3
    replaced = [v for v in values if v.mode == "replace"]
    assert {v.label for v in replaced} <= {
        "PHONE_NUMBER",
        "PERSON",
        "STREET_ADDRESS",
        "EMAIL_ADDRESS",
    }
    assert replaced and any(v.mode == "insert" for v in values)


def test_replacement_takes_the_place_of_the_found_entity() -> None:
    probes = build_probe_texts(
        TEXTS[:1], FINDINGS[:1], entity_types=["PHONE_NUMBER"], count=40, lookalikes=0,
        countries=["US"], seed=1,
    )  # fmt: skip
    for probe in probes:
        (value,) = probe.values
        if value.mode == "replace":
            assert "(415) 555-0134" not in probe.text
            assert probe.text.startswith(TEXTS[0][:51]) and probe.text.endswith(TEXTS[0][65:])


def test_same_seed_same_probes_other_seed_other_probes() -> None:
    def build(seed: int) -> list[str]:
        probes = build_probe_texts(
            TEXTS, FINDINGS, entity_types=["PERSON", "IBAN_CODE"], count=20, lookalikes=20,
            countries=["DE", "FR"], seed=seed,
        )  # fmt: skip
        return [p.text for p in probes]

    assert build(5) == build(5)
    assert build(5) != build(6)


def test_no_probe_value_occurs_in_the_source() -> None:
    """A probe value equal to a real one would copy that person's data into probes.json."""
    types = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER"]

    def build(avoid: list[str]) -> list[str]:
        probes = build_probe_texts(
            TEXTS, FINDINGS, entity_types=types, count=20, lookalikes=0, countries=["US"],
            seed=7, avoid=avoid,
        )  # fmt: skip
        return [v.value for p in probes for v in p.values]

    first = build([])
    # The same draws again, but with the first run's values written in the source (upper-cased).
    source = [" ".join(first).upper()]
    second = build(source)
    assert len(second) == len(first)
    assert not {v.casefold() for v in second} & {v.casefold() for v in first}


def test_a_source_holding_every_value_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    same = dataclasses.replace(VALUE_KINDS["PERSON"], make=lambda _s, _c: "Ada Lovelace")
    monkeypatch.setitem(VALUE_KINDS, "PERSON", same)
    with pytest.raises(PiiError, match="no PERSON probe value absent from the source"):
        build_probe_texts(
            TEXTS, FINDINGS, entity_types=["PERSON"], count=1, lookalikes=0, countries=["US"],
            seed=7, avoid=["signed by ADA LOVELACE"],
        )  # fmt: skip


@pytest.mark.parametrize(
    ("entity_type", "draws", "source"),
    [
        ("PERSON", ["Dr. Ada Lovelace", "Grace Hopper"], "signed by ADA LOVELACE, engineer"),
        (
            "EMAIL_ADDRESS",
            ["wendymitchell@example.net", "grace@example.org"],
            "write to ymitchell@example.net today",
        ),
    ],
)
def test_a_probe_value_holding_a_source_value_is_redrawn(
    monkeypatch: pytest.MonkeyPatch, entity_type: str, draws: list[str], source: str
) -> None:
    """A title before a real name, or letters before a real address, do not make it new."""
    queue = iter(draws)
    kind = dataclasses.replace(VALUE_KINDS[entity_type], make=lambda _s, _c: next(queue))
    monkeypatch.setitem(VALUE_KINDS, entity_type, kind)
    probes = build_probe_texts(
        TEXTS, FINDINGS, entity_types=[entity_type], count=1, lookalikes=0, countries=["US"],
        seed=7, avoid=[source],
    )  # fmt: skip
    assert [v.value for p in probes for v in p.values] == [draws[1]]
