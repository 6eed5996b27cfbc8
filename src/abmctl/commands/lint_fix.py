"""`abmctl lint --fix` and `--diff`: mend the fixable findings lint reports, then lint again.

A fix can make another one safe (a record that loads again shows which of its suppressions
still hide something), so `--fix` repeats, at most `MAX_PASSES` times, until nothing more is
fixable; `--diff` shows the first pass and writes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import typer

from abmctl.output.escape import terminal
from abmctl.output.text import plural

if TYPE_CHECKING:
    from abmctl.catalogue.fixes import FixPlan
    from abmctl.output.destination import Destination
    from abmctl.output.findings import FindingsReport
    from abmctl.output.run_info import RunInfo
    from abmctl.registry import Registry

LintRun = tuple["FindingsReport", "RunInfo", int, "Registry"]
MAX_PASSES = 5


class Lint(Protocol):
    """One lint of the registry as it is now; `held`: its notes (the activity read, stale
    activity) kept there rather than said."""

    def __call__(self, held: list[str] | None = None) -> LintRun: ...


def show_diff(lint: Lint, out: Destination, exit_zero: bool) -> None:
    """`--diff`: the edits of the first pass as a unified diff; exit 1 when there are any."""
    from abmctl.catalogue.fixes import plan_fixes
    from abmctl.output.file_diff import render_diff

    report, _, _, reg = lint()
    plan = plan_fixes(reg, report.findings)
    out.write(render_diff(plan.changes))
    _note_left(plan, out)
    if plan.changes:
        out.note(f"{plural(len(plan.fixed), 'finding')} in "
                 f"{plural(len(plan.changes), 'file')} would be fixed; "
                 "`abmctl lint --fix` writes the fixes")
    else:
        out.note("nothing to fix")
    raise typer.Exit(1 if plan.changes and not exit_zero else 0)


def fix_then_lint(lint: Lint, out: Destination) -> tuple[FindingsReport, RunInfo, int]:
    """`--fix`: write the fixes (every file of a pass or none), lint again; what remains.
    The notes of a lint (the activity as the registry reads it, stale activity) are said
    once, the last lint's: those of the registry the report is about."""
    from abmctl.catalogue.fixes import plan_fixes
    from abmctl.tiers.writing import write_all

    held: list[str] = []

    def lint_again() -> LintRun:
        from abmctl.errors import AbmctlError

        held.clear()
        try:
            return lint(held)
        except AbmctlError:  # --strict, say: the notes that led to it, then the error
            _say(held, out)
            raise

    report, run, untouched, reg = lint_again()
    fixed = 0
    files: set[str] = set()
    for _ in range(MAX_PASSES):
        plan = plan_fixes(reg, report.findings)
        if not plan.changes:
            break
        write_all(plan.changes)
        fixed += len(plan.fixed)
        files.update(change.rel for change in plan.changes)
        report, run, untouched, reg = lint_again()
    else:
        plan = plan_fixes(reg, report.findings)
    _note_left(plan, out)
    if fixed:
        out.note(f"fixed {plural(fixed, 'finding')} in {plural(len(files), 'file')}")
    _say(held, out)
    return report, run, untouched


def _say(notes: list[str], out: Destination) -> None:
    for line in notes:
        out.note(line)


def _note_left(plan: FixPlan, out: Destination) -> None:
    for item, why in plan.left:
        out.note(terminal(f"{item.where}: {item.code} not fixed: {why}"))
