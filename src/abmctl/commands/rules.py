"""`abmctl rules [CODE]`: the rule catalogue, or one rule's page (what, why, how to fix)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Annotated

import typer


class RulesFormat(enum.StrEnum):
    text = "text"
    json = "json"


CodeArgument = Annotated[
    str | None,
    typer.Argument(help="A rule code such as ABM201 (omit for the whole catalogue).",
                   metavar="[CODE]", show_default=False),
]
FormatOption = Annotated[
    RulesFormat, typer.Option("--format", help="text or json.", case_sensitive=False),
]


def register(app: typer.Typer) -> None:
    @app.command("rules")
    def rules_command(code: CodeArgument = None, fmt: FormatOption = RulesFormat.text) -> None:
        """List the rule catalogue, or explain one rule: what, why (with the seed), how to fix."""
        import shutil

        from abmctl.catalogue import catalogue
        from abmctl.commands.lint import emit
        from abmctl.commands.options import wants_color
        from abmctl.output import rule_catalogue

        rules = catalogue()
        color = fmt is RulesFormat.text and wants_color()
        width = shutil.get_terminal_size().columns if color else 200
        if code is None:
            if fmt is RulesFormat.json:
                emit(rule_catalogue.render_json(rules.values()))
            else:
                emit(rule_catalogue.render_catalogue(rules.values(), color=color, width=width))
            return
        rule = rules[known_code(code, rules)]
        if fmt is RulesFormat.json:
            emit(rule_catalogue.render_json([rule], with_pages=True))
        else:
            emit(rule_catalogue.render_page(rule, color=color, width=min(width, 100)))


def known_code(given: str, codes: Mapping[str, object]) -> str:
    """`abm201`, `ABM201` and `201` all mean ABM201; anything else exits 2 with suggestions."""
    from abmctl.catalogue.base import similar_codes
    from abmctl.errors import AbmctlError

    code = given.strip().upper()
    if code.isdigit():
        code = f"ABM{code.zfill(3)}"
    if code in codes:
        return code
    starting = [c for c in sorted(codes) if c.startswith(code)] if code else []
    similar = starting[:8] or similar_codes(code, codes)
    hint = f"; did you mean {', '.join(similar)}?" if similar else "; `abmctl rules` lists them"
    raise AbmctlError(f"no rule {given!r}{hint}")
