"""`abmctl explain ACCOUNT`: one account on one screen: its record, tier and why, how its intent
adds up, stage and owners, open handoff, conflicts, findings and tier history from git."""

from __future__ import annotations

from typing import Annotated

import typer

from abmctl.commands.options import RegistryOptions, format_option, registry_options


def register(app: typer.Typer) -> None:
    @app.command("explain")
    @registry_options
    def _command(
        account: Annotated[str, typer.Argument(
            help="The account: its id, a domain (or URL, or email) or its name.",
            metavar="ACCOUNT")],
        opts: RegistryOptions,
        fmt: Annotated[str, format_option("explain")] = "text",
    ) -> None:
        """Why an account is where it is: the record (file:line), its scores against the
        tier's keep and the next tier's promote and the plan's verdict today, the qualifying
        signals that add up to its intent, stage and owners (who decides), the open handoff
        and its SLA, open conflicts, the lint findings about it, and its tier changes in git.
        Exit 2 when ACCOUNT names no account, or several (the candidates are listed)."""
        from abmctl.commands.options import load
        from abmctl.explain.explainer import Explainer
        from abmctl.explain.lookup import find_account
        from abmctl.output import formats

        chosen: list[str] = []
        run = load(opts, check=lambda reg: chosen.append(find_account(reg, account).id))
        explainer = Explainer(run.reg, run.activity, run.as_of, context=run.context(),
                              run_info=run.run_info, accounts=chosen)
        explanation = explainer.explain(chosen[0])
        out = opts.destination()
        out.write(formats.render("explain", fmt, explanation, out.view(fmt)))
        out.warn(explanation.run_info)
