"""PII test helpers: a complete policy built from the models (not from policies/*.yaml)."""

from __future__ import annotations

from governance.policy.models import (
    AllowedTeacher,
    CustomRecognizer,
    EntityAction,
    EntityRule,
    Policy,
    PrivacyRules,
    ProcessingRecord,
    PromptRules,
    RegexPattern,
    ResponseRules,
    SourceFormat,
    SourceSpec,
    TeacherProvider,
    TeacherRules,
)

SECRET = b"s" * 32


def make_policy(
    entities: dict[str, EntityRule] | None = None,
    *,
    default_action: EntityAction = EntityAction.REPLACE,
    response: ResponseRules | None = None,
    countries: list[str] | None = None,
) -> Policy:
    """A complete, valid policy for the tests (not read from policies/*.yaml)."""
    prompt = PromptRules(
        entities=entities
        if entities is not None
        else {
            "PERSON": EntityRule(action=EntityAction.PSEUDONYMIZE),
            "EMAIL_ADDRESS": EntityRule(action=EntityAction.REPLACE),
            "PHONE_NUMBER": EntityRule(action=EntityAction.HASH),
            "CREDIT_CARD": EntityRule(action=EntityAction.MASK, mask_keep_last=4),
            "US_SSN": EntityRule(action=EntityAction.BLOCK),
            "DATE_TIME": EntityRule(action=EntityAction.ALLOW),
        },
        default_action=default_action,
        custom_recognizers=[
            CustomRecognizer(
                name="employee_id",
                entity_type="EMPLOYEE_ID",
                patterns=[RegexPattern(name="emp", regex=r"\bEMP-\d{6}\b", score=0.4)],
                context=["employee"],
            ),
            CustomRecognizer(name="codenames", entity_type="PROJECT", deny_list=["Project Falcon"]),
        ],
        allow_list=["Acme Support", "Acme"],
        countries=countries or [],
    )
    return Policy(
        policy_version="1",
        source=SourceSpec(
            name="tickets", format=SourceFormat.BUILTIN, text_fields=["text"], owner="qa"
        ),
        processing=ProcessingRecord(
            controller="Acme",
            controller_contact="dpo@acme.test",
            purpose="support triage",
            lawful_basis="legitimate interests",
            data_subject_categories=["customers"],
            personal_data_categories=["contact data"],
            retention="30 days",
            erasure="on request",
            security_measures=["encryption"],
        ),
        prompt=prompt,
        response=response or ResponseRules(allowed_entities=["DATE_TIME"]),
        teacher=TeacherRules(allowed=[AllowedTeacher(provider=TeacherProvider.LOCAL)]),
        privacy=PrivacyRules(dp_required=False),
    )
