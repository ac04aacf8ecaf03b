"""The targets of issue 17 as pure checks on benchmark figures."""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.pii_scoring import SourceScore

__all__ = [
    "EVASION_RECALL",
    "F2_GAIN",
    "MIN_CHAR_PRECISION",
    "MIN_SPAN_RECALL",
    "SPEEDUP",
    "TYPE_RECALL",
    "Check",
    "held_out_checks",
    "regression_checks",
    "speed_check",
]

MIN_SPAN_RECALL = 0.92
MIN_CHAR_PRECISION = 0.88
F2_GAIN = 0.12
EVASION_RECALL = 0.95
SPEEDUP = 3.0
#: Span recall each type must reach on every held-out source.
TYPE_RECALL: dict[str, float] = {
    "PERSON": 0.90,
    "PHONE_NUMBER": 0.90,
    "EMAIL_ADDRESS": 0.90,
    "CREDIT_CARD": 0.90,
    "IBAN_CODE": 0.90,
    "IP_ADDRESS": 0.90,
    "NATIONAL_ID": 0.90,
    "STREET_ADDRESS": 0.80,
}


@dataclass(frozen=True)
class Check:
    """One target: ``value >= target``."""

    name: str
    value: float
    target: float

    @property
    def met(self) -> bool:
        return self.value >= self.target

    def __str__(self) -> str:
        verdict = "MET" if self.met else "NOT MET"
        return f"{self.name} {self.value:.3f} (target >= {self.target:.2f}) {verdict}"


def held_out_checks(ours: SourceScore, stock: SourceScore) -> tuple[Check, ...]:
    """The held-out targets: span recall, per-type recall (types with gold), character
    precision and the F2 gain over stock Presidio."""
    checks = [Check("span recall", ours.headline.span_recall, MIN_SPAN_RECALL)]
    for entity, target in TYPE_RECALL.items():
        score = ours.by_type.get(entity)
        if score is not None and score.gold:
            checks.append(Check(f"{entity} recall", score.span_recall, target))
    checks.append(Check("char precision", ours.headline.char_precision, MIN_CHAR_PRECISION))
    checks.append(
        Check(
            f"F2 (stock {stock.headline.f2:.3f} + {F2_GAIN})",
            ours.headline.f2,
            stock.headline.f2 + F2_GAIN,
        )
    )
    return tuple(checks)


def regression_checks(ours: SourceScore) -> tuple[Check, ...]:
    """What must hold on the sources tuned on before: span recall >= 0.95."""
    return (Check("span recall (no regression)", ours.headline.span_recall, EVASION_RECALL),)


def speed_check(stock_seconds: float, gateway_seconds: float) -> Check:
    """Gateway throughput on one process as a multiple of the stock loop's."""
    return Check("speed-up, 1 process (x stock)", stock_seconds / gateway_seconds, SPEEDUP)
