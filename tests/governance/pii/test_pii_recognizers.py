"""Recognizer table: hits and near misses, and the known stock-Presidio false positives."""

from __future__ import annotations

import itertools

import pytest

from governance.pii.gateway import PiiGateway

HITS: list[tuple[str, str, str]] = [
    # (text, entity type, exact value that must be found)
    ("Hi, I'm Dana Whitfield and I need help.", "PERSON", "Dana Whitfield"),
    ("My name is Oscar McAllister.", "PERSON", "Oscar McAllister"),
    ("my name is oscar mcallister, please help", "PERSON", "oscar mcallister"),
    ("I am Priya Raman from the Denver office.", "PERSON", "Priya Raman"),
    ("Kind regards,\nTobias Ferreira", "PERSON", "Tobias Ferreira"),
    ("Thanks, Marguerite", "PERSON", "Marguerite"),
    ("Cheers,\nlena ortiz", "PERSON", "lena ortiz"),
    ("Dear Mr. Okafor, your request is in.", "PERSON", "Okafor"),
    ("Reach me at wendell.p@mailbox.org today", "EMAIL_ADDRESS", "wendell.p@mailbox.org"),
    ("phone: (312) 555-0147", "PHONE_NUMBER", "(312) 555-0147"),
    ("call 312.555.0147 after 5", "PHONE_NUMBER", "312.555.0147"),
    ("cell +1-312-555-0147", "PHONE_NUMBER", "+1-312-555-0147"),
    ("office 001-312-555-0147x204", "PHONE_NUMBER", "001-312-555-0147x204"),
    ("text me on 3125550147 please", "PHONE_NUMBER", "3125550147"),
    ("UK line +44 20 7946 0958", "PHONE_NUMBER", "+44 20 7946 0958"),
    ("card 4111-1111-1111-1111 expired", "CREDIT_CARD", "4111-1111-1111-1111"),
    ("visa 4012888888881881", "CREDIT_CARD", "4012888888881881"),
    ("mc 2223 0031 2200 3222", "CREDIT_CARD", "2223 0031 2200 3222"),
    ("SSN 536-22-1234 on file", "US_SSN", "536-22-1234"),
    ("IBAN DE89 3704 0044 0532 0130 00 please", "IBAN_CODE", "DE89 3704 0044 0532 0130 00"),
    ("server 10.20.30.40 is down", "IP_ADDRESS", "10.20.30.40"),
    ("from fe80::1ff:fe23:4567:890a today", "IP_ADDRESS", "fe80::1ff:fe23:4567:890a"),
    ("see https://portal.example.org/ticket", "URL", "https://portal.example.org/ticket"),
    ("see portal.example.org/help.", "URL", "portal.example.org/help"),
    ("ship to 4821 Larkspur Lane Apt. 12", "STREET_ADDRESS", "4821 Larkspur Lane Apt. 12"),
    (
        "I moved to 77 Harbor View Drive, Portland, OR 97201 last year",
        "STREET_ADDRESS",
        "77 Harbor View Drive, Portland, OR 97201",
    ),
    ("i live at 19 maple street now", "STREET_ADDRESS", "19 maple street"),
    ("born on 07/04/1986", "DATE_TIME", "07/04/1986"),
    ("driver license D4829137 expired", "US_DRIVER_LICENSE", "D4829137"),
    ("badge EMP-204815 for the employee", "EMPLOYEE_ID", "EMP-204815"),
    ("I'm asking for my husband Rafael Ortega.", "PERSON", "Rafael Ortega"),
    ("Hey team, Nadia Petrova here with a question.", "PERSON", "Nadia Petrova"),
    # The name, without the degree.
    ("Invoice is for Gordon Blake MD, thanks", "PERSON", "Gordon Blake"),
    ("We are based in Lake Tarabury now.", "LOCATION", "Lake Tarabury"),
    ("DL# K9921003 attached", "US_DRIVER_LICENSE", "K9921003"),
    ("the docs are on https://files.example.biz/a/b", "URL", "https://files.example.biz/a/b"),
    ("transfer to iban gb12abcd12345678901234 today", "IBAN_CODE", "gb12abcd12345678901234"),
    ("deliver to 9 Oak Knolls, Fairview!", "STREET_ADDRESS", "9 Oak Knolls, Fairview"),
    ("status of Project Falcon?", "PROJECT", "Project Falcon"),
]

NEAR_MISSES: list[tuple[str, str]] = [
    # (text, entity type that must NOT be found anywhere)
    ("I need a refund for my order.", "PERSON"),
    ("The login page fails after the update.", "PERSON"),
    ("Why do you need my SSN?", "PERSON"),
    ("I'm having trouble with billing.", "PERSON"),
    ("Thanks for the quick help!", "PERSON"),
    ("Best,\nThe Support Team", "PERSON"),
    ("Order 3125550147 has not arrived.", "PHONE_NUMBER"),
    ("version 2.3.1 crashes", "IP_ADDRESS"),
    ("ref 4111-1111-1111-1112 attached", "CREDIT_CARD"),  # Luhn fails and no card cue
    ("SSN 000-12-3456", "US_SSN"),
    ("mail john.smith@example.com", "URL"),
    ("I bought 3 items today", "STREET_ADDRESS"),
    ("badge EMP-20481 for the employee", "EMPLOYEE_ID"),
    ("Acme Support replied.", "PERSON"),
    ("Acme Support replied.", "ORGANIZATION"),
    ("We moved to the new plan.", "LOCATION"),
    ("Ref ABC1234567 for the license fee", "PHONE_NUMBER"),
    ("code GB12 is wrong", "IBAN_CODE"),
    ("attached report.pdf and notes.docx", "URL"),
    ("see the FAQ, e.g. the billing part", "URL"),
]


def _found(gateway: PiiGateway, text: str) -> list[tuple[str, str]]:
    return [(f.entity_type, text[f.start : f.end]) for f in gateway.scan([text])[0]]


@pytest.mark.parametrize(("text", "entity_type", "value"), HITS)
def test_recognizer_hits(gateway: PiiGateway, text: str, entity_type: str, value: str) -> None:
    assert (entity_type, value) in _found(gateway, text)


@pytest.mark.parametrize(("text", "entity_type"), NEAR_MISSES)
def test_recognizer_near_misses(gateway: PiiGateway, text: str, entity_type: str) -> None:
    assert entity_type not in {t for t, _ in _found(gateway, text)}


STOCK_EXAMPLE = (
    "Hi, I'm John Smith from Berlin. Call me at 212-555-0199 or mail "
    "john.smith@example.com. My card is 4111 1111 1111 1111"
)


def test_stock_presidio_false_positives_are_gone(gateway: PiiGateway) -> None:
    found = _found(gateway, STOCK_EXAMPLE)
    assert found == [
        ("PERSON", "John Smith"),
        ("LOCATION", "Berlin"),
        ("PHONE_NUMBER", "212-555-0199"),
        ("EMAIL_ADDRESS", "john.smith@example.com"),
        ("CREDIT_CARD", "4111 1111 1111 1111"),
    ]


def test_ssn_word_is_not_an_organization(gateway: PiiGateway) -> None:
    assert _found(gateway, "What is the SSN field for? My SSN is 536-22-1234.") == [
        ("US_SSN", "536-22-1234")
    ]


def test_uk_nhs_needs_context_and_country(gateway: PiiGateway) -> None:
    """A checksum-valid NHS number without context is no NHS number (it reads as a phone);
    the UK recognizers are built only for policies covering GB (alias UK), or all."""
    from governance.pii.recognizers import build_registry_recognizers

    assert "UK_NHS" not in {t for t, _ in _found(gateway, "Call 401 023 2137 now")}
    assert ("UK_NHS", "401 023 2137") in _found(gateway, "My NHS number is 401 023 2137.")

    def types(countries: list[str]) -> set[str]:
        return {s.recognizer.supported_entities[0] for s in build_registry_recognizers(countries)}

    assert {"UK_NHS", "UK_NINO"} <= types(["UK"])
    assert {"UK_NHS", "UK_NINO"}.isdisjoint(types(["FR"]))
    assert {"UK_NHS", "FR_NIR", "DE_TAX_ID"} <= types([])


def test_one_entity_per_span(gateway: PiiGateway) -> None:
    text = "Reach Ana at ana.lopez@example.co.uk or 415-555-0123, 12 Main Street"
    findings = gateway.scan([text])[0]
    for a, b in itertools.pairwise(findings):
        assert a.end <= b.start


@pytest.mark.parametrize(
    ("text", "expected_low"),
    [
        ("call me at 3125550147", False),
        ("my number: 3125550147", False),
        ("reference 3125550147", True),
        ("tracking 3125550147", True),
        # Negative words in an earlier sentence, or beside a positive cue, do not hide a phone.
        ("Is the pro version better? My phone number is 837-640-1812.", False),
        ("Which model should I buy? Call me back on 353.801.6259 after 5pm.", False),
        ("Order status: call me on 837-640-1812.", False),
    ],
)
def test_context_words_raise_and_lower(gateway: PiiGateway, text: str, expected_low: bool) -> None:
    phones = [f for f in gateway.scan([text])[0] if f.entity_type == "PHONE_NUMBER"]
    assert (not phones) is expected_low


def test_findings_carry_recognizer_and_score(gateway: PiiGateway) -> None:
    (finding,) = gateway.scan(["mail kim@example.net"])[0]
    assert finding.recognizer == "email"
    assert finding.score == 1.0
