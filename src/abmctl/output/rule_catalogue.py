"""The rule catalogue as a table, pages, Markdown or JSON (`abmctl rules [CODE]`)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from abmctl.output.formats import View
from abmctl.output.json_text import dump_line
from abmctl.output.rule_page import page_markdown, render_page_plain

if TYPE_CHECKING:
    from abmctl.catalogue.base import Rule

COLUMNS: tuple[str, ...] = ("code", "severity", "family", "summary")
_STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}


def catalogue_text(rules: Iterable[Rule], view: View) -> str:
    return render_catalogue(rules, color=view.color, width=view.width, summary=view.summary)


def catalogue_json(rules: Iterable[Rule], view: View) -> str:
    return render_json(rules)


def page_text(rule: Rule, view: View) -> str:
    return render_page(rule, color=view.color, width=min(view.width, 100))


def page_json(rule: Rule, view: View) -> str:
    return render_json([rule], with_pages=True)


def page_markdown_text(rule: Rule, view: View) -> str:
    return page_markdown(rule)


def catalogue_markdown(rules: Iterable[Rule], view: View) -> str:
    """Every rule's page in one Markdown document, after a table of them: docs/rules/README.md
    is this output."""
    listed = sorted(rules, key=lambda r: r.code)
    rows = "".join(f"| [{r.code}](#{r.code.lower()}) | {r.severity} | {r.family} | "
                   f"{_cell(r.summary)} |\n" for r in listed)
    head = ("# Rules\n\n"
            "Every rule `abmctl lint` and `abmctl overlap` apply, with what it catches, why,\n"
            "an example that trips it and the fixed version. `abmctl rules CODE` prints the\n"
            "same page.\n"
            "This file is generated: `abmctl rules --format markdown > docs/rules/README.md`.\n\n"
            "| code | severity | family | summary |\n|---|---|---|---|\n")
    # an explicit anchor per page, so the table's links do not depend on how a site slugs
    return head + rows + "".join(f'\n<a id="{r.code.lower()}"></a>\n\n{page_markdown(r, level=2)}'
                                 for r in listed)


def render_catalogue(rules: Iterable[Rule], *, color: bool = False, width: int = 200,
                     summary: bool = True) -> str:
    """Every rule on one line: code, severity, family, summary; then the count and how to
    read one (`summary`: not under --quiet)."""
    from rich import box
    from rich.table import Table

    listed = sorted(rules, key=lambda r: r.code)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, highlight=False)
    for column in COLUMNS:
        table.add_column(column, no_wrap=column in ("code", "severity", "family"))
    for rule in listed:
        severity = f"[{_STYLE[rule.severity]}]{rule.severity}[/]"
        table.add_row(f"[bold]{rule.code}[/]", severity, rule.family, _escape(rule.summary))
    closing = f"{len(listed)} rules. `abmctl rules CODE` explains one: what, why, how to fix."
    return _printed([table, closing] if summary else [table], color=color, width=width)


def render_page(rule: Rule, *, color: bool = False, width: int = 100) -> str:
    """One rule's page: rich Markdown on a terminal, plain text otherwise."""
    if not color:
        return render_page_plain(rule, width)
    from rich.markdown import Markdown

    return _printed([Markdown(page_markdown(rule))], color=True, width=width)


def render_json(rules: Iterable[Rule], *, with_pages: bool = False) -> str:
    """`{"version": 1, "rules": [{"code": ..., ...}]}`; pages included for one rule."""
    listed: list[dict[str, Any]] = []
    for rule in sorted(rules, key=lambda r: r.code):
        item: dict[str, Any] = {column: getattr(rule, column) for column in COLUMNS}
        if with_pages:
            item["page"] = rule.doc
        listed.append(item)
    return dump_line({"version": 1, "rules": listed})


def _cell(text: str) -> str:
    """Text inside a Markdown table cell: a `|` would end the cell."""
    return text.replace("|", "\\|")


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _printed(parts: list[Any], *, color: bool, width: int) -> str:
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=width,
                      highlight=False, emoji=False, color_system="standard" if color else None)
    for part in parts:
        console.print(part)
    if color:
        return buffer.getvalue()
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())
