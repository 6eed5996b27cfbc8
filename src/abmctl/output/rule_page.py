"""A rule's page (its generator's docstring) split into its sections, and shown."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from abmctl.catalogue.base import Rule

SECTIONS: tuple[str, ...] = ("What it catches", "Why", "Example", "Use instead", "How to fix")
_HEADING = re.compile(r"\*\*(" + "|".join(SECTIONS) + r")\.\*\*")


def sections(page: str) -> dict[str, str]:
    """`{"What it catches": ..., "Why": ..., ...}` — those the page has, each on one line."""
    found: dict[str, str] = {}
    parts = _HEADING.split(page)
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        found[heading] = " ".join(body.split())
    return found


def plain(page: str) -> str:
    """The page without Markdown emphasis, for a pipe or a log."""
    return page.replace("**", "")


def heading(rule: Rule) -> str:
    """`ABM201 (error): a tier's required owner is missing`."""
    return f"{rule.code} ({rule.severity}): {rule.summary}"


def render_page_plain(rule: Rule, width: int | None = None) -> str:
    """The page as plain text: a heading, the family, the sections; prose wrapped to `width`
    (examples kept as written)."""
    page = plain(rule.doc).strip() + "\n"
    return f"{heading(rule)}\nFamily: {rule.family}\n\n" + (page if width is None
                                                              else wrapped(page, width))


def wrapped(text: str, width: int) -> str:
    """`text`'s paragraphs refilled to `width`; lines inside ``` fences and indented lines
    stay as they are."""
    from abmctl.output.text import wrap

    out: list[str] = []
    paragraph: list[str] = []
    fenced = False

    def flush() -> None:
        if paragraph:
            out.extend(wrap(" ".join(paragraph), width))
            paragraph.clear()

    for line in text.splitlines():
        if line.startswith("```"):
            flush()
            fenced = not fenced
            out.append(line)
        elif fenced or not line.strip() or line.startswith((" ", "-")):
            flush()
            out.append(line)
        else:
            paragraph.append(line.strip())
    flush()
    return "\n".join(out) + "\n"


def page_markdown(rule: Rule, level: int = 1) -> str:
    """The page as Markdown (rich's renderer on a terminal, `--format markdown`); `level`: the
    heading's level, 2 when the page is one of a document's."""
    return (f"{'#' * level} {rule.code}: {rule.summary}\n\n"
            f"*Severity:* `{rule.severity}` · *family:* `{rule.family}`\n\n"
            f"{rule.doc.strip()}\n")
