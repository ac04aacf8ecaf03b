"""The PII benchmark's labelled sources: deterministic, well-formed, valid values."""

from __future__ import annotations

import itertools
import random
from importlib import import_module

import pytest
from stdnum import iban, luhn

from benchmarks.pii_scoring import score_source
from benchmarks.pii_sources import (
    faker_multilocale,
    handwritten,
    handwritten_dev,
    mimesis_multilocale,
)
from benchmarks.pii_sources.ibans import iban_countries, random_iban
from benchmarks.pii_sources.markup import parse
from benchmarks.pii_sources.model import Example
from benchmarks.pii_sources.national_ids import ID_KINDS, national_id
from benchmarks.pii_sources.phones import phone_number
from benchmarks.pii_sources.registry import SOURCES
from benchmarks.pii_systems import ISSUE_COUNTRIES
from benchmarks.pii_targets import held_out_checks

_MODULES = {k.subtype: k.module for k in ID_KINDS if k.module}


def _well_formed(examples: list[Example]) -> None:
    for e in examples:
        for s in e.spans:
            value = e.text[s.start : s.end]
            assert value == value.strip(" ,.;"), f"untrimmed span {value!r}"
        spans = sorted((s.start, s.end) for s in e.spans)
        assert all(b <= c for (_, b), (c, _) in itertools.pairwise(spans)), e.text


def _valid_values(examples: list[Example]) -> None:
    for e in examples:
        for s in e.spans:
            value = e.text[s.start : s.end]
            if s.entity_type == "IBAN_CODE":
                assert iban.is_valid(value), value
            if s.entity_type == "NATIONAL_ID" and s.subtype in _MODULES:
                assert import_module(_MODULES[s.subtype]).is_valid(value), (s.subtype, value)
            if s.entity_type == "CREDIT_CARD" and s.subtype != "CVV":
                assert luhn.is_valid("".join(c for c in value if c.isdigit())), value


def test_sources_are_labelled_and_named_once() -> None:
    names = [s.name for s in SOURCES]
    assert len(names) == len(set(names))
    held_out = {s.name for s in SOURCES if s.status == "HELD-OUT"}
    assert held_out == {"mimesis_multilocale", "handwritten"}


@pytest.mark.parametrize(
    "build",
    [mimesis_multilocale.build, pytest.param(faker_multilocale.build, marks=pytest.mark.slow)],
)
def test_generated_sources_are_deterministic_and_well_formed(build: object) -> None:
    first = build(60)  # type: ignore[operator]
    assert first == build(60)  # type: ignore[operator]
    _well_formed(first)
    assert any(e.negatives for e in first)


def test_mimesis_source_covers_the_30_countries_with_valid_values() -> None:
    examples = mimesis_multilocale.build(150)
    assert {e.tag for e in examples} == set(ISSUE_COUNTRIES)
    _valid_values(examples)


def test_handwritten_has_200_messages_in_7_genres_with_valid_values() -> None:
    examples = handwritten.build()
    assert len(examples) >= 200
    genres = {e.tag.split("/")[0] for e in examples}
    assert genres == {"chat", "email_signature", "hr", "care", "crm", "logistics", "sms"}
    assert sum(e.tag.endswith("/fr") for e in examples) >= 20
    _well_formed(examples)
    _valid_values(examples)


def test_handwritten_dev_is_tuned_on_and_shares_no_message_with_the_held_out_set() -> None:
    examples = handwritten_dev.build()
    assert len(examples) >= 150
    assert {s.status for s in SOURCES if s.name == "handwritten_dev"} == {"TUNED-ON"}
    assert not {e.text for e in examples} & {e.text for e in handwritten.build()}
    _well_formed(examples)
    _valid_values(examples)


def test_handwritten_traps_are_present() -> None:
    texts = [e.text for e in handwritten.build()]
    joined = "\n".join(texts)
    for trap in [
        "\u0000",
        "[at]",
        "==",
        '{"name": ',
        "straße 12, 10115 Berlin",
        "P.O. Box",
        "rue ",
    ]:
        assert trap in joined, trap


@pytest.mark.parametrize("kind", ID_KINDS, ids=lambda k: k.subtype)
def test_national_ids_validate_with_stdnum(kind: object) -> None:
    rng = random.Random(5)
    for _ in range(5):
        value = national_id(kind, rng)  # type: ignore[arg-type]
        if kind.module:  # type: ignore[attr-defined]
            assert import_module(kind.module).is_valid(value), value  # type: ignore[attr-defined]


def test_ibans_of_every_registered_country_validate() -> None:
    rng = random.Random(3)
    assert len(iban_countries()) > 60
    for country in iban_countries():
        assert iban.is_valid(random_iban(country, rng))


@pytest.mark.parametrize("region", ISSUE_COUNTRIES)
def test_phone_numbers_parse_back_to_their_region(region: str) -> None:
    import phonenumbers

    rng = random.Random(region)
    for notation in ("national", "international", "e164", "double_zero"):
        text, _ = phone_number(region, rng, notation)
        parsed = phonenumbers.parse(
            text.replace("00", "+", 1) if notation == "double_zero" else text, region
        )
        assert phonenumbers.is_valid_number(parsed), text


def test_markup_parse_offsets_and_errors() -> None:
    example = parse("Hi [[P:Ann Lee]], order [[~ORDER_NUMBER:#12]] to [[ADDR/MULTI:1 A St\nB]]")
    assert [example.text[s.start : s.end] for s in example.spans] == ["Ann Lee", "1 A St\nB"]
    assert example.spans[1].subtype == "MULTI"
    assert [example.text[n.start : n.end] for n in example.negatives] == ["#12"]
    with pytest.raises(ValueError, match="unbalanced"):
        parse("broken [[P:Ann")
    with pytest.raises(ValueError, match="not a canonical type"):
        parse("[[NAME:Ann]]")


def test_held_out_checks_compare_with_stock() -> None:
    example = parse("[[P:Ann Lee]] [[PH:020 7946 0958]]")
    ours = score_source([example], [[("PERSON", 0, 7), ("PHONE_NUMBER", 8, 21)]])
    stock = score_source([example], [[("PERSON", 0, 7)]])
    checks = {c.name.split(" (")[0]: c.met for c in held_out_checks(ours, stock)}
    assert checks == {
        "span recall": True,
        "PERSON recall": True,
        "PHONE_NUMBER recall": True,
        "char precision": True,
        "F2": True,
    }
    checks = {c.name.split(" (")[0]: c.met for c in held_out_checks(stock, ours)}
    assert checks["PHONE_NUMBER recall"] is False
    assert checks["F2"] is False


def test_bench_policy_countries_override_and_acted_findings() -> None:
    from benchmarks.pii_systems import DEFAULT_POLICY, _acts, _policy

    assert _policy(DEFAULT_POLICY, None).prompt.countries == []
    policy = _policy(DEFAULT_POLICY, ["GB", "FR"])
    assert policy.prompt.countries == ["GB", "FR"]
    acts = _acts(policy.prompt)
    assert not acts("DATE_TIME", 0.99)  # the default policy allows dates
    assert not acts("PERSON", 0.55) and acts("PERSON", 0.6)  # PERSON min_score 0.6
    assert acts("NRP", 0.5) and not acts("NRP", 0.49)  # unlisted: default action, 0.5
