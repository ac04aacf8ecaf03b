"""A table of broken policy files: each names the right file, line, column and key."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from governance.errors import PolicyError
from governance.policy.loader import load_policy


@dataclass(frozen=True)
class Broken:
    """Replace ``old`` by ``new`` in the base policy; expect ``key: message`` on the line
    holding ``anchor`` (default: the first line of ``new``), at ``column`` when given."""

    id: str
    old: str
    new: str
    key: str
    message: str
    anchor: str | None = None
    column: int | None = None
    file: str = "tickets.yaml"


CASES = [
    Broken(
        "unknown-action",
        "      action: replace\n",
        "      action: scramble\n",
        "prompt.entities.EMAIL_ADDRESS.action",
        r"Input should be 'allow', 'redact', .* or 'block' \(got 'scramble'\)",
        column=15,
    ),
    Broken(
        "unknown-entity-type",
        "    EMAIL_ADDRESS:\n",
        "    EMAIL_ADRESS:\n",
        "prompt.entities.EMAIL_ADRESS",
        r"unknown entity type 'EMAIL_ADRESS'",
        column=5,
    ),
    Broken(
        "unknown-top-level-key",
        "export:\n",
        "colour: red\nexport:\n",
        "colour",
        "Extra inputs are not permitted",
        column=1,
    ),
    Broken(
        "typo-in-key",
        "  target_epsilon: 8.0\n",
        "  target_epsilon: 8.0\n  target_epsilion: 4.0\n",
        "privacy.target_epsilion",
        r"Extra inputs are not permitted; did you mean 'target_epsilon'\?",
        anchor="  target_epsilion: 4.0",
        column=3,
    ),
    Broken(
        "lower-case-entity-type",
        "    EMAIL_ADDRESS:\n",
        "    email_address:\n",
        "prompt.entities.email_address",
        r"String should match pattern '\^\[A-Z\]\[A-Z0-9_\]\*\$' \(got 'email_address'\)",
        column=5,
    ),
    Broken(
        "unknown-nested-key",
        "      mask_keep_last: 2\n",
        "      mask_keep_last: 2\n      keep_first: 1\n",
        "prompt.entities.PHONE_NUMBER.keep_first",
        "Extra inputs are not permitted",
        anchor="      keep_first: 1",
        column=7,
    ),
    Broken(
        "epsilon-zero",
        "  target_epsilon: 8.0\n",
        "  target_epsilon: 0\n",
        "privacy.target_epsilon",
        r"Input should be greater than 0 \(got 0\)",
        column=19,
    ),
    Broken(
        "delta-at-least-one",
        "  delta: 1.0e-5\n",
        "  delta: 1.5\n",
        "privacy.delta",
        r"Input should be less than 1 \(got 1.5\)",
    ),
    Broken(
        "auc-above-one",
        "  max_mia_auc: 0.6\n",
        "  max_mia_auc: 1.2\n",
        "export.max_mia_auc",
        r"Input should be less than or equal to 1 \(got 1.2\)",
    ),
    Broken(
        "negative-min-score",
        "      min_score: 0.6\n",
        "      min_score: -0.1\n",
        "prompt.entities.PERSON.min_score",
        r"Input should be greater than or equal to 0 \(got -0.1\)",
    ),
    Broken(
        "dp-required-without-budget",
        "  lifetime_epsilon_budget: 40.0\n",
        "",
        "privacy",
        "dp_required is true but lifetime_epsilon_budget not set",
        anchor="privacy:",
        column=1,
    ),
    Broken(
        "target-above-lifetime-budget",
        "  lifetime_epsilon_budget: 40.0\n",
        "  lifetime_epsilon_budget: 4.0\n",
        "privacy",
        "target_epsilon exceeds lifetime_epsilon_budget",
        anchor="privacy:",
    ),
    Broken(
        "name-not-file-stem",
        "  name: tickets\n",
        "  name: tickets_v2\n",
        "source.name",
        r"source name 'tickets_v2' must equal the policy file's stem 'tickets'",
        column=9,
    ),
    Broken(
        "name-pattern",
        "  name: tickets\n",
        "  name: Tickets\n",
        "source.name",
        r"String should match pattern",
        file="Tickets.yaml",
    ),
    Broken(
        "missing-owner",
        "  owner: Care Analytics\n",
        "",
        "source.owner",
        "Field required",
        anchor="source:",
    ),
    Broken(
        "csv-without-location",
        "  format: builtin\n  location: support_tickets\n",
        "  format: csv\n",
        "source",
        "location is required for format 'csv'",
        anchor="source:",
    ),
    Broken(
        "invalid-regex",
        "          regex: 'MRN-\\d{7}'\n",
        "          regex: 'MRN-(\\d{7}'\n",
        "prompt.custom_recognizers[0].patterns[0].regex",
        r"invalid regular expression: missing \), unterminated subpattern",
        column=18,
    ),
    Broken(
        "regex-matches-empty",
        "          regex: 'MRN-\\d{7}'\n",
        "          regex: '\\d*'\n",
        "prompt.custom_recognizers[0].patterns[0].regex",
        "regular expression matches the empty string",
    ),
    Broken(
        "recognizer-without-patterns",
        "      patterns:\n        - name: mrn_prefixed\n          regex: 'MRN-\\d{7}'\n",
        "",
        "prompt.custom_recognizers[0]",
        "a custom recognizer needs 'patterns' or 'deny_list'",
        anchor="    - name: mrn",
        column=7,
    ),
    Broken(
        "response-unknown-entity",
        "  allowed_entities: [MRN]\n",
        "  allowed_entities: [MRN, SHOE_SIZE]\n",
        "response.allowed_entities[1]",
        "unknown entity type 'SHOE_SIZE'",
        column=27,
    ),
    Broken(
        "unknown-on-violation",
        "  on_violation: redact\n",
        "  on_violation: ignore\n",
        "response.on_violation",
        r"Input should be 'redact', 'drop' or 'stop' \(got 'ignore'\)",
    ),
    Broken(
        "unknown-teacher-provider",
        "    - provider: gemini\n",
        "    - provider: openai\n",
        "teacher.allowed[1].provider",
        r"Input should be 'local', 'gemini' or 'transformers' \(got 'openai'\)",
        column=17,
    ),
    Broken(
        "no-allowed-teacher",
        '  allowed:\n    - provider: local\n      model: "*"\n    - provider: gemini\n'
        '      model: "gemini-2.5-flash*"\n',
        "  allowed: []\n",
        "teacher.allowed",
        "List should have at least 1 item",
        column=3,
    ),
    Broken(
        "mask-keep-too-long",
        "      mask_keep_last: 2\n",
        "      mask_keep_last: 40\n",
        "prompt.entities.PHONE_NUMBER.mask_keep_last",
        r"Input should be less than or equal to 16 \(got 40\)",
    ),
    Broken(
        "infinite-max-epsilon",
        "  max_epsilon: 8.0\n",
        "  max_epsilon: .inf\n",
        "export.max_epsilon",
        r"Input should be a finite number \(got inf\)",
    ),
    Broken(
        "score-not-a-number",
        "      min_score: 0.6\n",
        "      min_score: high\n",
        "prompt.entities.PERSON.min_score",
        r"Input should be a valid number, unable to parse string as a number \(got 'high'\)",
    ),
    Broken(
        "wrong-schema-id",
        "schema: distillgate/policy/v1\n",
        "schema: distillgate/policy/v2\n",
        "schema",
        r"Input should be 'distillgate/policy/v1' \(got 'distillgate/policy/v2'\)",
        column=9,
    ),
    Broken(
        "duplicate-key",
        "  delta: 1.0e-5\n",
        "  delta: 1.0e-5\n  delta: 1.0e-6\n",
        "delta",
        r"duplicate key \(first defined at line 48\)",
        anchor="  delta: 1.0e-6",
        column=3,
    ),
    Broken(
        "yaml-syntax-error",
        "  purpose: routing\n",
        "  purpose: routing: fast\n",
        "<yaml>",
        "mapping values are not allowed here",
        column=19,
    ),
    Broken(
        "bad-indentation",
        "  on_violation: redact\n",
        "   on_violation: redact\n",
        "<yaml>",
        "",
        anchor="   on_violation: redact",
    ),
]


def _line_of(text: str, anchor: str) -> int:
    lines = text.splitlines()
    matches = [i + 1 for i, line in enumerate(lines) if line == anchor]
    assert len(matches) == 1, f"anchor {anchor!r} must occur once"
    return matches[0]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_broken_policy_names_file_line_and_key(
    case: Broken,
    base_policy: str,
    write_file: Callable[[str, str], Path],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    assert base_policy.count(case.old) == 1, case.old
    text = base_policy.replace(case.old, case.new)
    monkeypatch.chdir(tmp_path)
    path = write_file(case.file, text)
    anchor = case.anchor if case.anchor is not None else case.new.splitlines()[0]
    line = _line_of(text, anchor)
    column = str(case.column) if case.column is not None else r"\d+"
    expected = rf"{re.escape(case.file)}:{line}:{column}: {re.escape(case.key)}: {case.message}"

    with pytest.raises(PolicyError) as info:
        load_policy(Path(case.file))

    assert [p for p in info.value.problems if re.match(expected, p)], (
        expected,
        info.value.problems,
    )
    # one mistake, one problem (no echo from a second check)
    assert len(info.value.problems) == 1, info.value.problems
    assert path.exists()


def test_table_has_at_least_fifteen_cases() -> None:
    assert len({c.id for c in CASES}) == len(CASES) >= 15


def test_every_problem_is_reported_at_once(
    base_policy: str, write_file: Callable[[str, str], Path]
) -> None:
    text = (
        base_policy.replace("      action: replace\n", "      action: scramble\n")
        .replace("    EMAIL_ADDRESS:\n", "    EMAIL_ADRESS:\n")
        .replace("  name: tickets\n", "  name: other\n")
        .replace("  delta: 1.0e-5\n", "  delta: 2\n")
        .replace("  max_mia_auc: 0.6\n", "  max_mia_auc: 7\n  bogus: 1\n")
        .replace("          regex: 'MRN-\\d{7}'\n", "          regex: '(('\n")
    )
    path = write_file("tickets.yaml", text)

    with pytest.raises(PolicyError, match=r"tickets.yaml: 7 problem\(s\) in policy file") as info:
        load_policy(path)

    keys = [p.split(": ")[1] for p in info.value.problems]
    assert keys == [
        "source.name",
        "prompt.entities.EMAIL_ADRESS",
        "prompt.entities.EMAIL_ADRESS.action",
        "prompt.custom_recognizers[0].patterns[0].regex",
        "privacy.delta",
        "export.max_mia_auc",
        "export.bogus",
    ]
    lines = [int(p.split(":")[1]) for p in info.value.problems]
    assert lines == sorted(lines)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", r"tickets.yaml:1:1: <file>: file is empty"),
        ("- a\n- b\n", r"tickets.yaml:1:1: <file>: top level must be a mapping"),
        ("a: 1\n---\nb: 2\n", r"tickets.yaml:2:1: <yaml>: but found another document"),
    ],
    ids=["empty", "list-root", "two-documents"],
)
def test_file_level_problems(
    text: str, message: str, write_file: Callable[[str, str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_file("tickets.yaml", text)
    monkeypatch.chdir(path.parent)
    with pytest.raises(PolicyError) as info:
        load_policy(Path("tickets.yaml"))
    assert len(info.value.problems) == 1
    assert re.match(message, info.value.problems[0]), info.value.problems


def test_missing_file_is_a_policy_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="cannot read file: No such file or directory"):
        load_policy(tmp_path / "absent.yaml")
