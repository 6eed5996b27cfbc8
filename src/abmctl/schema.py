"""JSON Schemas (draft 2020-12) of every registry and rules file kind, for editors.

Generated from the pydantic models, so the schema and the loader cannot drift apart. What the
models check in Python and JSON Schema can still say is added here: slugs and ids as patterns,
scores as 0-100, tier-keyed mappings as integer keys, and `x-` keys allowed wherever unknown
keys are refused (they are free for the team's own notes).
"""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from abmctl.model import base
from abmctl.model.kinds import FILE_KINDS, FileKind

DIALECT = "https://json-schema.org/draft/2020-12/schema"
TEAM_NOTES = "^x-"
SLUG_PATTERN = "^[a-z0-9][a-z0-9-]*$"
PERSON_ID_PATTERN = "^[a-z0-9][a-z0-9._-]*$"
INTEGER_KEY_PATTERN = "^-?[0-9]+$"


KINDS: dict[str, FileKind] = {kind.name: kind for kind in FILE_KINDS}


def schema_file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def unknown_kind_message(kind: str) -> str:
    return f"unknown file kind {kind!r}; the kinds are: {', '.join(KINDS)}"


class _AbmctlSchema(GenerateJsonSchema):
    """Says in JSON Schema what the models' Python validators check."""

    def function_after_schema(
        self, schema: core_schema.AfterValidatorFunctionSchema
    ) -> JsonSchemaValue:
        inner = super().function_after_schema(schema)
        check = schema["function"].get("function")
        if check is base._check_slug:
            inner = {**inner, "pattern": SLUG_PATTERN}
        elif check is base._check_person_id:
            inner = {**inner, "pattern": PERSON_ID_PATTERN}
        elif check is _SCORE_CHECK:
            inner = {**inner, "minimum": 0, "maximum": 100}
        return inner

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        found = super().dict_schema(schema)
        keys = schema.get("keys_schema")
        if keys is not None and keys.get("type") == "int":
            # YAML reads `1:` as a number; editors see every key as text
            found = {**found, "propertyNames": {"pattern": INTEGER_KEY_PATTERN}}
        return found


_SCORE_CHECK = base.Score.__metadata__[0].func  # type: ignore[attr-defined]


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema of one file kind; KeyError for an unknown kind."""
    spec = KINDS[kind]
    found = spec.model.model_json_schema(schema_generator=_AbmctlSchema)
    _allow_team_notes(found)
    if kind == "play":
        # plays.py: a play picks its accounts by id or by select, never both
        found["not"] = {"required": ["accounts", "select"]}
    return {
        "$schema": DIALECT,
        "title": f"abmctl {kind} file ({spec.files})",
        "description": f"{spec.summary[:1].upper()}{spec.summary[1:]}. "
        "Unknown keys are errors; keys starting with 'x-' are free for notes.",
        **{key: value for key, value in found.items() if key != "title"},
    }


def schema_text(kind: str) -> str:
    return json.dumps(schema_for(kind), indent=2, sort_keys=False) + "\n"


def _allow_team_notes(node: Any) -> None:
    """Every mapping that refuses unknown keys accepts `x-` keys."""
    if isinstance(node, list):
        for item in node:
            _allow_team_notes(item)
        return
    if not isinstance(node, dict):
        return
    for value in node.values():
        _allow_team_notes(value)
    if "additionalProperties" in node or "propertyNames" in node:
        node.setdefault("patternProperties", {})[TEAM_NOTES] = {}
    if "propertyNames" in node:
        node["propertyNames"] = {"anyOf": [node["propertyNames"], {"pattern": TEAM_NOTES}]}
