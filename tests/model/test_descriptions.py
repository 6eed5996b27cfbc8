"""`abmctl schema` describes every key of every file kind: an editor shows the description on
hover, so a person need not leave the file to learn what a key means."""

from __future__ import annotations

from typing import Any

import pytest

from abmctl.schema import KINDS, schema_for


def undescribed(node: Any, where: str = "") -> list[str]:
    """The keys under `properties` anywhere in `node` that carry no description."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in (node.get("properties") or {}).items():
            if not (isinstance(value, dict) and str(value.get("description", "")).strip()):
                found.append(f"{where}.{key}")
        for key, value in node.items():
            found += undescribed(value, f"{where}/{key}")
    elif isinstance(node, list):
        for value in node:
            found += undescribed(value, where)
    return found


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_key_of_every_file_kind_has_a_description(kind: str) -> None:
    schema = schema_for(kind)
    assert undescribed(schema, kind) == []
    assert "properties" in str(schema)  # a kind with keys, so the check looked at some


def test_a_description_is_written_for_a_person() -> None:
    accounts = schema_for("accounts")
    account = accounts["$defs"]["Account"]["properties"]
    assert account["reviewed"]["description"] == (
        "The last list review that confirmed the account (not after today).")
