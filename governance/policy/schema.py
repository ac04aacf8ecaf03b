"""JSON Schema of policy files, generated from :class:`governance.policy.models.Policy`.

The committed copy lives in ``policies/policy.schema.json`` (editors use it through the
``# yaml-language-server: $schema=./policy.schema.json`` line); a test keeps it current.
Regenerate with ``distillgate policy schema --out policies/policy.schema.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

from governance.jsontypes import JsonObject
from governance.policy.models import Policy

__all__ = ["policy_json_schema", "render_policy_schema", "write_policy_schema"]


def policy_json_schema() -> JsonObject:
    """The JSON Schema (draft 2020-12) of a policy file, keyed by the YAML names."""
    schema: JsonObject = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    schema.update(Policy.model_json_schema(by_alias=True))
    return schema


def render_policy_schema() -> str:
    """:func:`policy_json_schema` as stable, indented JSON text ending in a newline."""
    return json.dumps(policy_json_schema(), indent=2, ensure_ascii=False) + "\n"


def write_policy_schema(path: Path) -> Path:
    """Write :func:`render_policy_schema` to ``path`` and return it."""
    path.write_text(render_policy_schema(), encoding="utf-8")
    return path
