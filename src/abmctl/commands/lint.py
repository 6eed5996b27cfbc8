"""`abmctl lint [PATHS]`: check the registry against the rule catalogue (SPEC §3, §4).

The whole registry is always loaded (rules are cross-file); PATHS only narrow which findings
are shown, so a pre-commit hook can pass the files it staged.
"""

from __future__ import annotations

import enum
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from abmctl.commands.options import (
    AsOfOption,
    DateFormatOption,
    RootOption,
    SignalsFormatOption,
    SignalsMapOption,
    SignalsOption,
    StrictOption,
)

if TYPE_CHECKING:
    from abmctl.findings import Finding


class FindingsFormat(enum.StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class FailOn(enum.StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(help="Only report findings in these files or folders (relative to the "
                   "current folder or the registry root). The whole registry is still read.",
                   metavar="PATHS", show_default=False),
]
FormatOption = Annotated[
    FindingsFormat,
    typer.Option("--format", help="text, json (stable, version 1), github (workflow "
                 "annotations) or sarif (code scanning).", case_sensitive=False),
]
FailOnOption = Annotated[
    FailOn,
    typer.Option("--fail-on", help="Exit 1 when a finding is at or above this severity.",
                 case_sensitive=False),
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
    def lint_command(
        paths: PathsArgument = None,
        root: RootOption = None,
        as_of: AsOfOption = None,
        fmt: FormatOption = FindingsFormat.text,
        fail_on: FailOnOption = FailOn.error,
        select: SelectOption = None,
        ignore: IgnoreOption = None,
        signals: SignalsOption = None,
        signals_format: SignalsFormatOption = "canonical",
        signals_map: SignalsMapOption = None,
        date_format: DateFormatOption = None,
        strict: StrictOption = False,
    ) -> None:
        """Check the registry against the rule catalogue (exit 1: findings to fix)."""
        import gc

        from abmctl.findings import at_or_above

        # A short run over many acyclic objects: the cycle collector only costs time here.
        # Put back what was there: switching it on after the run (when `cli.main` had it off)
        # made its first pass walk every object the run had built, 0.1-0.2 s at 10,000 accounts.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            found, checked, day = _lint(paths or [], root, as_of, select, ignore, signals,
                                        signals_format, signals_map, date_format, strict)
            emit(render_findings(found, fmt, day, checked))
        finally:
            if was_enabled:
                gc.enable()
        raise typer.Exit(1 if at_or_above(found, fail_on.value) else 0)


def _lint(
    paths: list[Path], root: Path | None, as_of: str | None, select: list[str] | None,
    ignore: list[str] | None, signals: list[Path] | None, signals_format: str,
    signals_map: Path | None, date_format: str | None, strict: bool,
) -> tuple[list[Finding], int, date]:
    """Load, check, narrow to PATHS: the findings, how many files were checked, the date."""
    from abmctl.catalogue.runner import run_rules
    from abmctl.commands import options as common

    day = common.parse_date(as_of)
    chosen, dropped = rule_patterns(select, "--select"), rule_patterns(ignore, "--ignore")
    reg = common.open_registry(root)
    scope = scope_of(paths, reg.root)
    activity = common.read_activity(reg, signals, signals_format, signals_map, date_format,
                                    strict)
    ctx = common.build_context(reg, day, activity)
    found = [f for f in run_rules(reg, ctx, ["load", "lint"], chosen, dropped)
             if in_scope(f.path, scope)]
    return found, sum(1 for rel in reg.files if in_scope(rel, scope)), day


def render_findings(found: list[Finding], fmt: FindingsFormat, day: date, checked: int) -> str:
    from abmctl.commands.options import wants_color
    from abmctl.output.findings import render

    color = fmt is FindingsFormat.text and wants_color()
    return render(found, fmt.value, day, files_checked=checked, color=color)


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


def emit(text: str) -> None:
    """Write a report to stdout; characters the stream cannot encode become '?'."""
    import sys

    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        encoding = sys.stdout.encoding or "ascii"
        sys.stdout.write(text.encode(encoding, "replace").decode(encoding))
    sys.stdout.flush()
