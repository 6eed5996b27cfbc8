"""JSON text as every `--format json` writes it: UTF-8 as it is (`é`, `≥`), but with the
characters a terminal, pager or log viewer would obey written as `\\uXXXX` escapes.

A JSON document is often read with `cat` or `less`, or lands in a CI log: a raw C1 control
(U+009B is a CSI on some terminals), a bidi embedding, override or isolate, or a line or
paragraph separator (U+0085, U+2028, U+2029) in an export's detail or a registry name would act
there. Escaped, the document stays valid JSON and parses back to the same value.
"""

from __future__ import annotations

import json
import re
from json.encoder import encode_basestring
from typing import Any

# C1 (U+0085 among them), bidi marks, embeddings/overrides and isolates, the line and paragraph
# separators, and lone surrogates (a file name that is not valid UTF-8, unwritable raw)
_OBEYED = "\x80-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_FIND = re.compile(f"[{_OBEYED}]")
_ESCAPES = {code: f"\\u{code:04x}" for code in
            [*range(0x80, 0xA0), 0x61C, 0x200E, 0x200F, 0x2028, 0x2029,
             *range(0x202A, 0x202F), *range(0x2066, 0x206A), *range(0xD800, 0xE000)]}


def escaped(text: str) -> str:
    """JSON text (a document, a line, a string literal) with those characters escaped. They can
    only stand inside a string literal, so the escape keeps the text valid and the value equal.
    ASCII text (nearly all: CPython knows it without reading the text) cannot hold them and
    is returned as it is; other text is searched once, at C speed, before anything is copied."""
    if text.isascii() or not _FIND.search(text):
        return text
    return text.translate(_ESCAPES)


def dumps(value: Any, *, indent: int | None = None) -> str:
    """`json.dumps(value, indent=indent, ensure_ascii=False)`, escaped."""
    if indent is None:
        return escaped(json.dumps(value, ensure_ascii=False))
    return escaped(_indented(value, " " * indent))


# one value that is neither a string nor a container, as json.dumps writes it (C speed)
_scalar = json.JSONEncoder(ensure_ascii=False).encode


def _indented(value: Any, step: str) -> str:
    """The text of `json.dumps(value, indent=len(step), ensure_ascii=False)`, written about
    three times as fast: CPython's json writes an indented document in pure Python, a call per
    value; here the structure is walked once and every string, key and number is written by
    json's own C functions. Keys as json turns them to text (`1`, `1.5`, `true`, `null`); any
    other key, or a value json cannot write, raises the TypeError json raises."""
    pieces: list[str] = []
    add = pieces.append

    def walk(item: Any, pad: str) -> None:
        if isinstance(item, str):
            add(encode_basestring(item))
        elif isinstance(item, dict):
            if not item:
                add("{}")
                return
            inner = pad + step
            before = "{\n" + inner
            for key, field in item.items():
                add(before)
                add(encode_basestring(key if isinstance(key, str) else _key(key)))
                add(": ")
                walk(field, inner)
                before = ",\n" + inner
            add("\n" + pad + "}")
        elif isinstance(item, (list, tuple)):
            if not item:
                add("[]")
                return
            inner = pad + step
            before = "[\n" + inner
            for field in item:
                add(before)
                walk(field, inner)
                before = ",\n" + inner
            add("\n" + pad + "]")
        else:
            add(_scalar(item))

    walk(value, "")
    return "".join(pieces)


def _key(key: object) -> str:
    """A key that is not a string, as json writes it."""
    if key is None or isinstance(key, (int, float)):  # bool is an int: `true`, `false`
        return _scalar(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def dump_line(value: Any) -> str:
    """A whole document, indented by two spaces, ending in a line break."""
    return dumps(value, indent=2) + "\n"


def string(value: str) -> str:
    """One string literal, quotes included."""
    return escaped(encode_basestring(value))
