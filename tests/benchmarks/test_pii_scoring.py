"""The PII benchmark's scoring functions: definitions, the 80% rule and properties."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.pii_scoring import (
    canonical_type,
    covered,
    f_beta,
    merge,
    score_source,
)
from benchmarks.pii_sources.model import Example, GoldSpan, LookAlike, TextBuilder

TYPES = ["PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS", "STREET_ADDRESS", "NATIONAL_ID"]


@st.composite
def examples(draw: st.DrawFn) -> Example:
    """A text of filler and non-overlapping gold spans."""
    builder = TextBuilder()
    for _ in range(draw(st.integers(1, 6))):
        builder.text(" " * draw(st.integers(0, 5)))
        builder.pii(draw(st.sampled_from(TYPES)), "x" * draw(st.integers(1, 20)))
    builder.text(" ")
    return builder.build()


@given(examples())
def test_perfect_prediction_scores_one(example: Example) -> None:
    preds = [[(s.entity_type, s.start, s.end) for s in example.spans]]
    score = score_source([example], preds)
    assert score.headline.span_recall == 1.0
    assert score.headline.typed_recall == 1.0
    assert score.headline.char_precision == 1.0
    assert score.headline.f2 == pytest.approx(1.0)


@given(examples())
def test_no_prediction_recalls_nothing(example: Example) -> None:
    score = score_source([example], [[]])
    assert score.headline.span_recall == 0.0
    assert score.headline.f2 == 0.0
    assert score.headline.predicted_chars == 0


@given(examples())
def test_wrong_type_still_counts_for_span_recall_not_typed(example: Example) -> None:
    preds = [[("URL", s.start, s.end) for s in example.spans]]
    score = score_source([example], preds)
    assert score.headline.span_recall == 1.0
    assert score.headline.typed_recall == 0.0


@given(st.integers(5, 200), st.data())
def test_eighty_percent_rule_boundary(length: int, data: st.DataObject) -> None:
    """A span counts exactly when covered characters >= 0.8 x its length."""
    cover = data.draw(st.integers(0, length))
    example = Example("a" * (length + 2), (GoldSpan("PERSON", 1, 1 + length),))
    score = score_source([example], [[("PERSON", 1, 1 + cover)]] if cover else [[]])
    assert score.headline.found == int(cover * 5 >= length * 4)


def test_eighty_percent_rule_exact_values() -> None:
    example = Example("x" * 12, (GoldSpan("PHONE_NUMBER", 1, 11),))
    found = [score_source([example], [[("PHONE_NUMBER", 1, 1 + n)]]).headline.found for n in (7, 8)]
    assert found == [0, 1]


def test_char_precision_counts_predicted_characters_outside_gold() -> None:
    builder = TextBuilder().text("call ").pii("PHONE_NUMBER", "0123456789").text(" now")
    example = builder.build()
    # 10 gold characters + " now" (4) predicted: precision 10/14, recall 1.
    score = score_source([example], [[("PHONE_NUMBER", 5, 19)]])
    assert score.headline.char_precision == pytest.approx(10 / 14)
    assert score.headline.span_recall == 1.0


def test_overlapping_predictions_are_not_double_counted() -> None:
    example = TextBuilder().pii("PERSON", "Alice Walker").text(" wrote").build()
    preds = [[("PERSON", 0, 12), ("LOCATION", 0, 5), ("PERSON", 6, 12)]]
    score = score_source([example], preds)
    assert score.headline.predicted_chars == 12
    assert score.headline.char_precision == 1.0


def test_side_types_count_for_precision_not_headline_recall() -> None:
    example = TextBuilder().text("in ").pii("LOCATION", "Lyon").build()
    hit = score_source([example], [[("LOCATION", 3, 7)]])
    assert hit.headline.gold == 0
    assert hit.headline.char_precision == 1.0
    assert hit.by_type["LOCATION"].span_recall == 1.0


def test_lookalikes_flagged_on_any_overlap() -> None:
    builder = TextBuilder().text("order ").lookalike("ORDER_NUMBER", "48213977")
    builder.text(" version ").lookalike("VERSION", "4.2.0.117")
    example = builder.build()
    neg = example.negatives[1]
    score = score_source([example], [[("IP_ADDRESS", neg.start + 2, neg.end)]])
    assert (score.negatives, score.negatives_flagged) == (2, 1)
    assert score.flagged_by_kind == {"ORDER_NUMBER": (1, 0), "VERSION": (1, 1)}
    assert score.negatives_flagged_share == 0.5


@pytest.mark.parametrize(
    ("detector_type", "canonical"),
    [
        ("US_SSN", "NATIONAL_ID"),
        ("UK_NINO", "NATIONAL_ID"),
        ("IN_PAN", "NATIONAL_ID"),
        ("DE_TAX_ID", "NATIONAL_ID"),
        ("PERSON", "PERSON"),
        ("STREET_ADDRESS", "STREET_ADDRESS"),
        ("LOCATION", "LOCATION"),
        ("NRP", "OTHER"),
        ("US_BANK_NUMBER", "OTHER"),
    ],
)
def test_canonical_types(detector_type: str, canonical: str) -> None:
    assert canonical_type(detector_type) == canonical


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50))))
def test_merge_is_a_disjoint_union(intervals: list[tuple[int, int]]) -> None:
    merged = merge(intervals)
    chars = {i for a, b in intervals for i in range(a, b)}
    assert {i for a, b in merged for i in range(a, b)} == chars
    assert all(b1 < a2 for (_, b1), (a2, _) in itertools.pairwise(merged))
    assert covered(0, 60, merged) == len(chars)


def test_f_beta() -> None:
    assert f_beta(1.0, 1.0) == 1.0
    assert f_beta(0.0, 0.0) == 0.0
    assert f_beta(0.5, 1.0) == pytest.approx(5 * 0.5 / (4 * 0.5 + 1))


def test_builder_offsets_and_validation() -> None:
    example = TextBuilder().text("Hi ").pii("PERSON", "Zoë").lookalike("SKU", "AB-12").build()
    assert [example.text[s.start : s.end] for s in example.spans] == ["Zoë"]
    assert example.negatives == (LookAlike("SKU", 6, 11),)
    with pytest.raises(ValueError, match="not a canonical type"):
        GoldSpan("US_SSN", 0, 3)
    with pytest.raises(ValueError, match="beyond the text"):
        Example("abc", (GoldSpan("PERSON", 0, 4),))
    with pytest.raises(ValueError, match="examples but"):
        score_source([example], [])
