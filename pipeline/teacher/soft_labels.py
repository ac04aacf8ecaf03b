"""Soft labels: pure functions that turn scores or token log-probabilities into label odds."""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["from_token_logprobs", "one_hot", "softmax"]


def one_hot(label: str, labels: Sequence[str]) -> dict[str, float]:
    """Probability 1 on ``label``.

    >>> one_hot("b", ["a", "b"])
    {'a': 0.0, 'b': 1.0}
    """
    return {lab: (1.0 if lab == label else 0.0) for lab in labels}


def softmax(scores: Sequence[float], *, temperature: float = 1.0) -> list[float]:
    """Numerically stable softmax of ``scores / temperature``.

    >>> [round(p, 3) for p in softmax([0.0, 0.0])]
    [0.5, 0.5]
    """
    scaled = [s / temperature for s in scores]
    top = max(scaled)
    exps = [math.exp(s - top) for s in scaled]
    total = sum(exps)
    return [e / total for e in exps]


def from_token_logprobs(
    *,
    text: str,
    label: str,
    labels: Sequence[str],
    chosen: Sequence[str],
    top: Sequence[Sequence[tuple[str, float]]],
) -> dict[str, float] | None:
    """Label probabilities read from the alternatives at the token where ``label`` starts.

    ``chosen`` are the generated tokens (their concatenation is ``text``), ``top[i]`` the
    (token, log-probability) alternatives at step ``i``. An alternative counts for every
    label it is a prefix of (split evenly); mass is renormalised over the labels. Returns
    None when the tokens do not line up with the text or the chosen label gets no mass.

    >>> probs = from_token_logprobs(text='"b"', label="b", labels=["a", "b"],
    ...     chosen=['"', "b", '"'],
    ...     top=[[('"', 0.0)], [("b", math.log(0.6)), ("a", math.log(0.2))], [('"', 0.0)]])
    >>> {k: round(v, 6) for k, v in probs.items()}
    {'a': 0.25, 'b': 0.75}
    """
    if "".join(chosen) != text or len(top) != len(chosen):
        return None
    start = text.rfind(label)
    if start < 0:
        return None
    offset = 0
    for step, token in enumerate(chosen):
        if offset <= start < offset + len(token):
            prefix = text[offset:start]
            mass = dict.fromkeys(labels, 0.0)
            for alt, logprob in top[step]:
                if not alt.startswith(prefix):
                    continue
                rest = alt[len(prefix) :].lstrip('"').strip()
                matches = [lab for lab in labels if rest and lab.startswith(rest)]
                for lab in matches:
                    mass[lab] += math.exp(logprob) / len(matches)
            total = sum(mass.values())
            if total <= 0 or mass[label] <= 0:
                return None
            return {lab: m / total for lab, m in mass.items()}
        offset += len(token)
    return None
