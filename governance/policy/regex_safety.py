"""Static check of a policy's custom recognizer regexes for exponential backtracking.

A backtracking engine takes exponential time when a repeated part of a pattern can match
the same text in more than one way: ``(a+)+``, ``(\\w+\\s?)*``, ``(a|a)*``, ``(.*x){2,}``.
:func:`exponential_risk` finds that shape in the parse tree of the pattern (``re``'s own
parser): inside a group repeated without a small bound, an optional or repeated part whose
first characters can also start what follows it (the rest of the group, or the group's next
round), or an alternation two of whose branches can start with the same character. The
check is conservative (first characters are compared, ``IGNORECASE`` assumed, as the
recognizers compile them): a refused pattern is rewritten, e.g. ``(\\w+\\s)+`` instead of
``(\\w+\\s?)+``, or with a possessive quantifier or an atomic group. Quadratic patterns
(``\\d+\\d+``) pass; the recognizers run every pattern under a time limit as well.

>>> exponential_risk(r"(a+)+$") is not None
True
>>> exponential_risk(r"\\b(?:[A-Z][a-z]+\\s)+[A-Z][a-z]+\\b") is None
True
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import sre_constants as _c
    import sre_parse as _p

__all__ = ["MANY", "exponential_risk"]

#: A repetition with an upper bound above this counts as unbounded.
MANY = 32

#: Characters the first-character sets are computed over: ASCII and a few of each class.
_ALPHABET = frozenset([chr(i) for i in range(128)] + list("éßÄï٣\u00a0中\u2028"))
_CATEGORIES: dict[Any, Any] = {
    _c.CATEGORY_DIGIT: str.isdecimal,
    _c.CATEGORY_SPACE: str.isspace,
    _c.CATEGORY_WORD: lambda ch: ch.isalnum() or ch == "_",
    _c.CATEGORY_LINEBREAK: lambda ch: ch == "\n",
}
_NEGATED = {
    _c.CATEGORY_NOT_DIGIT: _c.CATEGORY_DIGIT,
    _c.CATEGORY_NOT_SPACE: _c.CATEGORY_SPACE,
    _c.CATEGORY_NOT_WORD: _c.CATEGORY_WORD,
    _c.CATEGORY_NOT_LINEBREAK: _c.CATEGORY_LINEBREAK,
}
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT)
_EMPTY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _First:
    """The characters a piece can start with and whether it can match the empty string."""

    chars: frozenset[str]
    nullable: bool


class _RiskError(Exception):
    """Raised inside the walk with the reason a pattern is refused."""


def exponential_risk(pattern: str) -> str | None:
    """Why ``pattern`` may take exponential time, or None when the check finds no risk.

    ``pattern`` must compile with ``re`` (callers report syntax errors first).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        tree = _p.parse(pattern)
    try:
        _walk(tree.data, follow=_EMPTY, in_loop=False)
    except _RiskError as exc:
        return str(exc)
    except RecursionError:
        return "nested too deeply to check"
    return None


def _fold(chars: frozenset[str]) -> frozenset[str]:
    return frozenset(c.lower() for c in chars) | frozenset(c.upper() for c in chars)


def _in_set(items: Sequence[Any]) -> frozenset[str]:
    negate = False
    chars: set[str] = set()
    for op, av in items:
        if op is _c.NEGATE:
            negate = True
        elif op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE:
            chars.update(ch for ch in _ALPHABET if av[0] <= ord(ch) <= av[1])
        elif op is _c.CATEGORY:
            positive = _NEGATED.get(av, av)
            test = _CATEGORIES.get(positive, lambda ch: True)
            matched = {ch for ch in _ALPHABET if test(ch)}
            chars.update(_ALPHABET - matched if av in _NEGATED else matched)
        else:
            chars.update(_ALPHABET)
    found = _fold(frozenset(chars))
    return _ALPHABET - found if negate else found


def _first(items: Sequence[Any]) -> _First:
    chars: set[str] = set()
    for item in items:
        first = _first_item(*item)
        chars |= first.chars
        if not first.nullable:
            return _First(frozenset(chars), False)
    return _First(frozenset(chars), True)


def _first_item(op: Any, av: Any) -> _First:
    if op is _c.LITERAL:
        return _First(_fold(frozenset(chr(av))), False)
    if op is _c.NOT_LITERAL:
        return _First(_ALPHABET - _fold(frozenset(chr(av))), False)
    if op is _c.ANY:
        return _First(_ALPHABET, False)
    if op is _c.IN:
        return _First(_in_set(av), False)
    if op in _REPEATS:
        body = _first(av[2])
        return _First(body.chars, av[0] == 0 or body.nullable)
    if op is _c.SUBPATTERN:
        return _first(av[3])
    if op is _c.ATOMIC_GROUP:
        return _first(av)
    if op is _c.BRANCH:
        firsts = [_first(alt) for alt in av[1]]
        chars = frozenset().union(*(f.chars for f in firsts))
        return _First(chars, any(f.nullable for f in firsts))
    if op is _c.GROUPREF_EXISTS:
        yes, no = _first(av[1]), _first(av[2] or [])
        return _First(yes.chars | no.chars, yes.nullable or no.nullable)
    if op is _c.GROUPREF:
        return _First(_ALPHABET, True)
    return _First(_EMPTY, True)  # anchors, lookarounds


def _walk(items: Sequence[Any], *, follow: frozenset[str], in_loop: bool) -> None:
    """Check ``items``; ``follow``: what can come right after them; ``in_loop``: they are
    inside a group repeated without a small bound."""
    for i, (op, av) in enumerate(items):
        rest = _first(items[i + 1 :])
        after = rest.chars | follow if rest.nullable else rest.chars
        if op in _REPEATS:
            _check_repeat(op, av, after, in_loop=in_loop)
        elif op is _c.BRANCH:
            _check_branch(av[1], after, in_loop=in_loop)
        elif op is _c.SUBPATTERN:
            _walk(av[3], follow=after, in_loop=in_loop)
        elif op is _c.ATOMIC_GROUP:
            _walk(av, follow=after, in_loop=in_loop)
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            _walk(av[1], follow=_ALPHABET, in_loop=in_loop)
        elif op is _c.GROUPREF_EXISTS:
            _walk(av[1], follow=after, in_loop=in_loop)
            _walk(av[2] or [], follow=after, in_loop=in_loop)


def _check_repeat(op: Any, av: Any, after: frozenset[str], *, in_loop: bool) -> None:
    low, high, body = av
    many = high is _c.MAXREPEAT or high > MANY
    first = _first(body)
    if in_loop and op is not _c.POSSESSIVE_REPEAT and high != low and first.chars & after:
        raise _RiskError(
            "a repeated group contains an optional or repeated part that can match the same "
            "characters as what follows it (nested quantifiers such as (a+)+ take exponential "
            "time); make the parts exclusive or use a possessive quantifier or atomic group"
        )
    inner_follow = first.chars | after if high != 1 else after
    _walk(body, follow=inner_follow, in_loop=in_loop or many)


def _check_branch(alternatives: Sequence[Any], after: frozenset[str], *, in_loop: bool) -> None:
    if in_loop:
        firsts = [_first(alt) for alt in alternatives]
        reach = [f.chars | after if f.nullable else f.chars for f in firsts]
        for i in range(len(reach)):
            for j in range(i + 1, len(reach)):
                both_empty = firsts[i].nullable and firsts[j].nullable
                if both_empty or reach[i] & reach[j]:
                    raise _RiskError(
                        "a repeated group contains alternatives that can match the same "
                        "characters ((a|a)* or (\\d|\\d\\d)+ take exponential time); make the "
                        "alternatives start differently"
                    )
    for alt in alternatives:
        _walk(alt, follow=after, in_loop=in_loop)
