"""`abmctl explain ACCOUNT`: one account on one screen: its record, tier and why, how its intent
adds up, stage and owners, open handoff, conflicts, findings and tier history from git."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from abmctl.commands.options import RegistryOptions, format_option, registry_options

if TYPE_CHECKING:
    from collections.abc import Callable
    from concurrent.futures import ThreadPoolExecutor
    from datetime import date

    from abmctl.explain.explanation import History
    from abmctl.findings import Finding
    from abmctl.registry import Registry


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
        from concurrent.futures import ThreadPoolExecutor

        from abmctl import parallel
        from abmctl.commands.options import load
        from abmctl.explain.explainer import Explainer, Known
        from abmctl.output import formats

        histories: dict[str, Callable[[], History]] = {}
        rules: list[tuple[date, Callable[[], dict[str, list[Finding]]]]] = []
        day = opts.day()
        with ThreadPoolExecutor(max_workers=1) as git:
            try:
                run = load(opts, check=lambda reg: _find(reg, account, git, histories,
                                                         (day, rules)))
                # a context about this account: its intent worked out alone (all of them only
                # for a promotion, which competes for seats), lint's intent rules judge it alone
                context = run.context(accounts=list(histories))
                made = next((wait for on, wait in rules if on == run.as_of), None)
                explainer = Explainer(run.reg, run.activity, run.as_of, context=context,
                                      run_info=run.run_info, accounts=list(histories),
                                      known=Known(histories=histories, rules_made=made))
                explanation = explainer.explain(next(iter(histories)))
            finally:
                parallel.settle([wait for _, wait in rules])
        out = opts.destination()
        out.write(formats.render("explain", fmt, explanation, out.view(fmt)))
        out.warn(explanation.run_info)


def _find(reg: Registry, given: str, git: ThreadPoolExecutor,
          histories: dict[str, Callable[[], History]],
          rules: tuple[date, list[tuple[date, Callable[[], dict[str, list[Finding]]]]]],
          ) -> None:
    """The account ACCOUNT names (exit 2 when none or several), its tier history then read
    from git while the activity is read (git's time is mostly waiting on git), and, with a
    core to spare, the lint findings the registry alone decides made by a child process
    meanwhile (`catalogue.runner.registry_rules` on `rules`' date; the run uses them only if
    its date is that one)."""
    from abmctl import parallel
    from abmctl.catalogue.runner import registry_rules
    from abmctl.commands.lint import LINT_FAMILIES
    from abmctl.explain.history import account_history
    from abmctl.explain.lookup import find_account

    found = find_account(reg, given).id
    day, started = rules
    if parallel.core_to_spare():  # forked before git's thread starts: no lock held elsewhere
        started.append((day, parallel.start(registry_rules, reg, day, LINT_FAMILIES)))
    histories[found] = git.submit(account_history, reg.root, found).result
