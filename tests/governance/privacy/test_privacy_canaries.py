"""Canary formats, one-run inclusion, planting and the in-memory-only rule."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.errors import ConfigError
from governance.jsontypes import JsonValue
from governance.pii.digest import value_digest
from governance.privacy.canaries import (
    CANARY_FORMATS,
    CanaryPlan,
    fresh_candidates,
    luhn_valid,
    plant_canaries,
)

KEY = b"k" * 32
LABELS = ("billing", "shipping", "account")
RECORDS: list[dict[str, JsonValue]] = [
    {"id": f"r{i}", "text": f"ticket {i}", "label": "billing", "teacher": "local"}
    for i in range(50)
]


def _plan(count: int = 300, repetitions: int = 1, seed: int = 7) -> CanaryPlan:
    return plant_canaries(
        RECORDS,
        count=count,
        repetitions=repetitions,
        secret=KEY,
        seed=seed,
        text_field="text",
        labels=LABELS,
    )


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("4111 1111 1111 1111", True),
        ("4000 0012 3456 7899", True),
        ("4000 0012 3456 7890", False),
        ("79927398713", True),
        ("79927398710", False),
        ("7", False),
    ],
)
def test_luhn_reference_numbers(number: str, valid: bool) -> None:
    assert luhn_valid(number) is valid


def test_every_canary_has_a_valid_never_real_format() -> None:
    plan = _plan()
    kinds = {c.kind for c in plan.canaries}
    assert kinds == {"card", "ssn", "phone"}
    for canary in plan.canaries:
        assert canary.secret in canary.text and canary.text.startswith("Ticket #")
        if canary.kind == "card":
            assert re.fullmatch(r"4000( \d{4}){3}", canary.secret)
            assert luhn_valid(canary.secret)
        elif canary.kind == "ssn":
            # areas 900-999 are never issued as SSNs; group and serial are never zero
            assert re.fullmatch(r"9\d\d-(?!00)\d\d-(?!0000)\d{4}", canary.secret)
        else:
            assert re.fullmatch(r"\([2-9][0-8]\d\) 555-01\d\d", canary.secret)
        assert canary.label in LABELS


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32))
def test_formats_hold_for_any_seed(seed: int) -> None:
    rng = random.Random(seed)
    assert luhn_valid(CANARY_FORMATS["card"](rng))
    assert CANARY_FORMATS["ssn"](rng).startswith("9")
    assert "555-01" in CANARY_FORMATS["phone"](rng)


def test_about_half_the_canaries_are_planted_each_repetitions_times() -> None:
    plan = _plan(count=1000, repetitions=3)
    assert 430 < len(plan.inserted) < 570
    assert len(plan.inserted) + len(plan.held_out) == 1000
    planted = [r for r in plan.training_records if str(r["id"]).startswith("canary-")]
    assert len(planted) == 3 * len(plan.inserted)
    assert len(plan.training_records) == len(RECORDS) + len(planted)
    texts = {c.text for c in plan.inserted}
    assert {r["text"] for r in planted} == texts
    assert not texts & {c.text for c in plan.held_out}
    # one schema: keys of the source records are kept, unknown ones set to None
    assert all(set(r) == {"id", "text", "label", "teacher"} for r in plan.training_records)
    assert all(r["teacher"] is None for r in planted)
    assert len({c.secret for c in plan.canaries}) == 1000


def test_plans_are_reproducible_and_digests_are_keyed() -> None:
    first, second = _plan(seed=3), _plan(seed=3)
    assert first.digests == second.digests
    assert first.training_records == second.training_records
    assert first.digests != _plan(seed=4).digests
    assert first.digests == [value_digest(KEY, c.secret) for c in first.canaries]


def test_raw_canaries_never_show_in_reprs() -> None:
    plan = _plan(count=30)
    shown = repr(plan) + "".join(repr(c) for c in plan.canaries)
    for canary in plan.canaries:
        assert canary.secret not in shown
        assert canary.template.split("{secret}")[0] not in shown


def test_fresh_candidates_share_the_sentence_but_not_the_secret() -> None:
    plan = _plan(count=6)
    for canary in plan.canaries:
        candidates = fresh_candidates(canary, count=50, seed=1)
        assert len(set(candidates)) == 50
        assert canary.text not in candidates
        prefix, suffix = canary.template.split("{secret}")
        assert all(c.startswith(prefix) and c.endswith(suffix) for c in candidates)
        assert candidates == fresh_candidates(canary, count=50, seed=1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"count": 0}, "need count >= 1 and repetitions >= 1"),
        ({"repetitions": 0}, "need count >= 1 and repetitions >= 1"),
        ({"labels": ()}, "at least one label"),
        ({"kinds": ("iban",)}, r"unknown canary kinds \['iban'\]"),
    ],
)
def test_bad_plans_are_config_errors(kwargs: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {
        "count": 5,
        "repetitions": 1,
        "secret": KEY,
        "seed": 0,
        "text_field": "text",
        "labels": LABELS,
    }
    arguments.update(kwargs)
    with pytest.raises(ConfigError, match=message):
        plant_canaries(RECORDS, **arguments)  # type: ignore[arg-type]
