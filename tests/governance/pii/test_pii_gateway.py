"""Gateway decisions: operators per entity, block, responses, audit payloads, batching."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pii_helpers import SECRET, make_policy

from governance.pii.digest import value_digest
from governance.pii.gateway import PiiGateway
from governance.policy.models import (
    EntityAction,
    EntityRule,
    ResponseRules,
    ResponseViolationAction,
)

TICKET = (
    "Hi, I'm Dana Whitfield. Email dana.w@example.com, phone 312-555-0147, "
    "card 4111 1111 1111 1111. Regards,\nDana Whitfield"
)


def test_prompt_operators_per_entity(fresh_gateway: PiiGateway) -> None:
    decision = fresh_gateway.decide_prompts([TICKET])[0]
    phone_token = "<PHONE_NUMBER_" + value_digest(SECRET, "312-555-0147")[:16] + ">"
    assert decision.outcome == "allow"
    assert decision.text == (
        "Hi, I'm <PERSON_1>. Email <EMAIL_ADDRESS>, phone "
        f"{phone_token}, card ***************1111. Regards,\n<PERSON_1>"
    )
    assert [a.action for a in decision.actions] == [
        "pseudonymize",
        "replace",
        "hash",
        "mask",
        "pseudonymize",
    ]
    assert decision.fired_rules == (
        "prompt.entities.PERSON: pseudonymize (score 0.85 >= 0.50)",
        "prompt.entities.EMAIL_ADDRESS: replace (score 1.00 >= 0.50)",
        "prompt.entities.PHONE_NUMBER: hash (score 1.00 >= 0.50)",
        "prompt.entities.CREDIT_CARD: mask (score 1.00 >= 0.50)",
    )


def test_pseudonyms_consistent_within_one_gateway(fresh_gateway: PiiGateway) -> None:
    first = fresh_gateway.decide_prompts(["My name is Ada Brook."])[0].text
    second = fresh_gateway.decide_prompts(["My name is Ivo Lind."])[0].text
    again = fresh_gateway.decide_prompts(["Regards,\nAda Brook"])[0].text
    assert (first, second, again) == (
        "My name is <PERSON_1>.",
        "My name is <PERSON_2>.",
        "Regards,\n<PERSON_1>",
    )


def test_block_action_blocks_the_record(fresh_gateway: PiiGateway) -> None:
    decision = fresh_gateway.decide_prompts(["My SSN is 536-22-1234."])[0]
    assert (decision.outcome, decision.text) == ("block", "")
    assert decision.actions[0].action == "block"


def test_default_action_and_allow(fresh_gateway: PiiGateway) -> None:
    decision = fresh_gateway.decide_prompts(["Server 10.20.30.40 failed on 07/04/2023."])[0]
    assert decision.text == "Server <IP_ADDRESS> failed on 07/04/2023."
    assert "prompt.default_action: replace" in decision.fired_rules
    assert [a.action for a in decision.actions] == ["replace", "allow"]


def test_min_score_filters_per_entity(gateway: PiiGateway) -> None:
    strict = make_policy({"URL": EntityRule(action=EntityAction.REDACT, min_score=0.9)})
    gw = PiiGateway(strict, gateway.analyzer, secret=SECRET)
    decision = gw.decide_prompts(["see portal.example.org now"])[0]
    assert decision.text == "see portal.example.org now"
    assert decision.findings and not decision.actions


def test_audit_payload_has_no_raw_values(fresh_gateway: PiiGateway) -> None:
    payload = fresh_gateway.decide_prompts([TICKET])[0].to_audit_payload()
    dumped = json.dumps(payload)
    for raw in ("Dana", "Whitfield", "dana.w", "555-0147", "4111", "example.com"):
        assert raw not in dumped
    assert payload["actions"][0]["value_digest"] == value_digest(SECRET, "Dana Whitfield")
    assert set(payload) == {"outcome", "findings", "actions", "fired_rules"}


@pytest.mark.parametrize(
    ("how", "outcome", "text"),
    [
        (ResponseViolationAction.REDACT, "redact", "Sure <PERSON_1>, written to <EMAIL_ADDRESS>."),
        (ResponseViolationAction.DROP, "drop", ""),
        (ResponseViolationAction.STOP, "stop", ""),
    ],
)
def test_response_violations(
    gateway: PiiGateway, how: ResponseViolationAction, outcome: str, text: str
) -> None:
    policy = make_policy(response=ResponseRules(allowed_entities=["DATE_TIME"], on_violation=how))
    gw = PiiGateway(policy, gateway.analyzer, secret=SECRET)
    decision = gw.decide_responses(["Sure, Dana Whitfield, written to dana.w@example.com."])[0]
    assert decision.outcome == outcome
    assert decision.text == text.replace("Sure <", "Sure, <")
    assert {a.action for a in decision.actions} == (
        {"pseudonymize", "replace"} if outcome == "redact" else {how.value}
    )
    assert decision.fired_rules[0].startswith(f"response.on_violation: {how.value} (PERSON")


def test_response_with_only_allowed_entities_is_allowed(gateway: PiiGateway) -> None:
    decision = gateway.decide_responses(["The refund was issued on March 3, 2024."])[0]
    assert (decision.outcome, decision.text, decision.actions) == (
        "allow",
        "The refund was issued on March 3, 2024.",
        (),
    )


BATCH = [TICKET, "nothing here", "mail ana@example.org", "", "Thanks, Marguerite", "ssn 536221234"]


def test_batch_scan_equals_one_by_one(gateway: PiiGateway) -> None:
    assert list(gateway.stream(BATCH, batch_size=2)) == [gateway.scan([t])[0] for t in BATCH]


def test_two_processes_equal_one(gateway: PiiGateway) -> None:
    assert list(gateway.stream(BATCH * 3, n_process=2, batch_size=4)) == gateway.scan(BATCH * 3)


def test_decide_prompts_batch_matches_single(gateway: PiiGateway, policy: object) -> None:
    a = PiiGateway(gateway.policy, gateway.analyzer, secret=SECRET)
    b = PiiGateway(gateway.policy, gateway.analyzer, secret=SECRET)
    assert a.decide_prompts(BATCH) == [b.decide_prompts([t])[0] for t in BATCH]


_FIRST = ["Dana Whitfield", "Oscar Lind", "Mia Chen", "Tobias Ferreira", "Lena Ortiz"]
_VALUES = {
    "EMAIL_ADDRESS": st.sampled_from(["ana@example.org", "k.lee@mail.example.com", "zz9@ex.io"]),
    "PHONE_NUMBER": st.sampled_from(["312-555-0147", "(415) 555-2671", "+1 646 555 0199"]),
    "CREDIT_CARD": st.sampled_from(["4111 1111 1111 1111", "5500-0000-0000-0004"]),
    "IP_ADDRESS": st.sampled_from(["10.20.30.40", "2001:db8::8a2e:370:7334"]),
    "PERSON": st.sampled_from(_FIRST),
    "STREET_ADDRESS": st.sampled_from(["12 Cedar Court", "907 Birch Hollow Road Apt. 3"]),
}
_SENTENCES = {
    "EMAIL_ADDRESS": "Write to {} please.",
    "PHONE_NUMBER": "Call {} tonight.",
    "CREDIT_CARD": "Charge card {} again.",
    "IP_ADDRESS": "Login from {} failed.",
    "PERSON": "My name is {}.",
    "STREET_ADDRESS": "Ship it to {} today.",
}


@st.composite
def _tickets(draw: st.DrawFn) -> str:
    kinds = draw(st.lists(st.sampled_from(sorted(_SENTENCES)), min_size=1, max_size=4))
    return " ".join(_SENTENCES[k].format(draw(_VALUES[k])) for k in kinds)


@pytest.mark.parametrize(
    "action",
    [EntityAction.REPLACE, EntityAction.REDACT, EntityAction.HASH, EntityAction.PSEUDONYMIZE],
)
@given(text=_tickets())
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_rescan_after_anonymization_finds_nothing_to_remove(
    gateway: PiiGateway, action: EntityAction, text: str
) -> None:
    policy = make_policy({}, default_action=action)
    gw = PiiGateway(policy, gateway.analyzer, secret=SECRET)
    decision = gw.decide_prompts([text])[0]
    assert decision.actions
    leftovers = [
        (f.entity_type, decision.text[f.start : f.end])
        for f in gw.scan([decision.text])[0]
        if f.score >= 0.5 and f.entity_type not in {"DATE_TIME"}
    ]
    assert leftovers == []


def test_mask_of_numbers_leaves_nothing_to_remove(gateway: PiiGateway) -> None:
    policy = make_policy({}, default_action=EntityAction.MASK)
    gw = PiiGateway(policy, gateway.analyzer, secret=SECRET)
    decision = gw.decide_prompts(["Card 4111 1111 1111 1111, phone 312-555-0147, ssn 536-22-1234"])[
        0
    ]
    assert decision.text == "Card ***************1111, phone ********0147, ssn *******1234"
    assert gw.scan([decision.text])[0] == []
