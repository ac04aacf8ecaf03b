"""Audit event counts grouped by EU AI Act Art. 12 record-keeping purpose, in plain words.

The mapping of event kinds to purposes is ``governance.audit.events.AI_ACT_ART12_CATEGORY``;
this module only adds the wording a reviewer reads and counts entries per purpose.
"""

from __future__ import annotations

from dataclasses import dataclass

from governance.audit.events import AI_ACT_ART12_CATEGORY, Art12Category

__all__ = ["Art12Count", "category_counts"]

_WORDING: dict[Art12Category, tuple[str, str]] = {
    Art12Category.PERIOD_OF_USE: ("Period of use (start and end of the run)", "Art. 12(3)(a)"),
    Art12Category.RISK_SITUATIONS: (
        "Situations that may present a risk (PII found, blocked, redacted)",
        "Art. 12(2)(a)",
    ),
    Art12Category.POST_MARKET_MONITORING: (
        "Post-market monitoring (training, ε spent, budget)",
        "Art. 12(2)(b)",
    ),
    Art12Category.OPERATION_MONITORING: (
        "Monitoring of operation (policy, teacher calls, gate, export)",
        "Art. 12(2)(c)",
    ),
    Art12Category.HUMAN_OVERSIGHT: (
        "Human verification of results (reviewer sign-off)",
        "Art. 12(3)(d), Art. 14",
    ),
}


@dataclass(frozen=True)
class Art12Count:
    """How many audit entries serve one Art. 12 purpose."""

    name: str
    article: str
    kinds: tuple[str, ...]
    count: int


def category_counts(kind_counts: dict[str, int]) -> list[Art12Count]:
    """Entries per Art. 12 purpose (every purpose listed, zero included); unknown kinds last.

    >>> [(c.article, c.count) for c in category_counts({"run_started": 1, "run_ended": 1})][:1]
    [('Art. 12(3)(a)', 2)]
    """
    rows: list[Art12Count] = []
    for category, (name, article) in _WORDING.items():
        kinds = tuple(k.value for k, c in AI_ACT_ART12_CATEGORY.items() if c is category)
        rows.append(Art12Count(name, article, kinds, sum(kind_counts.get(k, 0) for k in kinds)))
    known = {k.value for k in AI_ACT_ART12_CATEGORY}
    other = tuple(sorted(k for k in kind_counts if k not in known))
    if other:
        rows.append(
            Art12Count("Other events", "Art. 12(1)", other, sum(kind_counts[k] for k in other))
        )
    return rows
