"""`abmctl lint [PATHS]`: check the registry against the rule catalogue.

The whole registry is always loaded (rules are cross-file); PATHS only narrow which findings
are shown, so a pre-commit hook can pass the files it staged.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer

from abmctl.commands.options import (
    RegistryOptions,
    fail_on_option,
    format_option,
    one_of,
    registry_options,
)
from abmctl.output.escape import terminal
from abmctl.output.text import plural

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from abmctl.catalogue.base import Context, Family
    from abmctl.findings import Finding, Severity
    from abmctl.output.findings import FindingsReport
    from abmctl.output.run_info import RunInfo
    from abmctl.registry import Registry

PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(help="Only report findings in these files or folders (relative to the "
                   "current folder or the registry root). The whole registry is still read.",
                   metavar="PATHS", show_default=False),
]
SelectOption = Annotated[
    list[str] | None,
    typer.Option("--select", help="Only these rule codes (comma-separated or repeated; a "
                 "prefix such as ABM2 selects the family).", metavar="CODES"),
]
IgnoreOption = Annotated[
    list[str] | None,
    typer.Option("--ignore", help="Leave out these rule codes (comma-separated or repeated; "
                 "prefixes allowed).", metavar="CODES"),
]

ChangedSinceOption = Annotated[
    str | None,
    typer.Option("--changed-since", help="Only findings on records added or changed since "
                 "this git revision (e.g. origin/main), compared with the working tree; the "
                 "rest are counted in one line on stderr.", metavar="REV"),
]
ExitZeroOption = Annotated[
    bool, typer.Option("--exit-zero", help="Exit 0 even when findings are at or above "
                       "--fail-on (exit 2 still means lint could not run)."),
]
StatisticsOption = Annotated[
    bool, typer.Option("--statistics", help="Print how many findings each rule code has "
                       "instead of the findings (--format text or json)."),
]
FixOption = Annotated[
    bool, typer.Option("--fix", help="Fix what needs no judgement (findings marked [*]), "
                       "write the files, then report what remains."),
]
DiffOption = Annotated[
    bool, typer.Option("--diff", help="Print the edits --fix would make as a unified diff "
                       "and write nothing (exit 1: something to fix)."),
]


def register(app: typer.Typer) -> None:
    @app.command("lint")
    @registry_options
    def lint_command(
        opts: RegistryOptions,
        paths: PathsArgument = None,
        fmt: Annotated[str, format_option("findings")] = "text",
        fail_on: Annotated[str, fail_on_option("a finding")] = "error",
        select: SelectOption = None,
        ignore: IgnoreOption = None,
        changed_since: ChangedSinceOption = None,
        exit_zero: ExitZeroOption = False,
        statistics: StatisticsOption = False,
        fix: FixOption = False,
        diff: DiffOption = False,
    ) -> None:
        """Check the registry against the rule catalogue (exit 1: findings to fix)."""
        from abmctl.findings import at_or_above
        from abmctl.output import formats

        kind = "statistics" if statistics else "findings"
        if statistics:
            one_of("--format (with --statistics)", fmt, formats.names("statistics"))
        out = opts.destination()

        def run_lint(held: list[str] | None = None,
                     ) -> tuple[FindingsReport, RunInfo, int, Registry]:
            """One lint; `held`: its notes kept there rather than said (`--fix`)."""
            from dataclasses import replace

            run_opts = opts if held is None else replace(opts, held=held)
            return _lint(run_opts, paths or [], select, ignore, changed_since)

        if diff:
            from abmctl.commands.lint_fix import show_diff

            one_of("--format (with --diff)", fmt, ["text"])
            show_diff(run_lint, out, exit_zero)
        if fix:
            from abmctl.commands.lint_fix import fix_then_lint

            report, run, untouched = fix_then_lint(run_lint, out)
        else:
            report, run, untouched, _ = run_lint()
        out.write(formats.render(kind, fmt, report, out.view(fmt)))
        if changed_since is not None and untouched:
            out.note(f"{plural(untouched, 'finding')} on records this change did not touch "
                     f"(since {terminal(changed_since)}), not shown")
        out.warn(run)  # the activity sources lint read (for ABM503 and intent)
        failed = at_or_above(report.findings, cast("Severity", fail_on))
        raise typer.Exit(1 if failed and not exit_zero else 0)


def _lint(opts: RegistryOptions, paths: list[Path], select: list[str] | None,
          ignore: list[str] | None,
          changed_since: str | None) -> tuple[FindingsReport, RunInfo, int, Registry]:
    """Load, check, narrow to PATHS (and to the records touched since `changed_since`): the
    report (findings, date, files checked), the run's facts, how many findings were left
    out as on untouched records, and the registry checked."""
    from abmctl.commands.options import load
    from abmctl.output.findings import findings_report

    chosen, dropped = rule_patterns(select, "--select"), rule_patterns(ignore, "--ignore")
    checked_here(chosen)
    run = load(opts, clean=False, check=lambda reg: scope_of(paths, reg.root))
    scope = scope_of(paths, run.reg.root)
    found = [f for f in lint_findings(run.reg, run.context(), chosen, dropped)
             if in_scope(f.path, scope)]
    untouched = 0
    if changed_since is not None:
        from abmctl.load.changed import changes_since

        changes = changes_since(run.reg.root, run.reg.files, changed_since)
        shown = [f for f in found if changes.touches(f)]
        untouched, found = len(found) - len(shown), shown
    report = findings_report(found, run.as_of, sum(1 for rel in run.reg.files
                                                   if in_scope(rel, scope)))
    return report, run.run_info, untouched, run.reg


LINT_FAMILIES: tuple[Family, ...] = ("load", "lint")  # the rules `abmctl lint` runs


def lint_findings(reg: Registry, ctx: Context, chosen: Sequence[str] = (),
                  dropped: Sequence[str] = (),
                  made: Mapping[str, list[Finding]] | None = None) -> list[Finding]:
    """Every finding of the catalogue on the registry as it is (with registry/signals/
    sources.yaml's), after lint.yaml and suppressions; `chosen`, `dropped`: --select and
    --ignore; `made`: the findings of rules already run (`runner.registry_rules` of
    `LINT_FAMILIES`). What `abmctl lint` reports, and `abmctl report`'s list-health page
    counts."""
    from abmctl.catalogue.runner import run_rules
    from abmctl.load.sources import sources_findings

    extra = sources_findings(reg.root)  # registry/signals/sources.yaml
    return run_rules(reg, ctx, LINT_FAMILIES, chosen, dropped, extra, made)


def rule_patterns(values: list[str] | None, option: str) -> list[str]:
    """`--select ABM2,ABM301 --select ABM4` → codes/prefixes; each must name a rule."""
    from abmctl.catalogue import catalogue
    from abmctl.catalogue.base import similar_codes
    from abmctl.errors import AbmctlError

    patterns = [p.strip().upper() for v in values or [] for p in v.split(",") if p.strip()]
    codes = list(catalogue()) if patterns else []
    for pattern in patterns:
        if not any(code.startswith(pattern) for code in codes):
            guess = similar_codes(pattern, codes)
            hint = f"; did you mean {', '.join(guess)}?" if guess else "; see `abmctl rules`"
            raise AbmctlError(f"{option}: no rule code starts with {pattern!r}{hint}")
    return patterns


def checked_here(patterns: list[str]) -> None:
    """A --select pattern that names only rules another command checks (overlap's ABM6xx,
    tiers diff's ABM208 and ABM209) is exit 2 naming that command: lint would report a clean
    registry."""
    from abmctl.catalogue import catalogue
    from abmctl.catalogue.runner import checked_by
    from abmctl.errors import AbmctlError

    rules = catalogue() if patterns else {}
    for pattern in patterns:
        by = sorted({checked_by(rule) for code, rule in rules.items()
                     if code.startswith(pattern)})
        if "lint" in by:
            continue
        others = " or ".join(f"`abmctl {command}`" for command in by)
        if pattern in rules:
            raise AbmctlError(f"--select: lint does not check {pattern}; {others} does "
                              f"(`abmctl rules {pattern}`)")
        raise AbmctlError(f"--select: lint checks no rule starting with {pattern!r}; "
                          f"{others} checks them")


def scope_of(paths: list[Path], root: Path) -> list[str]:
    """PATHS as registry-relative prefixes; [] when the whole registry is in scope."""
    from abmctl.errors import AbmctlError

    base = root.resolve()
    scope: list[str] = []
    for given in paths:
        candidates = [given] if given.is_absolute() else [Path.cwd() / given, root / given]
        try:
            existing = [c.resolve() for c in candidates if c.exists()]
        except OSError as exc:  # a name too long for the file system, a folder unsearchable
            raise AbmctlError(f"cannot read it: {exc.strerror or exc}", path=str(given)) from None
        if not existing:
            raise AbmctlError("no such file or folder", path=str(given))
        inside = [c for c in existing if c == base or base in c.parents]
        if not inside:
            raise AbmctlError(f"not inside the registry root {root}", path=str(given))
        rel = inside[0].relative_to(base).as_posix()
        if rel == ".":
            return []
        scope.append(rel)
    return scope


def in_scope(path: str | None, scope: list[str]) -> bool:
    if not scope:
        return True
    return path is not None and any(path == s or path.startswith(s + "/") for s in scope)
