"""The rule catalogue as a table, a page, or JSON (`abmctl rules [CODE]`)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from abmctl.output.formats import View
from abmctl.output.rule_page import page_markdown, render_page_plain

if TYPE_CHECKING:
    from abmctl.catalogue.base import Rule

COLUMNS: tuple[str, ...] = ("code", "severity", "family", "summary", "source")
_STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}


def catalogue_text(rules: Iterable[Rule], view: View) -> str:
    # off a terminal, wide enough that no summary wraps in a file or a pipe
    return render_catalogue(rules, color=view.color, width=view.width if view.color else 200)


def catalogue_json(rules: Iterable[Rule], view: View) -> str:
    return render_json(rules)


def page_text(rule: Rule, view: View) -> str:
    return render_page(rule, color=view.color, width=min(view.width, 100))


def page_json(rule: Rule, view: View) -> str:
    return render_json([rule], with_pages=True)


def render_catalogue(rules: Iterable[Rule], *, color: bool = False, width: int = 200) -> str:
    """Every rule on one line: code, severity, family, summary, source."""
    from rich import box
    from rich.table import Table

    listed = sorted(rules, key=lambda r: r.code)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, highlight=False)
    for column in COLUMNS:
        table.add_column(column, no_wrap=column in ("code", "severity", "family"))
    for rule in listed:
        severity = f"[{_STYLE[rule.severity]}]{rule.severity}[/]"
        table.add_row(f"[bold]{rule.code}[/]", severity, rule.family, _escape(rule.summary),
                      _escape(rule.source or "—"))
    closing = f"{len(listed)} rules. `abmctl rules CODE` explains one: what, why, how to fix."
    return _printed([table, closing], color=color, width=width)


def render_page(rule: Rule, *, color: bool = False, width: int = 100) -> str:
    """One rule's page: rich Markdown on a terminal, plain text otherwise."""
    if not color:
        return render_page_plain(rule)
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
    return json.dumps({"version": 1, "rules": listed}, indent=2, ensure_ascii=False) + "\n"


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
