"""docs/reference.md documents every key of every file kind: each field of the models abmctl
reads a file with appears in that file's section, so a new key cannot go undocumented."""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from abmctl.model.kinds import FILE_KINDS, FileKind

REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "reference.md"


def _models_in(annotation: object) -> Iterator[tuple[str, type[BaseModel]]]:
    """The models a field holds, each with the step to it: "" (itself or a list's items) or
    "*" (a mapping's values)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield "", annotation
        return
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is dict:
        for step, model in _models_in(args[1]):
            yield "*" if not step else f"*.{step}", model
        return
    for arg in args:
        yield from _models_in(arg)


def keys(model: type[BaseModel], prefix: str = "") -> Iterator[str]:
    """Every leaf key of `model` as a dotted path: list items add no step, a mapping's values
    add `*` (the reference writes `routing.<tier>.to` and `tiers[].promote.fit`)."""
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        inner = list(_models_in(field.annotation))
        if not inner or not any(m.model_fields for _, m in inner):
            yield path
            continue
        for step, sub in inner:
            yield from keys(sub, f"{path}.{step}." if step else f"{path}.")


def documented_keys(kind: FileKind) -> set[str]:
    """The code spans in the kind's section of the reference, as dotted paths."""
    text = REFERENCE.read_text(encoding="utf-8")
    heading = f"### `{kind.files}`"
    assert heading in text, f"docs/reference.md has no section {heading!r}"
    section = text.split(heading, 1)[1]
    section = re.split(r"\n##+ ", section, maxsplit=1)[0]
    spans = re.findall(r"`([^`\n]+)`", section)
    return {re.sub(r"<[^>]+>", "*", span.replace("[]", "")) for span in spans}


def record_keys(kind: FileKind) -> list[str]:
    """The keys of a kind's records: an accounts file is a list of accounts under `accounts:`,
    documented by the account's own keys."""
    fields = kind.model.model_fields
    if list(fields) == ["accounts"]:
        ((_, account),) = _models_in(fields["accounts"].annotation)
        return list(keys(account))
    return list(keys(kind.model))


@pytest.mark.parametrize("kind", FILE_KINDS, ids=lambda k: k.name)
def test_every_key_of_the_file_kind_is_in_the_reference(kind: FileKind) -> None:
    missing = [key for key in record_keys(kind) if key not in documented_keys(kind)]
    assert not missing, (f"docs/reference.md, section `{kind.files}`, does not document: "
                         f"{', '.join(missing)}")


def test_the_key_walk_reaches_nested_list_and_mapping_keys() -> None:
    by_name = {kind.name: kind for kind in FILE_KINDS}
    assert "scores.fit" in record_keys(by_name["accounts"])
    assert "tiers.keep.acv_potential" in record_keys(by_name["tiers"])
    assert "routing.*.alert" in record_keys(by_name["engagement"])
    assert "qualify.event_attendance" in record_keys(by_name["signals"])
    assert "people.capacity" in record_keys(by_name["teams"])
