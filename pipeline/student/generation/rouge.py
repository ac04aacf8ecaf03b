"""ROUGE-L F1 (longest common subsequence of word tokens) and exact match: pure functions.

Texts are compared as lower-cased word and punctuation tokens, so ``"Summary: Billing"``
and ``"summary : billing"`` (how a WordPiece student decodes it) are the same answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from governance.errors import TrainingError

__all__ = ["answer_tokens", "exact_match", "lcs_length", "mean_rouge_l", "rouge_l_f1"]

_TOKEN = re.compile(r"\w+|[^\w\s]")


def answer_tokens(text: str) -> list[str]:
    """Lower-cased word and punctuation tokens.

    >>> answer_tokens("Summary: Billing  issue!")
    ['summary', ':', 'billing', 'issue', '!']
    """
    return _TOKEN.findall(text.lower())


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence of ``a`` and ``b``.

    >>> lcs_length("abcbdab", "bdcaba")
    4
    >>> lcs_length([], ["x"])
    0
    """
    if len(a) < len(b):
        a, b = b, a
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def rouge_l_f1(candidate: str, reference: str) -> float:
    """ROUGE-L F1 of ``candidate`` against ``reference`` (1.0 when both are empty).

    >>> rouge_l_f1("summary: billing issue", "Summary: billing issue")
    1.0
    >>> round(rouge_l_f1("billing issue", "billing issue today"), 4)
    0.8
    >>> rouge_l_f1("hello", "summary: billing issue")
    0.0
    """
    cand, ref = answer_tokens(candidate), answer_tokens(reference)
    if not cand and not ref:
        return 1.0
    lcs = lcs_length(cand, ref)
    if lcs == 0:
        return 0.0
    precision, recall = lcs / len(cand), lcs / len(ref)
    return 2 * precision * recall / (precision + recall)


def exact_match(candidate: str, reference: str) -> bool:
    """Same tokens after lower-casing and splitting off punctuation.

    >>> exact_match("summary : Billing issue", "summary: billing issue")
    True
    """
    return answer_tokens(candidate) == answer_tokens(reference)


def mean_rouge_l(candidates: Sequence[str], references: Sequence[str]) -> float:
    """Mean ROUGE-L F1 over aligned pairs (0.0 for no pairs).

    >>> mean_rouge_l(["a b", "c"], ["a b", "d"])
    0.5
    """
    if len(candidates) != len(references):
        raise TrainingError(f"{len(candidates)} candidates but {len(references)} references")
    if not candidates:
        return 0.0
    return sum(rouge_l_f1(c, r) for c, r in zip(candidates, references, strict=True)) / len(
        candidates
    )
