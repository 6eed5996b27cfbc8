"""`abmctl rules [CODE]`: the rule catalogue, or one rule's page (what, why, how to fix)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

import typer

from abmctl.commands.options import OutputOption, QuietOption, format_option

CodeArgument = Annotated[
    str | None,
    typer.Argument(help="A rule code such as ABM201 (omit for the whole catalogue).",
                   metavar="CODE", show_default=False),
]


def register(app: typer.Typer) -> None:
    @app.command("rules")
    def rules_command(
        code: CodeArgument = None,
        fmt: Annotated[str, format_option("rules")] = "text",
        output: OutputOption = None,
        quiet: QuietOption = False,
    ) -> None:
        """List the rule catalogue, or explain one rule: what it catches, why, how to fix."""
        from abmctl.catalogue import catalogue
        from abmctl.output import formats
        from abmctl.output.destination import Destination

        rules = catalogue()
        out = Destination(output, quiet)
        view = out.view(fmt)
        if code is None:
            out.write(formats.render("rules", fmt, list(rules.values()), view))
        else:  # a rule's page: the same choices as the catalogue ("rule" in output.formats)
            out.write(formats.render("rule", fmt, rules[known_code(code, rules)], view))


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
