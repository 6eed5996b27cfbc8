"""Turning parsed YAML into validated records, with an ABM002 finding for each fault."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from abmctl.findings import Finding, Fix
from abmctl.load.boundary import MAX_FINDINGS_PER_CODE, more
from abmctl.load.positions import Part, PosNode, Spot
from abmctl.load.schema_errors import describe, item_label, key_fix
from abmctl.model.base import Record, without_team_annotations

M = TypeVar("M", bound=BaseModel)


def validate(
    model: type[M],
    data: Any,
    rel: str,
    node: PosNode | Spot,
    findings: list[Finding],
    label: str = "",
    annotated: bool = True,
) -> M | None:
    """`model` built from `data`, or None with ABM002 findings (file and line) added.

    `node` is where `data` was written: its position tree node, or a `Spot` in a file not yet
    indexed (only a fault's position, or the record's when asked for, indexes it).
    `annotated=False` says the source cannot hold an `x-` key, so none is looked for.
    """
    if not isinstance(data, dict):
        findings.append(
            Finding("ABM002", "error", f"{label or 'record'}: expected a mapping, got "
                    f"{_kind(data)}", rel, _tree(node).line)
        )
        return None
    try:
        if annotated and _annotated(data):
            data = without_team_annotations(data)
        record = model.model_validate(data)
    except ValidationError as exc:
        account = data.get("id") if isinstance(data.get("id"), str) else None
        tree = _tree(node)
        for error in exc.errors(include_url=False):
            line, column = tree.where(tuple(error["loc"]))
            message = describe(error, model, data)
            rename = key_fix(error, model, data)
            findings.append(
                Finding("ABM002", "error", f"{label}: {message}" if label else message,
                        rel, line, account=account, column=column,
                        fix=Fix("key", *rename) if rename else None)
            )
        return None
    if isinstance(record, Record):
        if isinstance(node, Spot):
            record.place_later(rel, node.part, node.position)
        else:
            record.place(rel, node.line, node.field_lines(), node.col)
    return record


def _tree(node: PosNode | Spot) -> PosNode:
    """The position tree node of `node` (a `Spot`'s file is indexed now)."""
    return node.node() if isinstance(node, Spot) else node


def _annotated(value: Any) -> bool:
    """Whether a mapping at any depth has an `x-` key (most records have none: no copy)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, child in item.items():
                if isinstance(key, str) and key.startswith("x-"):
                    return True
                if isinstance(child, (dict, list)):
                    stack.append(child)
        elif isinstance(item, list):
            stack.extend(child for child in item if isinstance(child, (dict, list)))
    return False


def validate_list(
    model: type[M],
    data: Any,
    rel: str,
    part: Part,
    findings: list[Finding],
    section: str,
    annotated: bool = True,
) -> list[M]:
    """Each item of a list section validated on its own, so one bad record hides no other.

    `part` is where the list was written: a record is placed by its position in it, and the
    file is indexed only when a position in it is asked for (a fault's, at once)."""
    if data is None:
        return []
    if not isinstance(data, list):
        findings.append(
            Finding("ABM002", "error", f"'{section}' must be a list, got {_kind(data)}",
                    rel, part.node().line)
        )
        return []
    records: list[M] = []
    failed = 0
    for position, item in enumerate(data):
        record = _valid(model, item, annotated)
        if record is None and failed >= MAX_FINDINGS_PER_CODE:
            failed += 1  # counted, not described: `accounts: [1, 1, ...]` is millions
            continue
        if record is None:  # the careful path, which says what is wrong, and where
            label = item_label(section, position, item)
            record = validate(model, item, rel, Spot(part, position), findings, label,
                              annotated)
            if record is None:
                failed += 1
                continue
        elif isinstance(record, Record):
            record.place_later(rel, part, position)
        records.append(record)
    if failed > MAX_FINDINGS_PER_CODE:
        findings.append(more("ABM002", failed - MAX_FINDINGS_PER_CODE, rel))
    return records


def _valid(model: type[M], item: Any, annotated: bool) -> M | None:
    """`item` as a `model` when it is a plain, valid mapping; else None (nothing reported).

    The common case of a list of 10,000 accounts, so it skips what `validate` prepares for an
    error: the label, the copy without `x-` keys."""
    if type(item) is not dict or (annotated and _annotated(item)):
        return None
    try:
        return model.model_validate(item)
    except ValidationError:
        return None


def _kind(value: Any) -> str:
    names = {dict: "a mapping", list: "a list", str: "text", type(None): "nothing"}
    return names.get(type(value), type(value).__name__)
