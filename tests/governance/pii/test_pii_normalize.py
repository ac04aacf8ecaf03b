"""Evasion tricks and the offset map back to the original text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance.pii.gateway import PiiGateway
from governance.pii.normalize import INVISIBLE, join_digits, normalize

ZW = "\u200b"

EVASIONS: list[tuple[str, str, str]] = [
    # (trick, text, entity type); the finding must cover the original characters exactly
    ("zero-width in email", f"mail jo{ZW}hn.d{ZW}oe@exa{ZW}mple.com now", "EMAIL_ADDRESS"),
    ("bidi controls in email", "mail \u202ejohn@example.com\u202c now", "EMAIL_ADDRESS"),
    ("word joiner in phone", "call 312\u2060-555-0147 now", "PHONE_NUMBER"),
    ("fullwidth digits phone", "call ３１２-５５５-０１４７ now", "PHONE_NUMBER"),
    ("fullwidth card", "card ４１１１ １１１１ １１１１ １１１１ ok", "CREDIT_CARD"),
    ("fullwidth at sign", "mail john＠example.com now", "EMAIL_ADDRESS"),
    ("spaced card digits", "card 4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 ok", "CREDIT_CARD"),
    ("dotted card digits", "card 4.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1 ok", "CREDIT_CARD"),
    ("dashed ssn digits", "ssn 5-3-6-2-2-1-2-3-4 ok", "US_SSN"),
    ("spaced phone digits", "call 3 1 2 5 5 5 0 1 4 7 ok", "PHONE_NUMBER"),
    ("cyrillic homoglyphs in email", "mail jоhn@exаmple.com now", "EMAIL_ADDRESS"),
    ("greek omicron in url", "visit https://pοrtal.example.org now", "URL"),
    ("en dash phone", "call 312\u2013555\u20130147 now", "PHONE_NUMBER"),
    ("non-breaking space card", "card 4111\u00a01111\u00a01111\u00a01111 ok", "CREDIT_CARD"),
    ("soft hyphen in iban", "iban DE89370400\u00ad440532013000 ok", "IBAN_CODE"),
]


@pytest.mark.parametrize(("trick", "text", "entity_type"), EVASIONS)
def test_every_evasion_trick_is_caught(
    gateway: PiiGateway, trick: str, text: str, entity_type: str
) -> None:
    findings = [f for f in gateway.scan([text])[0] if f.entity_type == entity_type]
    assert findings, trick
    (finding,) = findings
    original = text[finding.start : finding.end]
    assert (original == original.strip() and original[0].isalnum()) or original[0] in "(+"
    rest = "".join(c for c in text[: finding.start] + text[finding.end :] if c not in INVISIBLE)
    assert rest.split()[0] in {"mail", "call", "card", "ssn", "visit", "iban"}
    assert len(rest.split()) == 2, (trick, rest)


def test_anonymization_replaces_exactly_the_original_characters(
    fresh_gateway: PiiGateway,
) -> None:
    decision = fresh_gateway.decide_prompts([f"mail jo{ZW}hn@exa{ZW}mple.com now"])[0]
    assert decision.text == "mail <EMAIL_ADDRESS> now"


_texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)


@given(_texts)
@settings(max_examples=200)
def test_offset_map_covers_every_kept_character(text: str) -> None:
    view = normalize(text)
    assert len(view.starts) == len(view.text) == len(view.ends)
    for i in range(len(view.text)):
        start, end = view.to_original(i, i + 1)
        assert 0 <= start < end <= len(text)
        assert text[start] not in INVISIBLE
    assert list(view.starts) == sorted(view.starts)
    joined = join_digits(view)
    if joined.text:
        assert joined.to_original(0, len(joined.text))[1] <= len(text)


@given(
    prefix=st.text(alphabet="abc ,.", max_size=15),
    suffix=st.text(alphabet="abc ,.", max_size=15),
    cuts=st.lists(st.integers(min_value=1, max_value=15), max_size=4),
    invisible=st.sampled_from(sorted(INVISIBLE)),
)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_email_with_invisible_characters_round_trips(
    gateway: PiiGateway, prefix: str, suffix: str, cuts: list[int], invisible: str
) -> None:
    email = "maria.k@example.org"
    evaded = email
    for cut in sorted(set(cuts), reverse=True):
        evaded = evaded[:cut] + invisible + evaded[cut:]
    text = f"{prefix} mail {evaded} {suffix}"
    emails = [f for f in gateway.scan([text])[0] if f.entity_type == "EMAIL_ADDRESS"]
    assert len(emails) == 1
    assert text[emails[0].start : emails[0].end] == evaded


def test_normalize_folds_fullwidth_and_homoglyphs() -> None:
    assert normalize("Ｊоhn\u200b＠ｅxample").text == "John@example"
