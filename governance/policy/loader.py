"""Load and fully check a data source's policy file.

:func:`load_policy` returns a :class:`LoadedPolicy` or raises :class:`PolicyError` listing
every problem at once: YAML syntax, schema violations from pydantic, and the semantic
checks below that pydantic cannot express (known entity types, the file stem, regexes, an
installed spaCy model for the policy's language).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from governance.catalog.languages import DEFAULT_LANGUAGE, language_model_problem
from governance.errors import PolicyError
from governance.policy.models import KNOWN_ENTITY_TYPES, Policy
from governance.policy.regex_safety import exponential_risk
from governance.policy.yamlio import (
    Problem,
    YamlDocument,
    did_you_mean,
    read_yaml,
    validate_document,
)

__all__ = ["POLICY_KEYS", "LoadedPolicy", "load_policy", "policy_from_document", "policy_sha256"]

#: Top-level keys of a policy file: a file with none of them is not read as a policy.
POLICY_KEYS: frozenset[str] = frozenset(
    field.alias or name for name, field in Policy.model_fields.items()
)

_LANGUAGE = re.compile(r"^[a-z]{2}$")
#: Names pydantic accepts as entity types; others are reported by pydantic alone.
_ENTITY_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


@dataclass(frozen=True)
class LoadedPolicy:
    """A validated policy, where it came from and its content hash."""

    policy: Policy
    path: Path
    sha256: str
    raw_text: str


def policy_sha256(policy: Policy) -> str:
    """SHA-256 of the canonical JSON of ``policy`` (aliases, sorted keys, compact).

    Formatting and comments of the YAML file do not change it; any value does.
    """
    canonical = json.dumps(
        policy.model_dump(mode="json", by_alias=True),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def load_policy(path: Path | str, *, check_file_stem: bool = True) -> LoadedPolicy:
    """Read, validate and check the policy file at ``path``.

    ``source.name`` must equal the file's stem unless ``check_file_stem`` is false (for the
    copy a run directory keeps as ``policy.yaml``). Raises :class:`PolicyError` whose
    ``problems`` hold every ``file:line:col: key: message``.
    """
    path = Path(path)
    doc = read_yaml(path, known_keys=POLICY_KEYS, kind="policy")
    return policy_from_document(doc, path=path, check_file_stem=check_file_stem)


def policy_from_document(
    doc: YamlDocument, *, path: Path, check_file_stem: bool = True
) -> LoadedPolicy:
    """Validate an already parsed policy document (see :func:`load_policy`)."""
    result = validate_document(doc, Policy)
    stem = path.stem if check_file_stem else None
    problems = [*result.problems, *_semantic_problems(doc, stem=stem)]
    problems.sort(key=lambda p: (p.line, p.column))
    if problems or result.value is None:
        raise PolicyError(
            f"{doc.file}: {len(problems)} problem(s) in policy file",
            problems=[str(p) for p in problems],
            hint="fix every listed line; `distillgate policy lint FILE` re-checks the file",
        )
    policy = result.value
    return LoadedPolicy(policy=policy, path=path, sha256=policy_sha256(policy), raw_text=doc.text)


def _semantic_problems(doc: YamlDocument, *, stem: str | None) -> list[Problem]:
    """Checks on the raw data that pydantic cannot express; tolerant of wrong shapes
    (pydantic reports those)."""
    data = doc.data
    problems: list[Problem] = []
    source = _mapping(data.get("source"))
    name = source.get("name")
    if stem is not None and isinstance(name, str) and name != stem:
        problems.append(
            doc.problem(
                ("source", "name"),
                f"source name {name!r} must equal the policy file's stem {stem!r}",
            )
        )
    prompt = _mapping(data.get("prompt"))
    language = prompt.get("language", DEFAULT_LANGUAGE)
    if isinstance(language, str) and _LANGUAGE.match(language):
        missing = language_model_problem(language)
        if missing is not None:
            problems.append(doc.problem(("prompt", "language"), missing))
    recognizers = list(_items(prompt.get("custom_recognizers")))
    known = set(KNOWN_ENTITY_TYPES)
    known.update(r["entity_type"] for _, r in recognizers if isinstance(r.get("entity_type"), str))
    problems.extend(_recognizer_problems(doc, recognizers))
    for entity in _mapping(prompt.get("entities")):
        if _ENTITY_NAME.match(str(entity)) and entity not in known:
            problems.append(
                doc.problem(
                    ("prompt", "entities", entity),
                    f"unknown entity type {entity!r}{did_you_mean(entity, known)} (known: "
                    "the built-in types or a custom recognizer's entity_type)",
                    at_key=True,
                )
            )
    allowed = _mapping(data.get("response")).get("allowed_entities")
    if isinstance(allowed, list):
        for i, entity in enumerate(allowed):
            if isinstance(entity, str) and _ENTITY_NAME.match(entity) and entity not in known:
                problems.append(
                    doc.problem(
                        ("response", "allowed_entities", i),
                        f"unknown entity type {entity!r}{did_you_mean(entity, known)}",
                    )
                )
    return problems


def _recognizer_problems(
    doc: YamlDocument, recognizers: list[tuple[int, dict[str, Any]]]
) -> list[Problem]:
    problems: list[Problem] = []
    names: dict[str, int] = {}
    for i, recognizer in recognizers:
        name = recognizer.get("name")
        if isinstance(name, str):
            if name in names:
                problems.append(
                    doc.problem(
                        ("prompt", "custom_recognizers", i, "name"),
                        f"duplicate recognizer name {name!r} "
                        f"(also custom_recognizers[{names[name]}])",
                    )
                )
            names.setdefault(name, i)
        for j, pattern in _items(recognizer.get("patterns")):
            regex = pattern.get("regex")
            if not isinstance(regex, str):
                continue
            loc = ("prompt", "custom_recognizers", i, "patterns", j, "regex")
            try:
                compiled = re.compile(regex)
            except re.error as exc:
                problems.append(doc.problem(loc, f"invalid regular expression: {exc}"))
                continue
            if compiled.match(""):
                problems.append(doc.problem(loc, "regular expression matches the empty string"))
            risk = exponential_risk(regex)
            if risk is not None:
                problems.append(doc.problem(loc, f"regular expression refused: {risk}"))
        for j, term in enumerate(_list(recognizer.get("deny_list"))):
            if isinstance(term, str) and not term.strip():
                problems.append(
                    doc.problem(
                        ("prompt", "custom_recognizers", i, "deny_list", j),
                        "deny list term is empty",
                    )
                )
    return problems


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _items(value: object) -> Iterator[tuple[int, dict[str, Any]]]:
    for i, item in enumerate(_list(value)):
        if isinstance(item, dict):
            yield i, item
