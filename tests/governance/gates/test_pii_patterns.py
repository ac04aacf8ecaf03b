"""The dataset suite's regex columns: real numbers match, anonymizer placeholders do not."""

from __future__ import annotations

import pytest

from governance.gates.dataset_suite import PII_PATTERNS


@pytest.mark.parametrize(
    ("column", "text", "hit"),
    [
        ("card_matches", "my card is 4111 1111 1111 1111.", True),
        ("card_matches", "card 4111-1111-1111-1111", True),
        ("card_matches", "IBAN <IBAN_CODE_5fc4245589454902>.", False),
        ("card_matches", "The card I used is ***************4833.", False),
        ("ssn_matches", "ssn 123-45-6789", True),
        ("ssn_matches", "ref X123-45-6789Y", False),
        ("email_matches", "mail jane@example.com", True),
        ("email_matches", "mail <EMAIL_ADDRESS>", False),
    ],
)
def test_regex_columns(column: str, text: str, hit: bool) -> None:
    assert bool(PII_PATTERNS[column].search(text)) is hit
