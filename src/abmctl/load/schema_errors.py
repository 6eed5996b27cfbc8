"""ABM002 in the program's own words: one sentence per schema fault, saying how to fix it.

The validation library's errors give a kind, a location of keys and 0-based indexes, and a
sentence of their own; a reader of a YAML file wants the key as written, "tier 1" rather than
`tiers.0`, the values that would do, and the closest one to what was typed.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from abmctl.suggest import closest, listing, only_match

_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'|(-?\d+(?:\.\d+)?)")
_SINGULAR = {"people": "person", "territories": "territory", "requires": "required owner",
             "activities": "activity"}


def item_label(section: str, position: int, item: Any) -> str:
    """`account 2 (id: acme)`: a list item as a person counts it, from 1, with its id."""
    noun = singular(section)
    ident = item.get("id") if isinstance(item, dict) else None
    return f"{noun} {position + 1}" + (f" (id: {ident})" if isinstance(ident, (str, int)) else "")


def singular(section: str) -> str:
    """`accounts` -> `account`, `people` -> `person`."""
    if section in _SINGULAR:
        return _SINGULAR[section]
    return section[:-1] if section.endswith("s") and len(section) > 2 else section


def describe(error: Any, model: type[BaseModel], data: Any = None) -> str:
    """One plain sentence for a schema error: where, what is wrong, how to make it right."""
    loc = [part for part in error["loc"] if not str(part).startswith("function-")]
    keys, key_fault = _keys(loc, data)
    kind = error["type"]
    given = error.get("input")
    if kind == "extra_forbidden":
        return _unknown_key(keys, model, data)
    if kind == "missing":
        parent = human(keys[:-1], data)
        return f"missing required key '{keys[-1]}'" + (f" in {parent}" if parent else "")
    if key_fault:
        parent = human(keys[:-1], data) or "record"
        sentence = _SENTENCES.get(kind)
        if sentence is not None:
            return f"{parent}: the key {_said(given)}: {sentence(error, given)}"
        return f"{parent}: {_said(given)} is not a valid key{_choices(error, given)}"
    where = human(keys, data) or "record"
    sentence = _SENTENCES.get(kind)
    if sentence is not None:
        return f"{where}: {sentence(error, given)}"
    if kind in ("literal_error", "enum"):
        return f"{where}: {_said(given)} is not allowed{_choices(error, given)}"
    return f"{where}: {_value_error(error, given)}"


def key_fix(error: Any, model: type[BaseModel], data: Any) -> tuple[str, str] | None:
    """`(typed, meant)` when an unknown key can only have meant one key of its mapping, and
    that key is not written there already: what `lint --fix` renames."""
    if error["type"] != "extra_forbidden":
        return None
    loc = [part for part in error["loc"] if not str(part).startswith("function-")]
    keys, _ = _keys(loc, data)
    typed = keys[-1] if keys else None
    if not isinstance(typed, str):
        return None
    meant = only_match(typed, _fields_at(model, keys[:-1]))
    parent = data
    for part in keys[:-1]:
        parent = _child(parent, part)
    if meant is None or not isinstance(parent, dict) or meant in parent:
        return None
    return typed, meant


def _keys(loc: Sequence[Any], data: Any) -> tuple[list[Any], bool]:
    """The keys and indexes of `loc` that are in the file (less the library's union tags),
    and whether the fault is a mapping's key rather than its value (`[key]`)."""
    keys: list[Any] = []
    node = data
    key_fault = False
    for part in loc:
        if part == "[key]":
            key_fault = True
            break
        if isinstance(node, dict) or node is None or isinstance(part, int):
            keys.append(part)
            node = _child(node, part)
    return keys, key_fault


def _child(node: Any, part: Any) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def human(keys: Sequence[Any], data: Any) -> str:
    """`tiers.0.max_per_ae` as `tier 1's max_per_ae`; `scores.fit` stays `scores.fit`."""
    segments: list[list[str]] = []  # dotted key chains and item labels, joined by "'s"
    node = data
    for part in keys:
        if isinstance(part, int) and not isinstance(node, dict):  # an index, not a tier key
            chain = segments.pop() if segments and not segments[-1][0].startswith(" ") else []
            section = chain.pop() if chain else "item"
            if chain:
                segments.append(chain)
            item = _child(node, part)
            ident = item.get("id") if isinstance(item, dict) else None
            shown = ident if isinstance(ident, (str, int)) and not isinstance(ident, bool) else None
            noun = singular(section) if singular(section) != section else f"{section} item"
            segments.append([f" {noun} {part + 1 if shown is None else shown}"])
        elif segments and not segments[-1][0].startswith(" "):
            segments[-1].append(str(part))
        else:
            segments.append([str(part)])
        node = _child(node, part)
    return "'s ".join(".".join(chain).strip() for chain in segments)


def _unknown_key(keys: Sequence[Any], model: type[BaseModel], data: Any) -> str:
    key = str(keys[-1])
    known = _fields_at(model, keys[:-1])
    parent = human(keys[:-1], data)
    place = f" in {parent}" if parent else ""
    guess = closest(key, known) if known else None
    if guess is not None:
        return f"unknown key '{key}'{place}; did you mean '{guess}'?"
    if known and len(known) <= 12:
        return (f"unknown key '{key}'{place}; the keys are {listing(known)} (notes of your own "
                "go under an 'x-' key)")
    return f"unknown key '{key}'{place} (notes of your own go under an 'x-' key)"


def _fields_at(model: type[BaseModel], keys: Sequence[Any]) -> list[str]:
    """The keys the model nested at `keys` accepts ([] when it is not a model)."""
    current: Any = model
    for part in keys:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if fields is None:
            return []
        field = fields.get(part)
        if field is None:
            continue  # a mapping's own key (`owners: {ae: ...}`)
        current = _inner_model(field.annotation)
        if current is None:
            return []
    fields = getattr(current, "model_fields", None)
    return [f.alias or name for name, f in fields.items()] if fields else []


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside `X | None`, `list[X]`, `dict[str, X]`, `Annotated[X, ...]`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType, Annotated, list, tuple, dict):
        args = get_args(annotation)
        for arg in args[1:] if origin is dict else args:
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


def _said(value: Any) -> str:
    """A value as a message quotes it: `'yes'`, `5`, `[1, 2]`; cut at 60 characters."""
    text = repr(value) if isinstance(value, str) else _plain(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _plain(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def _choices(error: Any, given: Any) -> str:
    """`; did you mean 'ae'?` or `; use one of a, b or c`, from the library's expected values."""
    expected = str((error.get("ctx") or {}).get("expected", ""))
    values = [quoted or number for quoted, number in _QUOTED.findall(expected)]
    if not values:
        return ""
    guess = closest(given, values)
    if guess is not None:
        return f"; did you mean '{guess}'? (one of {listing(values)})"
    return f"; use one of {listing(values)}"


def _value_error(error: Any, given: Any) -> str:
    """A check of the program's own (dates, slugs, ranges): its sentence, the value once."""
    message = str(error.get("msg", "")).removeprefix("Value error, ")
    if error["type"] != "value_error":
        message = "not a valid value"
    shown = _said(given)
    if shown in message or str(given) in message:
        return message
    return f"{message} (got {shown})"


def _number(error: Any, given: Any) -> str:
    text = f"expected a whole number, got {_said(given)}"
    if isinstance(given, str) and given.strip().lstrip("-").isdigit():
        text += " (a quoted number is text: drop the quotes)"
    return text


def _bound(word: str, key: str) -> Callable[[Any, Any], str]:
    def sentence(error: Any, given: Any) -> str:
        return f"must be {word} {(error.get('ctx') or {}).get(key)}, got {_said(given)}"
    return sentence


def _length(error: Any, given: Any) -> str:
    ctx = error.get("ctx") or {}
    low = ctx.get("min_length")
    if error["type"] == "too_short":
        return f"needs at least {low} item{'s' if low != 1 else ''}, got {ctx.get('actual_length')}"
    if error["type"] == "string_too_short":
        return f"needs at least {low} character{'s' if low != 1 else ''}"
    high = ctx.get("max_length")
    return f"allows at most {high}, got {ctx.get('actual_length', _said(given))}"


_BOOL = ("{given} is not true or false; YAML 1.2 reads yes, no, on and off as text: write "
         "true or false")
_SENTENCES: dict[str, Callable[[Any, Any], str]] = {
    "bool_type": lambda e, g: _BOOL.format(given=_said(g)),
    "bool_parsing": lambda e, g: _BOOL.format(given=_said(g)),
    "int_type": _number,
    "int_parsing": _number,
    "int_from_float": lambda e, g: f"expected a whole number, got {_said(g)}",
    "float_type": lambda e, g: f"expected a number, got {_said(g)}",
    "float_parsing": lambda e, g: f"expected a number, got {_said(g)}",
    "string_type": lambda e, g: f"expected text, got {_said(g)} (quote it: \"...\")",
    "list_type": lambda e, g: f"expected a list ([a, b] or one '- item' per line), got {_said(g)}",
    "dict_type": lambda e, g: f"expected a mapping (key: value lines), got {_said(g)}",
    "model_type": lambda e, g: f"expected a mapping (key: value lines), got {_said(g)}",
    "model_attributes_type": lambda e, g: f"expected a mapping (key: value lines), got {_said(g)}",
    "date_type": lambda e, g: f"expected a date written YYYY-MM-DD, got {_said(g)}",
    "date_parsing": lambda e, g: f"{_said(g)} is not a date written YYYY-MM-DD",
    "date_from_datetime_parsing": lambda e, g: f"{_said(g)} is not a date written YYYY-MM-DD",
    "greater_than_equal": _bound("at least", "ge"),
    "greater_than": _bound("more than", "gt"),
    "less_than_equal": _bound("at most", "le"),
    "less_than": _bound("less than", "lt"),
    "too_short": _length,
    "too_long": _length,
    "string_too_short": _length,
    "string_too_long": _length,
    "string_pattern_mismatch": lambda e, g: f"{_said(g)} does not have the required form",
    "none_required": lambda e, g: f"must be empty, got {_said(g)}",
}
