"""`abmctl lint [PATHS]`: check the registry against the rule catalogue (SPEC §3, §4).

The whole registry is always loaded (rules are cross-file); PATHS only narrow which findings
are shown, so a pre-commit hook can pass the files it staged.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer

from abmctl.commands.options import RegistryOptions, fail_on_option, format_option, registry_options

if TYPE_CHECKING:
    from abmctl.findings import Severity
    from abmctl.output.findings import FindingsReport
    from abmctl.output.run_info import RunInfo

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
    ) -> None:
        """Check the registry against the rule catalogue (exit 1: findings to fix)."""
        from abmctl.findings import at_or_above
        from abmctl.output import formats, run_info, terminal

        report, run = _lint(opts, paths or [], select, ignore)
        terminal.write(formats.render("findings", fmt, report, terminal.view(fmt)))
        run_info.warn(run)  # the activity sources lint read (for ABM503 and intent)
        raise typer.Exit(1 if at_or_above(report.findings, cast("Severity", fail_on)) else 0)


def _lint(opts: RegistryOptions, paths: list[Path], select: list[str] | None,
          ignore: list[str] | None) -> tuple[FindingsReport, RunInfo]:
    """Load, check, narrow to PATHS: the findings, the date, how many files were checked."""
    from abmctl.catalogue.runner import run_rules
    from abmctl.commands.options import load
    from abmctl.load.sources import sources_findings
    from abmctl.output.findings import findings_report

    chosen, dropped = rule_patterns(select, "--select"), rule_patterns(ignore, "--ignore")
    run = load(opts, clean=False, check=lambda reg: scope_of(paths, reg.root))
    scope = scope_of(paths, run.reg.root)
    extra = sources_findings(run.reg.root)  # registry/signals/sources.yaml
    found = [f for f in run_rules(run.reg, run.context(), ["load", "lint"], chosen, dropped,
                                  extra) if in_scope(f.path, scope)]
    report = findings_report(found, run.as_of, sum(1 for rel in run.reg.files
                                                   if in_scope(rel, scope)))
    return report, run.run_info


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


def scope_of(paths: list[Path], root: Path) -> list[str]:
    """PATHS as registry-relative prefixes; [] when the whole registry is in scope."""
    from abmctl.errors import AbmctlError

    base = root.resolve()
    scope: list[str] = []
    for given in paths:
        candidates = [given] if given.is_absolute() else [Path.cwd() / given, root / given]
        existing = [c.resolve() for c in candidates if c.exists()]
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
