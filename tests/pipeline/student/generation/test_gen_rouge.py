"""ROUGE-L F1 and exact match against hand-computed values and the LCS definition."""

from __future__ import annotations

import doctest
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.errors import TrainingError
from pipeline.student.generation import rouge
from pipeline.student.generation.rouge import (
    answer_tokens,
    exact_match,
    lcs_length,
    mean_rouge_l,
    rouge_l_f1,
)


@pytest.mark.parametrize(
    ("candidate", "reference", "expected"),
    [
        ("summary: billing issue", "summary: billing issue", 1.0),
        ("SUMMARY : Billing issue", "summary: billing issue", 1.0),
        ("billing issue", "summary: billing issue", 2 / 3),  # P=1, R=2/4
        ("billing issue", "billing issue today", 0.8),  # P=1, R=2/3
        ("issue billing", "billing issue", 0.5),  # LCS 1 of 2 and 2
        ("a b c d", "a x c y", 0.5),
        ("totally different", "summary: billing issue", 0.0),
        ("", "summary", 0.0),
        ("", "", 1.0),
    ],
)
def test_rouge_l_f1_values(candidate: str, reference: str, expected: float) -> None:
    assert rouge_l_f1(candidate, reference) == pytest.approx(expected)


def _lcs_brute(a: list[str], b: list[str]) -> int:
    for size in range(min(len(a), len(b)), 0, -1):
        subs = set(itertools.combinations(b, size))
        if any(c in subs for c in itertools.combinations(a, size)):
            return size
    return 0


@given(st.lists(st.sampled_from("abc"), max_size=7), st.lists(st.sampled_from("abc"), max_size=7))
def test_lcs_matches_brute_force(a: list[str], b: list[str]) -> None:
    assert lcs_length(a, b) == _lcs_brute(a, b) == lcs_length(b, a)


def test_tokens_and_exact_match() -> None:
    assert answer_tokens("Refund: ORDER #12!") == ["refund", ":", "order", "#", "12", "!"]
    assert exact_match("summary : billing issue", "Summary: billing  issue")
    assert not exact_match("summary: billing", "summary: billing issue")


def test_mean_rouge_l() -> None:
    assert mean_rouge_l([], []) == 0.0
    assert mean_rouge_l(["a b", "x"], ["a b", "y"]) == pytest.approx(0.5)
    with pytest.raises(TrainingError, match="2 candidates but 1 references"):
        mean_rouge_l(["a", "b"], ["a"])


def test_doctests_run() -> None:
    result = doctest.testmod(rouge)
    assert result.attempted >= 8 and result.failed == 0
