"""Built-in short descriptions of the default intents (zero-shot label prototypes)."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["DEFAULT_LABEL_DESCRIPTIONS", "descriptions_for"]

DEFAULT_LABEL_DESCRIPTIONS: Mapping[str, tuple[str, ...]] = {
    "billing": (
        "a question about a bill, an invoice or a charge",
        "I was charged twice on my invoice",
        "the wrong amount was billed to my credit card",
        "a payment or billing problem",
    ),
    "refund": (
        "I want my money back",
        "please refund my order",
        "my refund has not arrived yet",
        "return an item and get a refund",
    ),
    "login": (
        "I cannot log in to my account",
        "the password reset link does not work",
        "I am locked out of my account",
        "the two-factor verification code never arrives",
    ),
    "shipping": (
        "where is my package",
        "my delivery is late or lost",
        "the tracking number shows no update",
        "when will my order be shipped and delivered",
    ),
    "cancellation": (
        "cancel my subscription",
        "I want to cancel my order",
        "stop my plan from renewing",
        "terminate my membership",
    ),
    "technical_issue": (
        "the app keeps crashing",
        "I get an error message on the website",
        "a feature is broken and not working",
        "a bug or technical problem with the software",
    ),
    "account_update": (
        "change the email address on my account",
        "update my phone number or profile details",
        "change the name or postal address in my profile",
        "edit my account settings",
    ),
    "product_question": (
        "a question about a product's features",
        "is this item compatible with my device",
        "what are the size and specifications of the product",
        "does this product come in other colours",
    ),
}


def descriptions_for(
    labels: tuple[str, ...], custom: Mapping[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    """Descriptions per label: the job's own, else built-in, else the label's words.

    >>> descriptions_for(("late_fee",), {})
    {'late_fee': ('late fee',)}
    """
    result: dict[str, tuple[str, ...]] = {}
    for label in labels:
        chosen = custom.get(label) or DEFAULT_LABEL_DESCRIPTIONS.get(label)
        result[label] = tuple(chosen) if chosen else (label.replace("_", " "),)
    return result
